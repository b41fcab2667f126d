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

    @Test
    void aRunBuildsOnlyTheCommandItNames() {
        java.io.PrintWriter err = new java.io.PrintWriter(java.io.OutputStream.nullOutputStream());
        assertEquals(java.util.Set.of("resolve"), Main.commandLine(java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream(), err, "resolve").getSubcommands().keySet());
        assertEquals(java.util.Set.of("subpath"), Main.commandLine(java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream(), err, "subpath").getSubcommands().keySet());
        for (String first : new String[] {"--help", "help", "frobnicate"}) {
            assertTrue(Main.commandLine(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                    err, first).getSubcommands().keySet().containsAll(java.util.Set.of("resolve", "stat", "subpath",
                    "pod", "doctor")), first);
        }
    }

    @Test
    void helpForOneCommandStillWorks() {
        Cli.Run r = Cli.run("help", "resolve");
        assertEquals(Main.OK, r.exitCode());
        assertTrue(r.out().contains("--root"), r.out());
        r = Cli.run("resolve", "--help");
        assertEquals(Main.OK, r.exitCode());
        assertTrue(r.out().contains("--root"), r.out());
    }
}
