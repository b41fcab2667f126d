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

class RmCommandTest extends VolumeTest {

    private boolean present(String relative) {
        return Files.exists(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void removesAFile() {
        assertSilentSuccess(run("rm", "a/f"));
        assertFalse(present("a/f"));
    }

    @Test
    void aSymlinkToADirectoryIsRemovedItself() {
        assertSilentSuccess(run("rm", "link-to-a"));
        assertFalse(present("link-to-a"));
        assertTrue(present("a/f"));
    }

    @Test
    void aDirectoryNeedsDashDOrDashR() {
        assertFails(run("rm", "empty"), "empty", "EISDIR");
        assertTrue(present("empty"));
        assertSilentSuccess(run("rm", "-d", "empty"));
        assertFalse(present("empty"));
    }

    @Test
    void dashDRefusesANonEmptyDirectory() {
        assertFails(run("rm", "--dir", "a"), "a", "ENOTEMPTY");
        assertJsonFailure(run("rm", "-d", "--json", "a"), "a", "ENOTEMPTY");
        assertTrue(present("a/f"));
    }

    @Test
    void dashRRemovesATree() {
        JsonNode node = onlyJson(run("rm", "-r", "--json", "a"));
        assertEquals(List.of("ok", "path"), fieldNames(node));
        assertEquals(true, node.get("ok").asBoolean());
        assertEquals("a", node.get("path").asText());
        assertFalse(present("a"));
    }

    @Test
    void aMissingPathIsEnoentUnlessForced() {
        assertFails(run("rm", "no-such"), "no-such", "ENOENT");
        assertFails(run("rm", "-r", "no-such"), "no-such", "ENOENT");
        assertFails(run("rm", "-d", "no-such"), "no-such", "ENOENT");
        assertSilentSuccess(run("rm", "-f", "no-such"));
        assertSilentSuccess(run("rm", "-rf", "no-such"));
        assertSilentSuccess(run("rm", "-df", "no-such"));
    }

    @Test
    void forceDoesNotHideOtherFailures() {
        assertFails(run("rm", "-f", "a/f/x"), "a/f/x", "ENOTDIR");
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void linksLeadingOutAreRemovedThemselvesAndNothingOutside(String backend) throws IOException {
        for (String link : List.of("escape", "evil", "sibling", "to-secret")) {
            assertSilentSuccess(run("rm", "-r", "--backend", backend, link));
            assertFalse(present(link), link);
        }
        outsideIntact();
        assertTrue(present("a/f"), "the volume's own files are still there");
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void pathsThroughLinksLeadingOutStayInside(String backend) throws IOException {
        assertFails(run("rm", "--backend", backend, "sibling/secret"), "sibling/secret", "ENOENT");
        assertFails(run("rm", "--backend", backend, "-r", "evil" + outside), "evil" + outside, "ENOENT");
        assertSilentSuccess(run("rm", "--backend", backend, "-rf", "escape" + outside));
        outsideIntact();
    }
}
