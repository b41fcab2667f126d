package dev.beneath.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beneath.Backend;
import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.PlatformReport;
import dev.beneath.Root;
import dev.beneath.testkit.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@code Root.resolve} and {@code Root.mkdirAll} over a fixed
 * hostile tree, on every backend this kernel offers. Invariants, for every input: the only
 * exceptions are the library's typed {@link PathError}s; no descriptor is left open; every
 * object returned is inside the root (judged by device and inode against a census); nothing
 * outside the root changes; and the backends give the same answer.
 *
 * <p>The build replays the seeds in {@code ResolveFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/SECURITY.md gives the command).
 */
class ResolveFuzzTest {
    private static final int MODE = 0755;
    private static Path scratch;
    private static Path root;
    private static Map<String, String> census;
    private static Map<String, String> outsideCensus;
    private static final List<Backend> BACKENDS = PlatformReport.current().openat2Available()
            ? List.of(Backend.OPENAT2, Backend.EMULATED) : List.of(Backend.EMULATED);

    @BeforeAll
    static void layOut() throws IOException {
        scratch = Files.createTempDirectory("beneath-fuzz-").toRealPath();
        root = HostileTree.create(Files.createDirectory(scratch.resolve("fixed")));
        census = HostileTree.census(root);
        outsideCensus = HostileTree.census(scratch.resolve("fixed/outside"));
    }

    /** The fixed tree must be exactly as laid out: resolve changes nothing, mkdirAll works on copies. */
    @AfterAll
    static void checkAndRemove() throws IOException {
        try {
            assertEquals(outsideCensus, HostileTree.census(scratch.resolve("fixed/outside")));
            assertEquals(census, HostileTree.census(root));
        } finally {
            removeScratch();
        }
    }

    private static void removeScratch() throws IOException {
        try (Root parent = Root.open(scratch.getParent())) {
            parent.removeAll(scratch.getFileName().toString());
        }
    }

    @FuzzTest(maxDuration = "30m")
    void resolveAndMkdirAll(byte[] data) throws IOException {
        FuzzInput in = FuzzInput.decode(data);
        int fds = TestEnv.openFdCount();
        List<String> answers = new ArrayList<>();
        for (Backend backend : BACKENDS) {
            answers.add(in.mkdirAll() ? mkdirAll(backend, in) : resolve(backend, in));
        }
        assertEquals(fds, TestEnv.openFdCount(), "descriptor leak for " + in);
        assertTrue(answers.stream().distinct().count() == 1, "the backends disagree on " + in + ": " + answers);
    }

    private static String resolve(Backend backend, FuzzInput in) throws IOException {
        try (Root r = Root.open(root, backend); Handle h = r.resolve(in.path(), in.options())) {
            return "ok " + inside(h.attributes(), census, backend, in);
        } catch (IOException e) {
            return refusal(e, backend, in);
        }
    }

    /** mkdirAll changes the tree, so each backend gets a fresh copy, removed afterwards. */
    private static String mkdirAll(Backend backend, FuzzInput in) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "mkdir-");
        try {
            Path fresh = HostileTree.create(dir);
            Map<String, String> outside = HostileTree.census(dir.resolve("outside"));
            String answer;
            try (Root r = Root.open(fresh, backend, in.options()); Handle h = r.mkdirAll(in.path(), MODE)) {
                answer = "ok " + inside(h.attributes(), HostileTree.census(fresh), backend, in);
            } catch (IOException e) {
                answer = refusal(e, backend, in);
            }
            assertEquals(outside.values().stream().sorted().toList(),
                    HostileTree.census(dir.resolve("outside")).values().stream().sorted().toList(),
                    backend + ": mkdirAll changed the outside for " + in);
            return answer + " made " + HostileTree.census(fresh).values().stream().sorted().toList();
        } finally {
            try (Root parent = Root.open(scratch)) {
                parent.removeAll(dir.getFileName().toString());
            }
        }
    }

    private static String inside(FileAttributes a, Map<String, String> census, Backend backend, FuzzInput in) {
        String where = census.get(a.device() + ":" + a.inode());
        if (where == null) {
            fail(backend + " returned an object outside the root for " + in);
        }
        return where;
    }

    private static String refusal(IOException e, Backend backend, FuzzInput in) {
        if (!(e instanceof PathError pe)) {
            throw new AssertionError(backend + ": untyped failure for " + in, e);
        }
        return pe.errno().name();
    }
}
