package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MkdirAllCommandTest extends VolumeTest {

    private int mode(String relative) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(relative), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void createsEveryMissingDirectoryWithTheExactMode() throws IOException {
        assertSilentSuccess(run("mkdir-all", "--mode", "0750", "x/y/z"));
        for (String dir : new String[] {"x", "x/y", "x/y/z"}) {
            assertTrue(Files.isDirectory(root.resolve(dir), LinkOption.NOFOLLOW_LINKS), dir);
            assertEquals(0750, mode(dir), dir);
        }
    }

    @Test
    void setgidAndStickyAreKeptAndTheUmaskIgnored() throws IOException {
        assertSilentSuccess(run("mkdir-all", "--mode", "3777", "shared"));
        assertEquals(03777, mode("shared"));
    }

    @Test
    void theDefaultModeIs0755AndSetgidIsInheritedFromTheParent() throws IOException {
        assertSilentSuccess(run("mkdir-all", "plain"));
        assertEquals(0755, mode("plain"));
        assertSilentSuccess(run("mkdir-all", "--mode", "2750", "group"));
        JsonNode node = onlyJson(run("mkdir-all", "--json", "group/child"));
        assertEquals("2755", node.get("mode").asText(), "the kernel passes setgid on to new directories");
    }

    @Test
    void anExistingDirectoryIsFineAndKeepsItsMode() throws IOException {
        int before = mode("a/b");
        JsonNode node = onlyJson(run("mkdir-all", "--json", "--mode", "0700", "a/b"));
        assertEquals(true, node.get("ok").asBoolean());
        assertEquals("a/b", node.get("path").asText());
        assertEquals(String.format("%04o", before), node.get("mode").asText());
        assertEquals(before, mode("a/b"));
    }

    @Test
    void aFileInTheWayIsEnotdir() {
        assertFails(run("mkdir-all", "a/f/sub"), "a/f/sub", "ENOTDIR");
        assertJsonFailure(run("mkdir-all", "--json", "a/f/sub"), "a/f/sub", "ENOTDIR");
    }

    @Test
    void aDanglingSymlinkIsNotFollowedToCreateItsTarget() {
        Cli.Run r = run("mkdir-all", "dangling/sub");
        assertEquals(Main.FAILED, r.exitCode(), r.err());
        assertFalse(Files.exists(root.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0999", "u+rwx", "12345", "-1", ""})
    void aModeThatIsNotOctalIsAUsageError(String mode) {
        Cli.Run r = run("mkdir-all", "--mode", mode, "x");
        assertEquals(Main.USAGE, r.exitCode(), r.err());
        assertFalse(Files.exists(root.resolve("x")));
    }

    @ParameterizedTest
    @MethodSource("dev.beneath.cli.VolumeTest#backends")
    void linksLeadingOutCreateInsideTheVolume(String backend) throws IOException {
        String viaEvil = "evil" + outside + "/made-by-evil";
        assertSilentSuccess(run("mkdir-all", "--backend", backend, viaEvil));
        assertSilentSuccess(run("mkdir-all", "--backend", backend, "escape/made-by-escape"));
        // inside the volume, sibling -> ../outside dangles: it is not followed to create its target
        assertEquals(Main.FAILED, run("mkdir-all", "--backend", backend, "sibling/made-by-sibling").exitCode());
        assertTrue(Files.isDirectory(root.resolve(outside.toString().substring(1)).resolve("made-by-evil")));
        assertTrue(Files.isDirectory(root.resolve("made-by-escape")));
        assertFalse(Files.exists(root.resolve("outside")));
        outsideIntact();
        assertFalse(Files.exists(Path.of("/made-by-escape")));
    }
}
