package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 mutating operations, half on each backend, succeeding and failing in every way the
 * edge-case table knows, leave the process with exactly the descriptors it had.
 */
class OperationsFdLeakTest {
    private static final int OPERATIONS = 100_000;

    @TempDir
    Path tmp;

    /** One operation of the mix; {@code i} makes names unique where needed. */
    private interface Step {
        void run(Root root, int i) throws IOException;
    }

    private static final Step[] STEPS = {
        (r, i) -> r.mkdirAll("d/" + (i % 50) + "/x/y", 0755).close(),
        (r, i) -> r.mkdirAll("dangling/x", 0755).close(),          // ENOTDIR
        (r, i) -> r.mkdirAll("d/0/../../new/../x", 0755).close(),  // ENOENT
        (r, i) -> r.createFile("f" + i, 0644).close(),
        (r, i) -> r.removeFile("f" + (i - 1)),
        (r, i) -> r.createFile("dangling", 0644).close(),          // EEXIST
        (r, i) -> r.createSymbolicLink("l" + i, "/etc"),
        (r, i) -> r.readSymbolicLink("l" + (i - 1)),
        (r, i) -> r.removeFile("l" + (i - 2)),
        (r, i) -> r.readSymbolicLink("d"),                                 // EINVAL
        (r, i) -> r.rename("d/" + (i % 50), "d/moved", RenameOption.NO_REPLACE),
        (r, i) -> r.rename("d/moved", "d/" + (i % 50)),
        (r, i) -> r.removeAll("d/" + ((i + 25) % 50)),
        (r, i) -> r.removeDir("d"),                                // ENOTEMPTY
        (r, i) -> r.setPermissions("file", 0640),
        (r, i) -> r.setPermissions("escape/x", 0777),              // ENOENT
        (r, i) -> r.createLink("h", "file"),
        (r, i) -> r.removeFile("h"),
        (r, i) -> {
            try (var ch = r.newFileChannel("file", Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
            }
        },
        (r, i) -> r.newFileChannel("dangling", StandardOpenOption.CREATE, StandardOpenOption.WRITE).close(), // ELOOP
    };

    @Test
    void aHundredThousandOperationsLeakNothing() throws IOException {
        Tree tree = new Tree(tmp).dir("root/d").file("root/file", "x")
                .symlink("root/dangling", "/nowhere").symlink("root/escape", "../..");
        Map<String, Long> outcomes = new TreeMap<>();
        try (Root openat2 = Root.open(tree.path("root"), Backend.OPENAT2);
             Root emulated = Root.open(tree.path("root"), Backend.EMULATED)) {
            run(openat2, 0, STEPS.length * 2, outcomes); // warm-up: procfs handle, probe, classes
            FdSnapshot before = FdSnapshot.take();
            for (int i = 0; i < OPERATIONS; i++) {
                run(i % 2 == 0 ? openat2 : emulated, i, 1, outcomes);
            }
            FdSnapshot after = FdSnapshot.take();
            assertEquals("{}", after.describeNewSince(before), "descriptors opened and never closed");
            assertEquals(before.count(), after.count());
        }
        System.out.println("operations fd-leak run: " + OPERATIONS + " operations, outcomes " + outcomes);
        for (String errno : new String[] {"ok", "ENOTDIR", "ENOENT", "EEXIST", "EINVAL", "ENOTEMPTY", "ELOOP"}) {
            assertTrue(outcomes.containsKey(errno), "no " + errno + " outcome: the mix lost a failure kind");
        }
    }

    private static void run(Root root, int from, int count, Map<String, Long> outcomes) {
        for (int i = from; i < from + count; i++) {
            String outcome;
            try {
                STEPS[i % STEPS.length].run(root, i);
                outcome = "ok";
            } catch (IOException e) {
                outcome = ((PathError) e).errno().name();
            }
            outcomes.merge(outcome, 1L, Long::sum);
        }
    }
}
