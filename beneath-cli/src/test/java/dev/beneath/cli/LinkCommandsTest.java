package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ln} and {@code readlink}. */
class LinkCommandsTest extends VolumeTest {

    private Object inode(String relative) throws IOException {
        return Files.getAttribute(root.resolve(relative), "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void symbolicLinksAreStoredExactly() throws IOException {
        assertSilentSuccess(run("ln", "-s", "../../etc/shadow", "a/odd"));
        assertEquals(Path.of("../../etc/shadow"), Files.readSymbolicLink(root.resolve("a/odd")));
        JsonNode node = onlyJson(run("ln", "--json", "--symbolic", "f", "a/g"));
        assertEquals(List.of("ok", "path", "target", "kind"), fieldNames(node));
        assertEquals("symlink", node.get("kind").asText());
        assertEquals("f", node.get("target").asText());
    }

    @Test
    void hardLinksShareTheInode() throws IOException {
        JsonNode node = onlyJson(run("ln", "--json", "a/f", "a/hard"));
        assertEquals("hard", node.get("kind").asText());
        assertEquals(inode("a/f"), inode("a/hard"));
        assertEquals(2, onlyJson(run("stat", "--json", "a/f")).get("links").asInt());
    }

    @Test
    void aHardLinkToASymlinkLinksTheSymlink() throws IOException {
        assertSilentSuccess(run("ln", "link-to-f", "second-link"));
        assertTrue(Files.isSymbolicLink(root.resolve("second-link")));
        assertEquals(inode("link-to-f"), inode("second-link"));
    }

    @Test
    void anExistingNameIsEexist() {
        Cli.Run r = run("ln", "-s", "x", "a/f");
        assertEquals(Main.FAILED, r.exitCode());
        assertTrue(r.err().contains("EEXIST"), r.err());
        assertEquals(Main.FAILED, run("ln", "a/f", "dangling").exitCode());
        assertFalse(Files.exists(root.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void hardLinksCannotReachOutside(String backend) throws IOException {
        // a trailing symlink is linked itself: the new name is one more link, not the secret
        assertSilentSuccess(run("ln", "--backend", backend, "to-secret", "stolen-via-link"));
        assertTrue(Files.isSymbolicLink(root.resolve("stolen-via-link")));
        Files.delete(root.resolve("stolen-via-link"));
        assertFails(run("ln", "--backend", backend, "evil" + outside + "/secret", "stolen"),
                "evil" + outside + "/secret -> stolen", "ENOENT");
        // with no leading '/', 'sibling' names a dangling link inside the volume, linked itself
        assertSilentSuccess(run("ln", "--backend", backend, "sibling", "sibling-again"));
        assertTrue(Files.isSymbolicLink(root.resolve("sibling-again")));
        Files.delete(root.resolve("sibling-again"));
        outsideIntact();
    }

    @Test
    void readlinkPrintsTheContent() {
        Cli.Run r = run("readlink", "escape");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals("../../..\n", r.out());
        JsonNode node = onlyJson(run("readlink", "--json", "evil"));
        assertEquals(List.of("ok", "path", "target"), fieldNames(node));
        assertEquals("/", node.get("target").asText());
    }

    @Test
    void readlinkFollowsLinksOnTheWayInsideTheRoot() {
        assertSilentSuccess(run("ln", "-s", "f", "a/link"));
        assertEquals("f\n", run("readlink", "link-to-a/link").out());
    }

    @Test
    void readlinkOfANonLinkIsEinval() {
        assertFails(run("readlink", "a/f"), "a/f", "EINVAL");
        assertJsonFailure(run("readlink", "--json", "a"), "a", "EINVAL");
        assertFails(run("readlink", "missing"), "missing", "ENOENT");
    }
}
