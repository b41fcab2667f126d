package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.lab.demo.DemoContainerStory;
import dev.beneath.lab.ns.PrivateNamespace;
import dev.beneath.lab.runtime.HostMounts;
import dev.beneath.lab.runtime.Runc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    private static final Pattern SCRATCH = Pattern.compile("(/\\S*beneath-demo-[^/\\s]+)/volume\\b");

    // ---- with containers ----------------------------------------------------------------------

    @Test
    void withContainersTheNaiveWayExposesTheHostAndBeneathRefuses() throws IOException {
        assumeContainers();
        assumeTrue(PrivateNamespace.verified(), "the tests do not run in a private mount namespace");
        Cli.Run r = Cli.run("demo");
        assertContainerStory(r);
    }

    @Test
    void outsideAPrivateNamespaceTheStoryRunsInAChildUnderUnshare() throws IOException {
        assumeContainers();
        assumeTrue(PrivateNamespace.findUnshare().isPresent(), "unshare is not installed");
        Cli.Run r = Cli.run("demo", "--relaunch");
        assertContainerStory(r);
    }

    private static void assertContainerStory(Cli.Run r) throws IOException {
        String out = r.out();
        assertEquals(Main.OK, r.exitCode(), out + r.err());
        assertTrue(out.contains("ln -s / /vol/evil"), out);
        assertTrue(out.contains("on the host: volume/evil -> /"), out);
        assertTrue(out.contains("| " + DemoContainerStory.HOST_ONLY), "the naive container printed the host file:\n" + out);
        assertTrue(out.contains("HOST EXPOSED"), out);
        assertTrue(out.contains("refused: subPath \"evil\" of volume \"data\": refused: it leads outside the volume"), out);
        assertTrue(out.contains("holds \"" + DemoContainerStory.GREETING + "\""), out);
        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.contains("still holds \"" + DemoContainerStory.SETTINGS + "\""), out);
        assertTrue(out.contains("none after (checked in /proc/self/mountinfo)"), out);
        assertTrue(out.contains("Result: beneath refused the attack"), out);
        assertFalse(out.contains("FAILED"), out);
        assertFalse(out.contains("NOT REFUSED"), out);

        Path scratch = scratchOf(out);
        assertFalse(Files.exists(scratch), "the demo removes " + scratch);
        assertEquals(List.of(), HostMounts.under(scratch), "nothing stays mounted");
        assertTrue(Files.isDirectory(Path.of("/etc")), "cleaning up never follows the planted link");
    }

    // ---- the library-level fallback -------------------------------------------------------------

    @Test
    void theLibraryLevelStoryRefusesEveryAttackAndCleansUp() throws IOException {
        Cli.Run r = Cli.run("demo", "--library-level");
        assertLibraryStory(r);
    }

    @Test
    void aSystemPropertyForcesTheLibraryLevelStory() throws IOException {
        String old = System.setProperty(DemoCommand.LIBRARY_LEVEL_PROPERTY, "true");
        try {
            assertLibraryStory(Cli.run("demo"));
        } finally {
            if (old == null) {
                System.clearProperty(DemoCommand.LIBRARY_LEVEL_PROPERTY);
            } else {
                System.setProperty(DemoCommand.LIBRARY_LEVEL_PROPERTY, old);
            }
        }
    }

    @Test
    void withoutContainersTheDemoSaysWhyInOneLineAndTellsTheLibraryLevelStory() throws IOException {
        Runc.Availability a = Runc.availability();
        assumeTrue(!a.ok(), "containers can run here: the fallback is tested with --library-level");
        Cli.Run r = Cli.run("demo");
        assertTrue(r.out().startsWith("beneath demo: containers cannot run here: " + a.reason() + "; showing"), r.out());
        assertLibraryStory(r);
    }

    private static void assertLibraryStory(Cli.Run r) throws IOException {
        String out = r.out();
        assertEquals(Main.OK, r.exitCode(), out + r.err());
        assertTrue(out.contains("ESCAPED"), "plain java.nio escapes:\n" + out);
        assertTrue(out.contains("refused: EXDEV"), out);
        assertTrue(out.contains("confined: ENOENT"), out);
        assertTrue(out.contains("refused: subPath \"evil\" of volume \"data\": refused: it leads outside the volume"), out);
        assertTrue(out.contains("emulated"), out);
        assertTrue(out.contains("Result: beneath refused all"), out);
        assertFalse(out.contains("FAILED"), out);
        assertFalse(out.contains("HOST EXPOSED"), "no container ran:\n" + out);

        Path scratch = scratchOf(out);
        assertFalse(Files.exists(scratch), "the demo leaves its temporary directory behind");
        assertTrue(Files.exists(Path.of("/etc/passwd")), "cleaning up must never follow the planted links");
    }

    @Test
    void theHelpDescribesTheStory() {
        Cli.Run r = Cli.run("demo", "--help");
        assertEquals(Main.OK, r.exitCode());
        assertTrue(r.out().contains("evil -> /"), r.out());
        assertFalse(r.out().contains("--relaunch"), "hidden options stay hidden:\n" + r.out());
    }

    private static void assumeContainers() {
        Runc.Availability a = Runc.availability();
        assumeTrue(a.ok(), () -> "no container runtime here: " + a.reason());
    }

    private static Path scratchOf(String out) {
        Matcher m = SCRATCH.matcher(out);
        assertTrue(m.find(), "the demo names its volume:\n" + out);
        return Path.of(m.group(1));
    }
}
