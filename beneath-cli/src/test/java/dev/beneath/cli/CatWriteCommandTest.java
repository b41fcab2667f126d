package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cat} and {@code write}. */
class CatWriteCommandTest extends VolumeTest {
    /** Bytes that are not UTF-8, a NUL, and no final newline. */
    private static final byte[] BINARY = {(byte) 0xff, 0, (byte) 0x80, 'x', '\r', '\n', (byte) 0xc3};

    private int mode(String relative) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(relative), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void catCopiesTheBytesVerbatim() throws IOException {
        Files.write(root.resolve("a/bin"), BINARY);
        Cli.Run r = run("cat", "a/bin");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertArrayEquals(BINARY, r.outBytes());
        assertEquals("", r.err());
    }

    @Test
    void catFollowsLinksInsideTheRoot() {
        assertEquals("content\n", run("cat", "link-to-f").out());
        assertEquals("content\n", run("cat", "link-to-a/../a/f").out());
    }

    @Test
    void catJsonCarriesTheBytesInBase64() throws IOException {
        Files.write(root.resolve("a/bin"), BINARY);
        JsonNode node = onlyJson(run("cat", "--json", "a/bin"));
        assertEquals(List.of("ok", "path", "size", "base64"), fieldNames(node));
        assertEquals(BINARY.length, node.get("size").asInt());
        assertArrayEquals(BINARY, Base64.getDecoder().decode(node.get("base64").asText()));
    }

    @Test
    void catRefusesWhatIsNotARegularFile() {
        assertFails(run("cat", "a"), "a", "EISDIR");
        // a fifo is refused before it is opened, so this does not block
        Cli.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("cat", "pipe"));
        assertFails(r, "pipe", "EINVAL");
        assertJsonFailure(run("cat", "--json", "pipe"), "pipe", "EINVAL");
        assertFails(run("cat", "dangling"), "dangling", "ENOENT");
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void catNeverReadsOutside(String backend) throws IOException {
        assertFails(run("cat", "--backend", backend, "evil/etc/passwd"), "evil/etc/passwd", "ENOENT");
        assertJsonFailure(run("cat", "--json", "--backend", backend, "evil/etc/passwd"), "evil/etc/passwd", "ENOENT");
        assertFails(run("cat", "--backend", backend, "escape/etc/passwd"), "escape/etc/passwd", "ENOENT");
        assertFails(run("cat", "--backend", backend, "to-secret"), "to-secret", "ENOENT");
        assertFails(run("cat", "--backend", backend, "sibling/secret"), "sibling/secret", "ENOENT");
        String viaEvil = "evil" + outside + "/secret";
        assertFails(run("cat", "--backend", backend, viaEvil), viaEvil, "ENOENT");
        outsideIntact();
    }

    @Test
    void writeCreatesAFileFromStdin() throws IOException {
        Cli.Run r = runWithInput(BINARY, "write", "a/new");
        assertSilentSuccess(r);
        assertArrayEquals(BINARY, Files.readAllBytes(root.resolve("a/new")));
    }

    @Test
    void writeGivesANewFileTheExactMode() throws IOException {
        assertSilentSuccess(runWithInput(new byte[0], "write", "--mode", "0604", "a/moded"));
        assertEquals(0604, mode("a/moded"));
    }

    @Test
    void writeTruncatesAndKeepsTheModeOfAnExistingFile() throws IOException {
        int before = mode("a/f");
        JsonNode node = onlyJson(runWithInput("new\n".getBytes(UTF_8), "write", "--json", "--mode", "0600", "a/f"));
        assertEquals(List.of("ok", "path", "bytes"), fieldNames(node));
        assertEquals(4, node.get("bytes").asLong());
        assertEquals("new\n", Files.readString(root.resolve("a/f")));
        assertEquals(before, mode("a/f"));
    }

    @Test
    void writeAppends() throws IOException {
        assertSilentSuccess(runWithInput("more\n".getBytes(UTF_8), "write", "--append", "a/f"));
        assertEquals("content\nmore\n", Files.readString(root.resolve("a/f")));
        assertSilentSuccess(runWithInput("first\n".getBytes(UTF_8), "write", "--append", "a/appended"));
        assertEquals("first\n", Files.readString(root.resolve("a/appended")));
    }

    @Test
    void writeFollowsALinkToAFileInsideTheRoot() throws IOException {
        assertSilentSuccess(runWithInput("via link\n".getBytes(UTF_8), "write", "link-to-f"));
        assertEquals("via link\n", Files.readString(root.resolve("a/f")));
        assertTrue(Files.isSymbolicLink(root.resolve("link-to-f")));
    }

    @Test
    void writeFailures() {
        assertFails(runWithInput(new byte[0], "write", "a"), "a", "EISDIR");
        assertFails(runWithInput(new byte[0], "write", "a/f/x"), "a/f/x", "ENOTDIR");
        assertJsonFailure(runWithInput(new byte[0], "write", "--json", "missing/x"), "missing/x", "ENOENT");
    }

    @Test
    void aBrokenStdinIsEioNamingThePath() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("stdin broke");
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.commandLine(broken, new ByteArrayOutputStream(), new PrintWriter(err, true))
                .execute("write", "--root", root.toString(), "a/new");
        assertEquals(Main.FAILED, code);
        assertEquals("beneath: a/new: EIO (stdin broke)\n", err.toString());
    }

    @Test
    void writeSpecialModeBitsAreAUsageError() {
        Cli.Run r = runWithInput(new byte[0], "write", "--mode", "4755", "a/suid");
        assertEquals(Main.USAGE, r.exitCode(), r.err());
        assertFalse(Files.exists(root.resolve("a/suid")));
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void writeNeverCreatesThroughADanglingLink(String backend) {
        Cli.Run r = runWithInput("x".getBytes(UTF_8), "write", "--backend", backend, "dangling");
        assertFails(r, "dangling", "ELOOP");
        assertFalse(Files.exists(root.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void writeThroughLinksLeadingOutTouchesNothingOutside(String backend) throws IOException {
        byte[] payload = "pwned\n".getBytes(UTF_8);
        String viaEvil = "evil" + outside + "/secret";
        assertFails(runWithInput(payload, "write", "--backend", backend, viaEvil), viaEvil, "ENOENT");
        assertFails(runWithInput(payload, "write", "--backend", backend, "sibling/secret"), "sibling/secret", "ENOENT");
        assertFails(runWithInput(payload, "write", "--backend", backend, "to-secret"), "to-secret", "ELOOP");
        assertFails(runWithInput(payload, "write", "--backend", backend, "--append", "to-secret"), "to-secret", "ELOOP");
        assertFails(runWithInput(payload, "write", "--backend", backend, "escape"), "escape", "EISDIR");
        // under the volume's own '/', escape/x is simply the volume's x
        assertSilentSuccess(runWithInput(payload, "write", "--backend", backend, "escape/x"));
        assertSilentSuccess(runWithInput(payload, "write", "--backend", backend, "evil/y"));
        assertArrayEquals(payload, Files.readAllBytes(root.resolve("x")));
        assertArrayEquals(payload, Files.readAllBytes(root.resolve("y")));
        outsideIntact();
    }
}
