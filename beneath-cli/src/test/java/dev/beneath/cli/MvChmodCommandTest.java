package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mv} and {@code chmod}. */
class MvChmodCommandTest extends VolumeTest {

    private int mode(String relative) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(relative), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void mvRenames() throws IOException {
        JsonNode node = onlyJson(run("mv", "--json", "a/f", "a/b/g"));
        assertEquals(List.of("ok", "path", "to"), fieldNames(node));
        assertFalse(Files.exists(root.resolve("a/f")));
        assertEquals("content\n", Files.readString(root.resolve("a/b/g")));
    }

    @Test
    void mvReplacesUnlessNoReplace() throws IOException {
        Files.writeString(root.resolve("a/other"), "other\n");
        assertFails(run("mv", "--no-replace", "a/other", "a/f"), "a/f", "EEXIST");
        assertEquals("content\n", Files.readString(root.resolve("a/f")));
        assertSilentSuccess(run("mv", "a/other", "a/f"));
        assertEquals("other\n", Files.readString(root.resolve("a/f")));
    }

    @Test
    void mvExchanges() throws IOException {
        assertSilentSuccess(run("mv", "--exchange", "a/f", "a/b"));
        assertTrue(Files.isDirectory(root.resolve("a/f")));
        assertEquals("content\n", Files.readString(root.resolve("a/b")));
    }

    @Test
    void mvOptionsExcludeEachOther() {
        Cli.Run r = run("mv", "--no-replace", "--exchange", "a/f", "a/g");
        assertEquals(Main.USAGE, r.exitCode());
        assertTrue(Files.exists(root.resolve("a/f")));
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void mvMovesLinksThemselvesAndNeverOutside(String backend) throws IOException {
        assertSilentSuccess(run("mv", "--backend", backend, "escape", "a/escape-moved"));
        assertTrue(Files.isSymbolicLink(root.resolve("a/escape-moved")));
        Files.delete(root.resolve("a/escape-moved"));
        String intoOutside = "evil" + outside + "/moved";
        assertFails(run("mv", "--backend", backend, "a/f", intoOutside), intoOutside, "ENOENT");
        // a failure about the source names both paths, as the JDK's Files.move does
        assertFails(run("mv", "--backend", backend, "sibling/secret", "a/stolen"), "sibling/secret -> a/stolen", "ENOENT");
        outsideIntact();
    }

    @Test
    void chmodSetsTheExactMode() throws IOException {
        JsonNode node = onlyJson(run("chmod", "--json", "2750", "a/b"));
        assertEquals(List.of("ok", "path", "mode"), fieldNames(node));
        assertEquals("2750", node.get("mode").asText());
        assertEquals(02750, mode("a/b"));
        assertSilentSuccess(run("chmod", "600", "link-to-f"));
        assertEquals(0600, mode("a/f"));
    }

    @Test
    void chmodFailures() {
        assertFails(run("chmod", "0644", "missing"), "missing", "ENOENT");
        assertJsonFailure(run("chmod", "--json", "0644", "to-secret"), "to-secret", "ENOENT");
        assertEquals(Main.USAGE, run("chmod", "u+x", "a/f").exitCode());
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void chmodNeverReachesOutside(String backend) throws IOException {
        String viaEvil = "evil" + outside + "/secret";
        assertFails(run("chmod", "--backend", backend, "0777", viaEvil), viaEvil, "ENOENT");
        assertFails(run("chmod", "--backend", backend, "0777", "sibling/secret"), "sibling/secret", "ENOENT");
        outsideIntact();
    }
}
