package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code beneath extract}: the report, --json, --list, limits and exit codes. */
class ExtractCommandTest extends VolumeTest {
    @org.junit.jupiter.api.io.TempDir
    Path archives;

    private Path archive;

    @BeforeEach
    void writeArchive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "pkg/readme", "hello\n");
            TarArchiveEntry link = new TarArchiveEntry("pkg/escape", TarConstants.LF_SYMLINK, true);
            link.setLinkName("../../outside/secret");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "../../outside/new", "zip slip\n");
            file(tar, "pkg/more", "more\n");
        }
        archive = archives.resolve("upload.tar");
        Files.write(archive, bytes.toByteArray());
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void extractsWhatThePolicyAllowsAndSaysWhatItRefused() throws IOException {
        Cli.Run r = Cli.run("extract", "--root", root.toString(), archive.toString());
        assertEquals(Main.FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("refused   symlink  pkg/escape  (symlink target leaves the destination)"), r.out());
        assertTrue(r.out().contains("(a .. component in the name)"), r.out());
        assertTrue(r.out().endsWith("tar: 2 extracted, 0 skipped, 2 refused, 11 bytes\n"), r.out());
        assertEquals("hello\n", Files.readString(root.resolve("pkg/readme")));
        outsideIntact();
    }

    @Test
    void namesCannotAddLinesToTheReport() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry link = new TarArchiveEntry("x\nextracted file     /etc/shadow", TarConstants.LF_SYMLINK, true);
            link.setLinkName("/etc/shadow\nforged");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Path hostile = archives.resolve("hostile.tar");
        Files.write(hostile, bytes.toByteArray());
        Cli.Run r = Cli.run("extract", "--list", hostile.toString());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("x\\nextracted file"), r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("extracted")), r.out());
    }

    @Test
    void jsonIsOneObjectWithEveryEntry() {
        Cli.Run r = Cli.run("extract", "--json", "--root", root.toString(), archive.toString());
        assertEquals(Main.FAILED, r.exitCode());
        JsonNode node = r.json().getFirst();
        assertFalse(node.get("ok").asBoolean());
        assertEquals(4, node.get("entries").size());
        assertEquals("refused", node.get("entries").get(1).get("outcome").asText());
        assertEquals(2, node.get("extracted").asInt());
    }

    @Test
    void listWritesNothingAndNeedsNoRoot() throws IOException {
        Cli.Run r = Cli.run("extract", "--list", archive.toString());
        assertEquals(Main.FAILED, r.exitCode(), r.err());
        assertTrue(r.out().contains("extract   file     pkg/readme"), r.out());
        assertFalse(Files.exists(root.resolve("pkg")));
        outsideIntact();
    }

    @Test
    void aLimitStopsWithItsName() {
        Cli.Run r = Cli.runWithInput(readArchive(), "extract", "--json", "--max-entries", "1", "--root",
                root.toString(), "-");
        assertEquals(Main.FAILED, r.exitCode());
        JsonNode node = r.json().getFirst();
        assertEquals("entries", node.get("limit").asText());
        assertFalse(node.get("complete").asBoolean());
    }

    @Test
    void aCleanArchiveExitsZero() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "a", "x");
        }
        Path clean = archives.resolve("clean.tar");
        Files.write(clean, bytes.toByteArray());
        Cli.Run r = Cli.run("extract", "--policy", "strict", "--root", root.toString(), clean.toString());
        assertEquals(Main.OK, r.exitCode(), r.out() + r.err());
    }

    @Test
    void theProgressBarShowsTheShareReadEntriesAndBytes() {
        java.io.StringWriter screen = new java.io.StringWriter();
        ExtractCommand.ProgressBar bar = new ExtractCommand.ProgressBar(new java.io.PrintWriter(screen));
        dev.beneath.archive.EntryReport last = new dev.beneath.archive.EntryReport("a", "a",
                dev.beneath.archive.EntryType.FILE, dev.beneath.archive.EntryReport.Outcome.EXTRACTED, "", 1);
        bar.entryDone(new dev.beneath.archive.ProgressListener.Progress(10, 5L << 20, 50, 100, last));
        assertTrue(screen.toString().startsWith("\r[" + "#".repeat(15) + " ".repeat(15) + "] 50% 10 entries, 5 MiB"),
                screen.toString());
        bar.done();
        assertTrue(screen.toString().endsWith("\r\u001b[K"), screen.toString());
    }

    @Test
    void usageErrors() {
        assertEquals(Main.USAGE, Cli.run("extract", archive.toString()).exitCode());
        assertEquals(Main.USAGE, Cli.run("extract", "--policy", "lax", "--list", archive.toString()).exitCode());
    }

    private byte[] readArchive() {
        try {
            return Files.readAllBytes(archive);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
