package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.Census;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A copy is all or nothing, and a tree copy cannot be redirected: a copy that fails half-way
 * (here: a small tmpfs runs out of space) leaves the old target or none, never a part of the
 * new one and never a temporary name; a tree copy racing a swap of a directory for a symlink,
 * on the source side and on the target side, reads and writes only the directories it
 * started in.
 */
class CopyIntegrityTest {
    @TempDir
    Path base;

    /**
     * {@code root/big}, a 1 MiB file, and {@code root/small}, a 64 KiB tmpfs (mounted inside the
     * test's private mount namespace) it cannot fit in; returns the tmpfs.
     */
    private Path smallTmpfs() throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        new Tree(base).dir("root/small");
        Files.write(base.resolve("root/big"), new byte[1024 * 1024]);
        Path small = base.resolve("root/small");
        Sys.mount("tmpfs", small.toString().getBytes(UTF_8), "tmpfs", 0, "size=64k,mode=0755");
        return small;
    }

    private static void unmount(Path dir) throws Exception {
        Sys.umount2(dir.toString().getBytes(UTF_8), Linux.MNT_DETACH);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aCopyThatRunsOutOfSpaceLeavesNoTarget(Backend backend) throws Exception {
        Path small = smallTmpfs();
        try (Root root = Root.open(base.resolve("root"), backend)) {
            IOException e = assertThrows(IOException.class, () -> root.copy("big", "small/copy"));
            assertTrue(e instanceof PathError pe && pe.errno().name().equals("ENOSPC"), e.toString());
            assertEquals(List.of(), names(small), "neither a partial copy nor a temporary name is left");
        } finally {
            unmount(small);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aFailedReplacingCopyKeepsTheOldTarget(Backend backend) throws Exception {
        Path small = smallTmpfs();
        try (Root root = Root.open(base.resolve("root"), backend)) {
            Files.writeString(small.resolve("old"), "the old content");
            Census before = Census.of(small.resolve("old"));
            assertThrows(IOException.class, () -> root.copy("big", "small/old", StandardCopyOption.REPLACE_EXISTING));
            assertEquals(before, Census.of(small.resolve("old")), "the old target is untouched");
            assertEquals(List.of("old"), names(small), "no temporary name is left");
            // and a copy that fits still replaces it
            Files.writeString(base.resolve("root/fits"), "new");
            root.copy("fits", "small/old", StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            assertEquals("new", Files.readString(small.resolve("old")));
            assertEquals(List.of("old"), names(small));
        } finally {
            unmount(small);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aTreeCopyThatRunsOutOfSpaceLeavesNoPartialFile(Backend backend) throws Exception {
        Path small = smallTmpfs();
        new Tree(base).file("root/tree/a", "a").dir("root/tree/d");
        Files.copy(base.resolve("root/big"), base.resolve("root/tree/d/big"));
        try (Root root = Root.open(base.resolve("root"), backend)) {
            assertThrows(IOException.class, () -> root.copyTree("tree", "small/copy"));
            assertEquals(List.of(), names(small.resolve("copy/d")), "no partial file, no temporary name");
        } finally {
            unmount(small);
        }
    }

    /**
     * The attacker exchanges {@code src/d} with a symlink to {@code decoy} (files of the same
     * names holding a secret) and {@code dst/d} with a symlink to {@code trap} (which must stay
     * empty), while the victim copies {@code src} to {@code dst} again and again. A copy that
     * resolved each entry from the root again would read the decoy or write into the trap.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aTreeCopyIsNotRedirectedByASwapInTheMiddle(Backend backend) throws Exception {
        int files = 40;
        Tree tree = new Tree(base);
        tree.file("outside/secret", "outside").dir("root/trap").dir("root/graveyard");
        for (int i = 0; i < files; i++) {
            tree.file("root/src/d/f" + i, "good").file("root/decoy/f" + i, "SECRET");
        }
        tree.symlink("root/src-link", "../decoy").symlink("root/dst-link", "../trap");
        Path rootDir = base.resolve("root");
        Census outside = Census.of(base.resolve("outside"));
        Census decoy = Census.of(rootDir.resolve("decoy"));
        AtomicInteger round = new AtomicInteger();
        AtomicInteger step = new AtomicInteger();
        Race.Result r;
        try (OwnedFd dir = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, rootDir.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
             Root root = Root.open(rootDir, backend)) {
            r = Race.run("copyTree " + backend, Race.rounds(150), Race.cap(), () -> {
                if (step.getAndIncrement() % 2 == 0) {
                    Sys.renameat2(dir.get(), "src/d".getBytes(UTF_8), dir.get(), "src-link".getBytes(UTF_8),
                            Linux.RENAME_EXCHANGE);
                    return;
                }
                byte[] target = ("dst-" + round.get() + "/d").getBytes(UTF_8);
                Path link = rootDir.resolve("dst-link");
                if (!Files.isSymbolicLink(link)) { // a copied directory was swapped out: put a link back
                    Files.move(link, rootDir.resolve("graveyard/" + step.get()));
                    Files.createSymbolicLink(link, Path.of("../trap"));
                }
                try {
                    Sys.renameat2(dir.get(), target, dir.get(), "dst-link".getBytes(UTF_8), Linux.RENAME_EXCHANGE);
                } catch (dev.beneath.internal.sys.SyscallException notYet) {
                    // the copy has not made dst-N/d yet
                }
            }, () -> {
                String to = "dst-" + round.get();
                String outcome;
                try {
                    root.copyTree("src", to);
                    outcome = "copied";
                } catch (IOException e) {
                    outcome = e instanceof PathError pe ? pe.errno().name() : e.getClass().getSimpleName();
                }
                round.incrementAndGet();
                String secret = secretIn(rootDir.resolve(to));
                if (secret != null) {
                    return Race.Outcome.violation("read the decoy", rootDir.relativize(Path.of(secret)).toString());
                }
                if (!names(rootDir.resolve("trap")).isEmpty()) {
                    return Race.Outcome.violation("wrote into the trap", names(rootDir.resolve("trap")).toString());
                }
                return Race.Outcome.ok(outcome);
            });
        }
        assertTrue(r.exchanges() > 0, "the attacker never ran");
        assertEquals(0, r.violations(), r.summary() + " " + r.firstViolations());
        assertEquals(decoy, Census.of(rootDir.resolve("decoy")), "the decoy changed");
        assertEquals(outside, Census.of(base.resolve("outside")), "something outside the root changed");
    }

    /** A file holding the decoy's secret in the copy, or null; the attacker may still be moving its parts. */
    private static String secretIn(Path copy) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(copy)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException moved) {
            return null;
        }
        for (Path p : files) {
            try {
                if (Files.readString(p).equals("SECRET")) {
                    return p.toString();
                }
            } catch (java.nio.file.NoSuchFileException moved) {
                // swapped away by the attacker since the listing
            }
        }
        return null;
    }
}
