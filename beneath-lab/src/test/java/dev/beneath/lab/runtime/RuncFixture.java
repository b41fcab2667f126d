package dev.beneath.lab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up for the tests that run real containers: one {@link Runc} per class (skipped,
 * with the reason, where containers cannot run), a fresh host scratch directory per test, and
 * after every test the proof that nothing is left: no container in runc's state directory and
 * no mount under the scratch or work directories.
 */
abstract class RuncFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static Runc runc;
    Path scratch;

    @BeforeAll
    static void startRunc() throws IOException {
        Runc.Availability a = Runc.availability();
        assumeTrue(a.ok(), () -> "no container runtime here: " + a.reason());
        runc = Runc.create();
    }

    @AfterAll
    static void stopRunc() throws IOException {
        if (runc != null) {
            Path work = runc.workDir();
            runc.close();
            runc = null;
            assertEquals(false, Files.exists(work), "the runc work directory is removed");
        }
    }

    @BeforeEach
    void makeScratch() throws IOException {
        scratch = Files.createTempDirectory("beneath-runc-test-").toRealPath();
    }

    @AfterEach
    void nothingLeftBehind() throws IOException, InterruptedException {
        List<String> containers;
        List<Path> mounted;
        List<Path> mountedInWork;
        try {
            containers = runc.list();
            mounted = HostMounts.under(scratch);
            mountedInWork = HostMounts.under(runc.workDir());
        } finally {
            TempTree.delete(scratch); // refuses, rather than deleting through a mount
        }
        assertEquals(List.of(), containers, "containers left in " + runc.stateRoot());
        assertEquals(List.of(), mounted, "mounts left under " + scratch);
        assertEquals(List.of(), mountedInWork, "mounts left under " + runc.workDir());
    }

    /** Runs {@code spec} and returns the result; fails the test when the run timed out. */
    static ContainerResult run(ContainerSpec spec) throws IOException, InterruptedException {
        ContainerResult r = runc.run(spec, TIMEOUT);
        assertEquals(false, r.timedOut(), () -> r.describe());
        return r;
    }
}
