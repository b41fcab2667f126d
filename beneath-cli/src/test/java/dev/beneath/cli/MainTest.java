package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionNamesTheProjectAndJava() {
        Cli.Run r = Cli.run("--version");
        assertEquals(Main.OK, r.exitCode());
        assertTrue(r.out().startsWith("beneath "), r.out());
        assertTrue(r.out().contains("Java "), r.out());
    }

    @Test
    void helpListsTheCommands() {
        Cli.Run r = Cli.run("--help");
        assertEquals(Main.OK, r.exitCode());
        for (String command : new String[] {"resolve", "doctor", "demo"}) {
            assertTrue(r.out().contains(command), r.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Run r = Cli.run();
        assertEquals(Main.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("beneath: "), r.err());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(Main.USAGE, Cli.run("frobnicate").exitCode());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(Main.USAGE, Cli.run("doctor", "--loud").exitCode());
    }
}
