package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost and the confinement of recursive removal. */
class TreeRemovalTest {
    /** The most entries one batch can hold: the smallest getdents64 record is 24 bytes. */
    private static final int MAX_BATCH_ENTRIES = TreeRemoval.BATCH_BYTES / 24;

    @TempDir
    Path base;

    private static OwnedFd directory(Path dir) throws SyscallException {
        return OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, dir.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
    }

    private static long countEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /**
     * N directories holding one file each: every entry is read once (the parent's listing is
     * not read again after each child), so the names read are 2N, not N squared over two.
     */
    @Test
    void eachEntryIsReadOnce() throws Exception {
        int n = 1000;
        Path wide = base.resolve("wide");
        for (int i = 0; i < n; i++) {
            Path d = Files.createDirectories(wide.resolve("d" + i));
            Files.writeString(d.resolve("f"), "x");
        }
        AtomicLong read = new AtomicLong();
        try (OwnedFd parent = directory(base)) {
            TreeRemoval.removeEntry(parent, "wide".getBytes(UTF_8), (dir, entries) -> read.addAndGet(entries));
        }
        assertFalse(Files.exists(wide));
        assertEquals(2L * n, read.get(), "names read from listings");
    }

    /**
     * A tree deeper than the descriptor window: shallow levels lose their listing while their
     * children are emptied and read it again, once per batch rather than once per child, and
     * the descriptors open never exceed the window.
     */
    @Test
    void deepChildrenCostOneRelistingPerBatchAndBoundedDescriptors() throws Exception {
        int children = 350;
        int depth = TreeRemoval.WINDOW + 2;
        Path top = base.resolve("top");
        long entries = children;
        for (int i = 0; i < children; i++) {
            Path p = top.resolve("c" + i);
            for (int level = 0; level < depth; level++) {
                p = p.resolve("l");
                entries++;
            }
            Files.createDirectories(p);
            Files.writeString(p.resolve("f"), "x");
            entries++;
        }
        AtomicLong read = new AtomicLong();
        AtomicInteger mostFds = new AtomicInteger();
        int before = TestEnv.openFdCount();
        try (OwnedFd parent = directory(base)) {
            TreeRemoval.removeEntry(parent, "top".getBytes(UTF_8), (dir, n) -> {
                read.addAndGet(n);
                mostFds.accumulateAndGet(TestEnv.openFdCount(), Math::max);
            });
        }
        assertFalse(Files.exists(top));
        assertEquals(before, TestEnv.openFdCount());
        long batchesOfTop = children / MAX_BATCH_ENTRIES + 2;
        assertTrue(read.get() <= entries + batchesOfTop * children,
                "names read " + read.get() + " for " + entries + " entries");
        assertTrue(mostFds.get() - before <= TreeRemoval.WINDOW + 3,
                "descriptors open during the removal: " + (mostFds.get() - before));
    }

    /** A directory moved out of the tree after its batch was read is not emptied further. */
    @Test
    void aDirectoryMovedOutBeforeItsUnlinksIsLeftAlone() throws Exception {
        Path work = Files.createDirectories(base.resolve("root/work"));
        Path victim = Files.createDirectories(work.resolve("d"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(victim.resolve("f" + i), "x");
        }
        Path outside = Files.createDirectories(base.resolve("outside"));
        long victimIno = (long) Files.getAttribute(victim, "unix:ino");
        AtomicBoolean moved = new AtomicBoolean();
        try (OwnedFd parent = directory(base.resolve("root"))) {
            SyscallException e = assertThrows(SyscallException.class, () -> TreeRemoval.removeEntry(parent,
                    "work".getBytes(UTF_8), (dir, n) -> {
                        if (Sys.fstatx(dir, Linux.STATX_INO).ino() == victimIno && moved.compareAndSet(false, true)) {
                            Sys.renameat2(Linux.AT_FDCWD, victim.toString().getBytes(UTF_8), Linux.AT_FDCWD,
                                    outside.resolve("moved").toString().getBytes(UTF_8), 0);
                        }
                    }));
            assertEquals(ErrnoNames.ESTALE, e.errno());
        }
        assertTrue(moved.get());
        assertEquals(1000, countEntries(outside.resolve("moved")), "entries unlinked after the move");
    }

    /**
     * A real mover renames the directory being emptied out of the root as soon as it sees the
     * removal begin: what it finds outside afterwards lost at most one batch, and the removal
     * fails with {@code ESTALE}, or finished before the move.
     */
    @Test
    void aRacingMoverLosesAtMostOneBatchOutside() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Path kept = Files.createDirectories(outside.resolve("kept"));
        Files.writeString(kept.resolve("keep"), "keep");
        Census outsideBefore = Census.of(kept);
        int subdirs = 1000;
        AtomicReference<Path> armed = new AtomicReference<>();
        AtomicLong countAfterMove = new AtomicLong(-1);
        AtomicInteger round = new AtomicInteger();
        Race.Attack mover = () -> {
            Path d = armed.get();
            if (d == null) {
                Thread.onSpinWait();
                return;
            }
            int links;
            try {
                links = Sys.statx(Linux.AT_FDCWD, d.toString().getBytes(UTF_8), 0, Linux.STATX_BASIC_STATS).nlink();
            } catch (SyscallException gone) {
                armed.compareAndSet(d, null);
                return;
            }
            if (links < subdirs + 2 && armed.compareAndSet(d, null)) {
                Path to = outside.resolve("moved-" + round.get());
                try {
                    Sys.renameat2(Linux.AT_FDCWD, d.toString().getBytes(UTF_8), Linux.AT_FDCWD,
                            to.toString().getBytes(UTF_8), 0);
                    countAfterMove.set(countEntries(to));
                } catch (SyscallException gone) {
                    countAfterMove.set(-2);
                }
            }
        };
        Race.Result r;
        try (Root beneath = Root.open(root, Backend.AUTO)) {
            r = Race.run("removeAll vs mover", Race.rounds(4), Race.cap(), mover, () -> {
                int k = round.incrementAndGet();
                Path d = Files.createDirectories(root.resolve("work/d"));
                for (int i = 0; i < subdirs; i++) {
                    Files.createDirectory(d.resolve(String.format("e%04d", i)));
                }
                countAfterMove.set(-1);
                armed.set(d);
                String label;
                try {
                    beneath.removeAll("work");
                    label = "finished";
                } catch (IOException e) {
                    label = ((PathError) e).errno().name();
                }
                armed.set(null);
                while (countAfterMove.get() == -1 && Files.exists(outside.resolve("moved-" + k))) {
                    Thread.onSpinWait();
                }
                Path moved = outside.resolve("moved-" + k);
                if (!Files.exists(moved)) {
                    return Race.Outcome.ok("not moved, " + label);
                }
                long lost = countAfterMove.get() - countEntries(moved);
                beneath.removeAll("work"); // what is left inside
                if (lost > MAX_BATCH_ENTRIES || !label.equals("ESTALE")) {
                    return Race.Outcome.violation("moved", label + ", " + lost + " unlinked outside after the move");
                }
                return Race.Outcome.ok("moved, " + label);
            });
        }
        assertEquals(0, r.violations(), r.firstViolations().toString());
        try (Stream<Path> s = Files.list(outside)) {
            s.filter(p -> p.getFileName().toString().startsWith("moved-")).forEach(p -> {
                try (Root cleanup = Root.open(outside)) {
                    cleanup.removeAll(p.getFileName().toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertEquals(outsideBefore, Census.of(kept));
    }
}
