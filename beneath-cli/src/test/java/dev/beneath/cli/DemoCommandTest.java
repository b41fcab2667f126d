package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void refusesEveryAttackAndCleansUp() throws IOException {
        Cli.Run r = Cli.run("demo");
        assertEquals(Main.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("refused: EXDEV"), r.out());
        assertTrue(r.out().contains("confined: ENOENT"), r.out());
        assertTrue(r.out().contains("emulated"), r.out());
        assertTrue(r.out().contains("Result: beneath refused all"), r.out());
        assertFalse(r.out().contains("FAILED"), r.out());

        Matcher volume = Pattern.compile("^\\s+(/\\S*beneath-demo-\\S+)/volume$", Pattern.MULTILINE).matcher(r.out());
        assertTrue(volume.find(), "the demo names its volume:\n" + r.out());
        assertFalse(Files.exists(Path.of(volume.group(1))), "the demo leaves its temporary directory behind");
        assertTrue(Files.exists(Path.of("/etc/passwd")), "cleaning up must never follow the planted links");
    }

    @Test
    void theNaiveIdiomReallyEscapes() {
        Cli.Run r = Cli.run("demo");
        assertTrue(r.out().contains("ESCAPED"), "the demo should show plain java.nio escaping:\n" + r.out());
    }
}
