package dev.beneath.internal.procfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.procfs.ProcFs.Source;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The verified procfs handle: every source opens and proves itself, reopens a descriptor as
 * the same object and names it; and a mount stacked over {@code /proc/<pid>/fd}, or over one
 * descriptor's magic link, is refused by the host source while the private instance never
 * sees it.
 */
class ProcFsTest {
    @TempDir
    Path tmp;
    Tree tree;

    @BeforeEach
    void setUp() {
        tree = new Tree(tmp).file("f", "content").file("decoy", "decoy").dir("d");
    }

    private static OwnedFd openPath(Path p) throws SyscallException {
        return OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, p.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_CLOEXEC, 0));
    }

    private static void assumeSourceAvailable(Source s) {
        if (s != Source.HOST) {
            // fsopen and open_tree(OPEN_TREE_CLONE) need CAP_SYS_ADMIN
            Assumptions.assumeTrue(TestEnv.isRoot(), "the " + s + " source needs root");
        }
    }

    private static String read(OwnedFd fd) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            long n = Sys.read(fd.get(), buf, 0);
            return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), UTF_8);
        }
    }

    /** Reopens {@code pathFd} read-only through {@code proc} and checks it is the same object. */
    private static void assertReopens(ProcFs proc, OwnedFd pathFd, String expectedContent) throws SyscallException {
        try (OwnedFd reopened = proc.reopen(pathFd.get(), Linux.O_RDONLY)) {
            Statx was = Sys.fstatx(pathFd.get(), Linux.STATX_INO);
            Statx now = Sys.fstatx(reopened.get(), Linux.STATX_INO);
            assertTrue(was.sameInode(now), "reopen gave another object");
            assertEquals(expectedContent, read(reopened));
        }
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void eachSourceOpensVerifiesReopensAndNames(Source source) throws Exception {
        assumeSourceAvailable(source);
        try (ProcFs proc = ProcFs.open(source); OwnedFd f = openPath(tree.path("f")); OwnedFd d = openPath(tree.path("d"))) {
            assertEquals(source, proc.source());
            assertReopens(proc, f, "content");
            assertEquals(tree.path("f").toRealPath().toString(), new String(proc.pathOf(f.get()), UTF_8));
            assertEquals(tree.path("d").toRealPath().toString(), new String(proc.pathOf(d.get()), UTF_8));

            // reopen for writing, and for listing a directory
            try (OwnedFd w = proc.reopen(f.get(), Linux.O_WRONLY | Linux.O_TRUNC)) {
                assertTrue(w.get() >= 0);
            }
            assertEquals("", Files.readString(tree.path("f")));
            try (OwnedFd dir = proc.reopen(d.get(), Linux.O_RDONLY | Linux.O_DIRECTORY)) {
                assertTrue(Sys.readDirectory(dir.get()).isEmpty());
            }

            // the object, not the name: renamed and replaced, the descriptor still reopens the old file
            Files.move(tree.path("decoy"), tree.path("moved"));
            try (OwnedFd moved = openPath(tree.path("moved"))) {
                Files.writeString(tree.path("decoy"), "new file at the old name");
                assertReopens(proc, moved, "decoy");
                assertEquals(tree.path("moved").toRealPath().toString(), new String(proc.pathOf(moved.get()), UTF_8));
            }
        }
    }

    /**
     * The checked reopen: the object the descriptor holds on every source; where the source
     * compares inodes (all but the private instance, where the magic link cannot lead anywhere
     * else), an expectation that does not match is refused and the reopened descriptor closed.
     */
    @ParameterizedTest
    @EnumSource(Source.class)
    void reopenExactlyGivesTheDescriptorsObject(Source source) throws Exception {
        assumeSourceAvailable(source);
        try (ProcFs proc = ProcFs.open(source); OwnedFd f = openPath(tree.path("f")); OwnedFd d = openPath(tree.path("d"))) {
            Statx was = Sys.fstatx(f.get(), Linux.STATX_INO | Linux.STATX_TYPE);
            try (OwnedFd reopened = proc.reopenExactly(f.get(), Linux.O_RDONLY, was)) {
                assertTrue(was.sameInode(Sys.fstatx(reopened.get(), Linux.STATX_INO)));
                assertEquals("content", read(reopened));
            }
            Statx other = Sys.fstatx(d.get(), Linux.STATX_INO);
            int before = dev.beneath.testkit.TestEnv.openFdCount();
            if (source == Source.PRIVATE_INSTANCE) {
                proc.reopenExactly(f.get(), Linux.O_RDONLY, other).close(); // nothing to compare: by construction
            } else {
                SyscallException e = assertThrows(SyscallException.class,
                        () -> proc.reopenExactly(f.get(), Linux.O_RDONLY, other));
                assertEquals(ErrnoNames.EXDEV, e.errno());
            }
            assertEquals(before, dev.beneath.testkit.TestEnv.openFdCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aDescriptorThatIsNotOpenIsENOENT(Source source) throws Exception {
        assumeSourceAvailable(source);
        int notOpen;
        try (ProcFs proc = ProcFs.open(source)) {
            try (OwnedFd f = openPath(tree.path("f"))) {
                notOpen = f.get();
            }
            SyscallException e = assertThrows(SyscallException.class, () -> proc.reopen(notOpen, Linux.O_RDONLY));
            assertEquals(ErrnoNames.ENOENT, e.errno());
            e = assertThrows(SyscallException.class, () -> proc.pathOf(notOpen));
            assertEquals(ErrnoNames.ENOENT, e.errno());
        }
    }

    @Test
    void theSharedHandleIsTheStrongestSourceAvailable() throws Exception {
        ProcFs shared = ProcFs.shared();
        if (TestEnv.isRoot()) {
            assertEquals(Source.PRIVATE_INSTANCE, shared.source());
        }
        try (OwnedFd f = openPath(tree.path("f"))) {
            assertReopens(shared, f, "content");
        }
    }

    /** Where a tmpfs gets mounted to hide the real procfs from a lookup through the host's {@code /proc}. */
    enum Overmount {
        /** all of {@code /proc}: the detached clone copies the tmpfs then, and must refuse too */
        PROC,
        /** {@code /proc/<pid>}, the directory {@code /proc/self} points to */
        PID_DIRECTORY,
        /** {@code /proc/<pid>/fd} */
        FD_DIRECTORY;

        byte[] target() {
            String path = switch (this) {
                case PROC -> "/proc";
                case PID_DIRECTORY -> "/proc/" + Sys.getpid();
                case FD_DIRECTORY -> "/proc/" + Sys.getpid() + "/fd";
            };
            return path.getBytes(UTF_8);
        }
    }

    /**
     * A tmpfs mounted over {@code /proc}, {@code /proc/<pid>} or {@code /proc/<pid>/fd}
     * ({@code /proc/self} is a symlink, so the mount goes onto the directory it resolves to)
     * would let whoever mounted it decide what "reopening descriptor N" opens. The host source
     * refuses to open with {@code EXDEV}; the private instance never sees the mount and still
     * reopens the right object; the detached clone does not copy mounts stacked below
     * {@code /proc}, only a mount over {@code /proc} itself, which it then refuses.
     */
    @ParameterizedTest
    @EnumSource(Overmount.class)
    void aMountOverProcIsRefusedByTheHostSource(Overmount where) throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        byte[] target = where.target();
        try (ProcFs hostBefore = ProcFs.open(Source.HOST); OwnedFd f = openPath(tree.path("f"))) {
            Sys.mount("tmpfs", target, "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, "mode=0755");
            try {
                // the mount is really there: the path now shows an empty tmpfs
                try (OwnedFd t = openPath(Path.of(new String(target, UTF_8)))) {
                    assertEquals(TMPFS_MAGIC, Sys.fstatfsType(t.get()));
                }

                SyscallException e = assertThrows(SyscallException.class, () -> ProcFs.open(Source.HOST));
                assertEquals(ErrnoNames.EXDEV, e.errno(), e.getMessage());

                try (ProcFs priv = ProcFs.open(Source.PRIVATE_INSTANCE)) {
                    assertReopens(priv, f, "content");
                    assertEquals(tree.path("f").toRealPath().toString(), new String(priv.pathOf(f.get()), UTF_8));
                }
                if (where == Overmount.PROC) {
                    e = assertThrows(SyscallException.class, () -> ProcFs.open(Source.DETACHED_CLONE));
                    assertEquals(ErrnoNames.EXDEV, e.errno(), e.getMessage());
                } else {
                    try (ProcFs clone = ProcFs.open(Source.DETACHED_CLONE)) {
                        assertReopens(clone, f, "content");
                    }
                }
                // opened before the mount, the host handle holds the real fd directory below it
                assertReopens(hostBefore, f, "content");
            } finally {
                Sys.umount2(target, Linux.MNT_DETACH);
            }
            try (ProcFs host = ProcFs.open(Source.HOST)) {
                assertReopens(host, f, "content");
            }
        }
    }

    private static final long TMPFS_MAGIC = 0x01021994L;

    /**
     * A file bind-mounted over one descriptor's magic link {@code /proc/<pid>/fd/N} would make
     * opening that entry open the mounted file instead of the object descriptor N holds. Kernels
     * may refuse such a mount (this one answers {@code ENOENT}); where one is allowed, the host
     * source must notice the foreign mount on the entry and refuse with {@code EXDEV}. Either
     * way the private instance reopens the right object.
     */
    @Test
    void aMountOverOneMagicLinkIsRefusedOrNoticed() throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        try (ProcFs host = ProcFs.open(Source.HOST);
             ProcFs priv = ProcFs.open(Source.PRIVATE_INSTANCE);
             OwnedFd f = openPath(tree.path("f"))) {
            byte[] entry = ("/proc/" + Sys.getpid() + "/fd/" + f.get()).getBytes(UTF_8);
            boolean mounted;
            try (OwnedFd decoyTree = OwnedFd.adopt(Sys.openTree(Linux.AT_FDCWD,
                         tree.path("decoy").toString().getBytes(UTF_8), Linux.OPEN_TREE_CLONE | Linux.O_CLOEXEC));
                 OwnedFd link = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, entry,
                         Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0))) {
                // onto the link itself, not onto what it points to
                Sys.moveMount(decoyTree.get(), new byte[0], link.get(), new byte[0],
                        Linux.MOVE_MOUNT_F_EMPTY_PATH | Linux.MOVE_MOUNT_T_EMPTY_PATH);
                mounted = true;
            } catch (SyscallException refused) {
                mounted = false;
                System.out.println("[procfs] the kernel refuses a mount over a magic link: " + refused.getMessage());
            }
            try {
                if (mounted) {
                    SyscallException e = assertThrows(SyscallException.class,
                            () -> host.reopen(f.get(), Linux.O_RDONLY));
                    assertEquals(ErrnoNames.EXDEV, e.errno(), e.getMessage());
                    e = assertThrows(SyscallException.class, () -> host.pathOf(f.get()));
                    assertEquals(ErrnoNames.EXDEV, e.errno(), e.getMessage());
                } else {
                    assertReopens(host, f, "content");
                }
                assertReopens(priv, f, "content");
            } finally {
                if (mounted) {
                    Sys.umount2(entry, Linux.MNT_DETACH | Linux.UMOUNT_NOFOLLOW);
                }
            }
            assertReopens(host, f, "content");
        }
    }

    private List<String> mountsBefore;

    @BeforeEach
    void recordMounts() throws IOException {
        mountsBefore = mountPoints();
    }

    /** Every test unmounts what it mounted, whether it passed or not. */
    @AfterEach
    void noMountIsLeftBehind() throws IOException {
        assertEquals(mountsBefore, mountPoints());
    }

    private static List<String> mountPoints() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4])
                .sorted()
                .toList();
    }
}
