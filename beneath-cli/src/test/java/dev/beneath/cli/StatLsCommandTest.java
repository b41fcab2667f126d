package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code stat} and {@code ls}. */
class StatLsCommandTest extends VolumeTest {
    private static final List<String> STAT_FIELDS = List.of("ok", "path", "type", "mode", "size", "uid", "gid",
            "inode", "device", "links", "mtime", "mount_id");

    private Map<String, Object> unix(String relative) throws IOException {
        return Files.readAttributes(root.resolve(relative), "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void statJsonDescribesTheFile() throws IOException {
        Files.setLastModifiedTime(root.resolve("a/f"), FileTime.fromMillis(1_700_000_000_123L));
        JsonNode node = onlyJson(run("stat", "--json", "a/f"));
        assertEquals(STAT_FIELDS, fieldNames(node));
        Map<String, Object> expected = unix("a/f");
        assertEquals("file", node.get("type").asText());
        assertEquals(String.format("%04o", (Integer) expected.get("mode") & 07777), node.get("mode").asText());
        assertEquals(8, node.get("size").asLong());
        assertEquals(expected.get("uid"), node.get("uid").asInt());
        assertEquals(expected.get("gid"), node.get("gid").asInt());
        assertEquals(expected.get("ino"), node.get("inode").asLong());
        assertEquals(1, node.get("links").asInt());
        assertEquals("2023-11-14T22:13:20.123Z", node.get("mtime").asText());
        assertTrue(node.get("device").asText().matches("\\d+:\\d+"), node.toString());
        assertTrue(node.get("mount_id").asLong() > 0, node.toString());
    }

    @Test
    void statTextIsOneNameValueLinePerAttribute() throws IOException {
        Cli.Run r = run("stat", "a");
        assertEquals(Main.OK, r.exitCode(), r.err());
        List<String> names = new ArrayList<>();
        for (String line : r.outLines()) {
            names.add(line.substring(0, line.indexOf(':')));
        }
        assertEquals(List.of("path", "type", "mode", "size", "uid", "gid", "inode", "device", "links", "mtime",
                "mount id"), names);
        assertTrue(r.outLines().contains("type:     dir"), r.out());
        assertTrue(r.outLines().contains("inode:    " + unix("a").get("ino")), r.out());
    }

    @Test
    void statShowsSpecialModeBits() throws IOException {
        assertSilentSuccess(run("chmod", "3751", "a/b"));
        assertEquals("3751", onlyJson(run("stat", "--json", "a/b")).get("mode").asText());
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void statFollowsATrailingLinkInsideTheRootUnlessNofollow(String backend) throws IOException {
        JsonNode followed = onlyJson(run("stat", "--json", "--backend", backend, "evil"));
        assertEquals("dir", followed.get("type").asText());
        assertEquals(unix(".").get("ino"), followed.get("inode").asLong(), "evil -> / is the volume itself");
        JsonNode link = onlyJson(run("stat", "--json", "--backend", backend, "--nofollow", "evil"));
        assertEquals("symlink", link.get("type").asText());
        assertEquals(unix("evil").get("ino"), link.get("inode").asLong());
        assertFails(run("stat", "--backend", backend, "to-secret"), "to-secret", "ENOENT");
        assertJsonFailure(run("stat", "--json", "--backend", backend, "evil" + outside), "evil" + outside, "ENOENT");
    }

    @Test
    void statFailures() {
        assertFails(run("stat", "a/f/x"), "a/f/x", "ENOTDIR");
        assertJsonFailure(run("stat", "--json", "missing"), "missing", "ENOENT");
    }

    @Test
    void lsListsTheRootSortedByNameWithTypes() {
        Cli.Run r = run("ls");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals(List.of(
                "dir     a",
                "symlink dangling",
                "dir     empty",
                "symlink escape",
                "symlink evil",
                "symlink link-to-a",
                "symlink link-to-f",
                "fifo    pipe",
                "symlink sibling",
                "symlink to-secret"), r.outLines());
    }

    @Test
    void lsSortsByBytes() {
        for (String name : List.of("b", "B", "_", "a", "\u00e9", "Z")) {
            // created through beneath, whose names are UTF-8 whatever the test's locale
            assertSilentSuccess(run("write", "empty/" + name));
        }
        List<String> names = new ArrayList<>();
        onlyJson(run("ls", "--json", "empty")).get("entries").forEach(e -> names.add(e.get("name").asText()));
        assertEquals(List.of("B", "Z", "_", "a", "b", "\u00e9"), names);
    }

    @Test
    void lsJsonShape() throws IOException {
        JsonNode node = onlyJson(run("ls", "--json", "a"));
        assertEquals(List.of("ok", "path", "entries"), fieldNames(node));
        assertEquals("a", node.get("path").asText());
        assertEquals(2, node.get("entries").size());
        JsonNode first = node.get("entries").get(0);
        assertEquals(List.of("name", "type", "inode"), fieldNames(first));
        assertEquals("b", first.get("name").asText());
        assertEquals("dir", first.get("type").asText());
        assertEquals(unix("a/b").get("ino"), first.get("inode").asLong());
        assertEquals("f", node.get("entries").get(1).get("name").asText());
        assertEquals(0, onlyJson(run("ls", "--json", "empty")).get("entries").size());
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void lsThroughLinksLeadingOutStaysInside(String backend) {
        assertEquals(run("ls").outLines(), run("ls", "--backend", backend, "evil").outLines());
        assertEquals(run("ls").outLines(), run("ls", "--backend", backend, "escape").outLines());
        assertFails(run("ls", "--backend", backend, "sibling"), "sibling", "ENOENT");
        assertEquals(List.of("dir     b", "file    f"), run("ls", "--backend", backend, "link-to-a").outLines());
    }

    @Test
    void lsFailures() {
        assertFails(run("ls", "a/f"), "a/f", "ENOTDIR");
        assertJsonFailure(run("ls", "--json", "missing"), "missing", "ENOENT");
    }

    @Test
    void aMissingRootIsReportedWithTheRootAsGiven() {
        Path missing = base.resolve("no-such-volume");
        Cli.Run r = Cli.run("ls", "--root", missing.toString());
        assertFails(r, missing.toString(), "ENOENT");
    }
}
