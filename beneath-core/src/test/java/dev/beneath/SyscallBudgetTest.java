package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.resolve.Backends;
import dev.beneath.internal.resolve.Lookup;
import dev.beneath.internal.resolve.Resolver;
import dev.beneath.internal.resolve.RootMount;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallCounter;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * System calls per operation, counted in the syscall layer: a change that adds one to the
 * hot paths fails here. The budgets are the ones docs/PERFORMANCE.md explains call by call.
 * Counts are of the calling thread only and start after a warm-up, so what is done once per
 * process (the procfs handle, the backend probe) is not in them.
 */
class SyscallBudgetTest {
    private static final int[] DEPTHS = {1, 2, 4, 8};
    /** What each measured operation cost, printed once at the end for the performance notes. */
    private static final Map<String, Long> SEEN = Collections.synchronizedMap(new TreeMap<>());

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        Tree tree = new Tree(tmp).fifo("fifo");
        for (int depth : DEPTHS) {
            tree.file(path(depth), "content");
        }
        try (Root root = Root.open(tmp)) { // the procfs handle and the probe, once per process
            root.readAllBytes(path(1));
        }
    }

    private static String path(int depth) {
        return "d/".repeat(depth - 1) + "f" + depth;
    }

    /** The calls {@code action} makes on this thread. */
    private static long count(String label, IoAction action) throws Exception {
        try (SyscallCounter counter = SyscallCounter.start()) {
            action.run();
            long calls = counter.calls();
            SEEN.put(label, calls);
            return calls;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws Exception;
    }

    /** {@code root} after one lookup: what a root learns once (its filesystem) is not in the counts. */
    private static Root warmed(Root root) throws IOException {
        root.resolve(path(1)).close();
        return root;
    }

    /**
     * What the emulated walk adds to a lookup besides one openat and one close per component:
     * the statx that tells whether the last component is a symlink to follow. The same statx
     * reports the object's mount; on the root's own mount (learnt once per root) it is on the
     * root's filesystem, so the fstatfs that refuses procfs and sysfs is not needed, as the
     * openat2 backend's RESOLVE_NO_XDEV proves the same.
     */
    private static final int EMULATED_LOOKUP_EXTRA = 1;
    /** The fstatfs the emulated walk pays when the mount id cannot tell (see the fallback test). */
    private static final int FILESYSTEM_CHECK = 1;

    /** What the verified reopen costs beyond a private procfs instance's single openat. */
    private static int procfsExtra() throws Exception {
        return switch (ProcFs.shared().source()) {
            case PRIVATE_INSTANCE -> 0;
            case DETACHED_CLONE -> 1; // the inode comparison
            case HOST -> 2;           // and the check for a mount on the magic link
        };
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void openForReadingStaysWithinBudget(Backend backend) throws Exception {
        int extra = procfsExtra();
        try (Root root = warmed(Root.open(tmp, backend))) {
            for (int depth : DEPTHS) {
                String p = path(depth);
                long open = count(backend + " open depth " + depth, () -> {
                    try (FileChannel c = root.newFileChannel(p)) {
                        assertEquals(7, c.size());
                    }
                });
                // the channel's size() and close() are two calls of their own
                // openat2: openat2, statx, openat, fcntl, close; emulated: depth + 4 besides the closes
                long budget = 2 + extra + (backend == Backend.OPENAT2 ? 5
                        : depth + EMULATED_LOOKUP_EXTRA + 3 + closesOfWalk(depth));
                assertTrue(open <= budget, backend + " open of a depth-" + depth + " file: " + open
                        + " system calls, budget " + budget);
            }
        }
    }

    /**
     * The emulated walk closes each directory it opened on the way (as the C openat walk
     * does), and the open closes the lookup's own descriptor: {@code depth} closes, which the
     * budget of "depth + 4" counts apart.
     */
    private static int closesOfWalk(int depth) {
        return depth;
    }

    /**
     * Told nothing of the root's mount (a kernel whose statx reports no mount id), the emulated
     * walk checks every object's filesystem as it always did: exactly one call more, on resolve
     * and on open alike, so the fast path above is what skipped it.
     */
    @Test
    void emulatedWalkWithoutTheRootsMountChecksTheFilesystem() throws Exception {
        int extra = procfsExtra();
        int flags = ResolveOptions.DEFAULT.lookupFlags() | Lookup.ROOT_ON_PLAIN_FILESYSTEM;
        Resolver walk = Backends.EMULATED;
        try (OwnedFd rootFd = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, tmp.toString().getBytes(StandardCharsets.UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            RootMount known = walk.rootMount(rootFd.get());
            assertNotEquals(RootMount.UNKNOWN, known, "statx reports mount ids from Linux 5.8");
            for (int depth : DEPTHS) {
                byte[] p = path(depth).getBytes(StandardCharsets.UTF_8);
                long fast = count("EMULATED resolve (root's mount known) depth " + depth,
                        () -> walk.resolve(rootFd.get(), p, flags, known).close());
                long fallback = count("EMULATED resolve (fstatfs fallback) depth " + depth,
                        () -> walk.resolve(rootFd.get(), p, flags, RootMount.UNKNOWN).close());
                assertEquals(depth + EMULATED_LOOKUP_EXTRA + closesOfWalk(depth), fast, "depth " + depth);
                assertEquals(fast + FILESYSTEM_CHECK, fallback, "depth " + depth);
                long open = count("EMULATED open (fstatfs fallback) depth " + depth, () -> {
                    try (Handle h = new Handle(walk.resolve(rootFd.get(), p, flags, RootMount.UNKNOWN),
                            path(depth), tmp, Backend.EMULATED, ResolveOptions.DEFAULT)) {
                        h.reopen(Linux.O_RDONLY | Linux.O_CLOEXEC, true).fd().close();
                    }
                });
                // depth + 5 besides the closes, and the reopened descriptor's close
                long budget = 1 + extra + depth + EMULATED_LOOKUP_EXTRA + FILESYSTEM_CHECK + 3 + closesOfWalk(depth);
                assertTrue(open <= budget, "fallback open of a depth-" + depth + " file: " + open
                        + " system calls, budget " + budget);
            }
        }
    }

    /**
     * An object on another mount inside the root still gets its fstatfs on the emulated walk,
     * and one on procfs is refused: the mount id skips the check only for the root's own mount.
     */
    @Test
    void emulatedObjectOnAnotherMountIsStillChecked() throws Exception {
        assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        new Tree(tmp).dir("tmpfs").dir("proc");
        byte[] tmpfs = tmp.resolve("tmpfs").toString().getBytes(StandardCharsets.UTF_8);
        byte[] proc = tmp.resolve("proc").toString().getBytes(StandardCharsets.UTF_8);
        Sys.mount("tmpfs", tmpfs, "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, null);
        try {
            Sys.mount("proc", proc, "proc", Linux.MS_NOSUID | Linux.MS_NODEV, null);
            try {
                Files.writeString(tmp.resolve("tmpfs/f2"), "content");
                try (Root root = warmed(Root.open(tmp, Backend.EMULATED))) {
                    long sameMount = count("EMULATED resolve depth 2, root's mount",
                            () -> root.resolve(path(2)).close());
                    long otherMount = count("EMULATED resolve depth 2, a tmpfs inside",
                            () -> root.resolve("tmpfs/f2").close());
                    assertEquals(sameMount + FILESYSTEM_CHECK, otherMount);
                    long refused = count("EMULATED refuse depth 2, a procfs inside", () -> {
                        IOException e = assertThrows(IOException.class, () -> root.resolve("proc/version"));
                        assertEquals("EXDEV", ((PathError) e).errno().name(), e.toString());
                    });
                    assertEquals(sameMount + FILESYSTEM_CHECK, refused);
                    IOException e = assertThrows(IOException.class, () -> root.newFileChannel("proc/version").close());
                    assertEquals("EXDEV", ((PathError) e).errno().name(), e.toString());
                    assertArrayEquals("content".getBytes(StandardCharsets.UTF_8), root.readAllBytes("tmpfs/f2"));
                }
            } finally {
                Sys.umount2(proc, Linux.MNT_DETACH);
            }
        } finally {
            Sys.umount2(tmpfs, Linux.MNT_DETACH);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void resolveAndWholeFileReadsStayWithinBudget(Backend backend) throws Exception {
        int extra = procfsExtra();
        try (Root root = warmed(Root.open(tmp, backend))) {
            for (int depth : DEPTHS) {
                String p = path(depth);
                long resolve = count(backend + " resolve depth " + depth, () -> root.resolve(p).close());
                long expectedResolve = backend == Backend.OPENAT2 ? 2 : depth + EMULATED_LOOKUP_EXTRA + closesOfWalk(depth);
                assertTrue(resolve <= expectedResolve, backend + " resolve depth " + depth + ": " + resolve
                        + " system calls, budget " + expectedResolve);

                long read = count(backend + " readAllBytes depth " + depth,
                        () -> assertArrayEquals("content".getBytes(StandardCharsets.UTF_8), root.readAllBytes(p)));
                // the open, then read until a read returns 0, then close
                assertTrue(read <= resolve + 3 + extra + 3, backend + " readAllBytes depth " + depth + ": " + read
                        + " system calls, budget " + (resolve + 6 + extra));

                count(backend + " write depth " + depth, () -> root.writeString(p, "content"));
                count(backend + " write ATOMIC_REPLACE depth " + depth,
                        () -> root.writeString(p, "content", WriteOption.ATOMIC_REPLACE));
            }
        }
    }

    /** A fifo or a device node is refused from the statx of the handle: nothing is ever opened. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void specialFilesAreRefusedBeforeAnyOpen(Backend backend) throws Exception {
        boolean device = TestEnv.isRoot();
        if (device) {
            Sys.mknodat(Linux.AT_FDCWD, tmp.resolve("null").toString().getBytes(StandardCharsets.UTF_8),
                    0020600, (1L << 8) | 3); // a character device, as /dev/null
        }
        try (Root root = warmed(Root.open(tmp, backend))) {
            for (String name : device ? new String[] {"fifo", "null"} : new String[] {"fifo"}) {
                long calls = count(backend + " refuse " + name, () -> {
                    PathError e = (PathError) org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                            () -> root.newFileChannel(name));
                    assertEquals(Errno.EINVAL, e.errno());
                });
                // the lookup, the handle's statx, its close: no open for I/O
                assertTrue(calls <= (backend == Backend.OPENAT2 ? 3 : 2 + EMULATED_LOOKUP_EXTRA + 1), backend + " refusing " + name + ": "
                        + calls + " system calls");
            }
        }
        assumeTrue(device, "device nodes need root");
    }

    /** Counting is per thread: another thread's calls never show in this thread's count. */
    @Test
    void countsOnlyTheCallingThread() throws Exception {
        try (Root root = Root.open(tmp); SyscallCounter counter = SyscallCounter.start()) {
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    root.readAllBytes(path(8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            other.join();
            assertEquals(0, counter.calls());
            root.resolve(path(1)).close();
            assertTrue(counter.calls() >= 2);
        }
    }

    @AfterAll
    static void report() {
        SEEN.forEach((k, v) -> System.out.printf("syscalls %-40s %d%n", k, v));
    }
}
