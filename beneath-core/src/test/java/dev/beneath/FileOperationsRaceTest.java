package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the file operations promise under concurrency and at scale: an atomic replacement is
 * seen whole or not at all by a concurrent reader, a large copy is exact, and no operation
 * leaves a descriptor open, on success or failure.
 */
class FileOperationsRaceTest {
    @TempDir
    Path base;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void atomicReplacementIsSeenWholeOrNotAtAll(Backend backend) throws Exception {
        byte[] a = new byte[96 * 1024];
        byte[] b = new byte[64 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        new Tree(base).dir("root/dir");
        Files.write(base.resolve("root/dir/state"), a);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Root root = Root.open(base.resolve("root"), backend)) {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    byte[] seen = root.readAllBytes("dir/state"); // never missing: rename replaces in one step
                    boolean whole = Arrays.equals(seen, a) || Arrays.equals(seen, b);
                    if (!whole) {
                        throw new AssertionError("a reader saw " + seen.length + " mixed bytes");
                    }
                    reads++;
                }
                return reads;
            });
            for (int round = 0; round < 300; round++) {
                root.write("dir/state", round % 2 == 0 ? b : a, WriteOption.ATOMIC_REPLACE);
            }
            done.set(true);
            assertTrue(reader.get() > 0);
            try (var entries = root.walk("dir", 1)) {
                assertEquals(List.of("state"), entries.skip(1).map(WalkEntry::name).toList(),
                        "no temporary file is left");
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void largeCopiesAreExact(Backend backend) throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        new Tree(base).dir("root");
        Files.write(base.resolve("root/big"), content);
        try (Root root = Root.open(base.resolve("root"), backend)) {
            root.copy("big", "copy", StandardCopyOption.COPY_ATTRIBUTES);
            assertArrayEquals(content, Files.readAllBytes(base.resolve("root/copy")));
            assertEquals(root.stat("big").lastModifiedTime(), root.stat("copy").lastModifiedTime());
            root.write("written", content);
            assertArrayEquals(content, root.readAllBytes("written"));
            root.write("written", content, WriteOption.ATOMIC_REPLACE);
            assertArrayEquals(content, root.readAllBytes("written"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void noOperationLeavesADescriptorOpen(Backend backend) throws IOException {
        new Tree(base).dir("root/d/e").file("root/d/file", "data").symlink("root/d/loop", "loop")
                .symlink("root/dangling", "nowhere").fifo("root/fifo");
        try (Root root = Root.open(base.resolve("root"), backend)) {
            run(root, 0); // procfs and probes opened before counting
            FdSnapshot before = FdSnapshot.take();
            for (int i = 1; i <= 40; i++) {
                run(root, i);
            }
            assertEquals("{}", FdSnapshot.take().describeNewSince(before), "descriptors opened and never closed");
        }
    }

    private static void run(Root root, int i) throws IOException {
        root.exists("d/file");
        root.exists("dangling", LinkOption.NOFOLLOW_LINKS);
        root.stat("d/file");
        root.lstat("dangling");
        root.readString("d/file");
        root.writeString("d/w" + i, "x");
        root.writeString("d/a", "x" + i, WriteOption.ATOMIC_REPLACE);
        root.copy("d/file", "d/c" + i);
        root.copy("d/file", "d/c" + i, StandardCopyOption.REPLACE_EXISTING);
        root.removeIfExists(root.createTempFile("d", "t", null));
        root.removeIfExists(root.createTempDirectory("d", "t"));
        try (var s = root.walk("d", FileVisitOption.FOLLOW_LINKS)) {
            s.count();
        }
        try (var s = root.walk("/")) {
            s.limit(2).count();
        }
        for (String failing : List.of("fifo", "d", "d/missing", "d/loop")) {
            expectFailure(() -> root.readAllBytes(failing));
            if (!failing.equals("d")) { // a directory is copied as a new empty one
                expectFailure(() -> root.copy(failing, "d/never"));
            }
        }
        expectFailure(() -> root.writeString("d/e", "x", WriteOption.ATOMIC_REPLACE));
        expectFailure(() -> root.writeString("dangling", "x"));
        expectFailure(() -> root.removeIfExists("d"));
        expectFailure(() -> root.createTempFile("d/file", null, null));
        expectFailure(() -> root.walk("d/missing"));
        try {
            root.stat("d/loop");
        } catch (IOException expected) {
            // ELOOP
        }
        try {
            root.readAllBytes("nothing-here");
        } catch (NoSuchFileException expected) {
            // ENOENT
        }
    }

    interface Failing {
        void run() throws IOException;
    }

    private static void expectFailure(Failing op) {
        try {
            op.run();
        } catch (IOException expected) {
            if (!(expected instanceof PathError)) {
                throw new AssertionError("not a PathError: " + expected, expected);
            }
            return;
        }
        throw new AssertionError("expected a failure");
    }
}
