package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beneath.lab.runtime.HostMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code beneath subpath prepare|clean|safe-mkdir}: success, refusal, and the JSON shape. */
class SubPathCommandTest extends AgentFixture {

    private Cli.Run prepare(String subPath, int index, String... more) {
        List<String> args = new ArrayList<>(List.of("subpath", "prepare", "--volume", shared.toString(),
                "--subpath", subPath, "--pod-dir", podDir.toString(), "--volume-name", "data",
                "--container", "web", "--index", Integer.toString(index)));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Run clean(String... more) {
        List<String> args = new ArrayList<>(List.of("subpath", "clean", "--pod-dir", podDir.toString(),
                "--volume-name", "data"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void preparePrintsTheHostPathLastAndCleanUndoesIt() throws IOException {
        Path expected = podDir.resolve("volume-subpaths/data/web/3");
        Cli.Run r = prepare("config", 3);
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals(expected.toString(), r.outLines().getLast());
        assertEquals(inode(shared.resolve("config")), inode(expected));
        assertEquals(List.of(expected), HostMounts.under(podDir));

        JsonNode again = onlyJson(prepare("config", 3, "--json"));
        assertEquals(List.of("ok", "hostPath", "reused", "directory"), VolumeTest.fieldNames(again));
        assertEquals(expected.toString(), again.get("hostPath").asText());
        assertTrue(again.get("reused").asBoolean());
        assertTrue(again.get("directory").asBoolean());

        JsonNode cleaned = onlyJson(clean("--json"));
        assertTrue(cleaned.get("ok").asBoolean());
        assertEquals(List.of(), HostMounts.under(podDir));
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
    }

    @Test
    void aFileIsReadOnlyWhenAsked() throws IOException {
        JsonNode node = onlyJson(prepare("app.yaml", 0, "--read-only", "--json"));
        try {
            assertFalse(node.get("directory").asBoolean());
            Path hostPath = Path.of(node.get("hostPath").asText());
            assertEquals("a: 1", Files.readString(hostPath));
            assertFalse(Files.isWritable(hostPath) && canWrite(hostPath), "read-only mount accepted a write");
        } finally {
            assertEquals(Main.OK, clean().exitCode());
        }
    }

    private static boolean canWrite(Path p) {
        try {
            Files.writeString(p, "changed");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anEscapeIsOneClearLineWithoutHostPaths() {
        Cli.Run r = prepare("evil", 0);
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("", r.out());
        assertEquals("beneath: subPath \"evil\" of volume \"data\": refused: it leads outside the volume\n", r.err());
        assertFalse(Files.exists(podDir.resolve("volume-subpaths/data/web/0")));
    }

    @Test
    void failuresInJsonCarryTheErrno() {
        JsonNode escape = onlyJson(prepare("evil/etc", 0, "--json"));
        assertEquals(List.of("ok", "path", "errno", "message"), VolumeTest.fieldNames(escape));
        assertFalse(escape.get("ok").asBoolean());
        assertEquals("evil/etc", escape.get("path").asText());
        assertEquals("EXDEV", escape.get("errno").asText());
        assertFalse(escape.toString().contains(base.toString()), escape.toString());

        JsonNode dots = onlyJson(prepare("config/../..", 0, "--json"));
        assertEquals("EINVAL", dots.get("errno").asText());
        assertEquals("subPath \"config/../..\" must not contain '..'", dots.get("message").asText());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(Main.USAGE, prepare("config", -1).exitCode());
        assertEquals(Main.USAGE, Cli.run("subpath", "prepare", "--subpath", "x").exitCode());
        assertEquals(Main.USAGE, Cli.run("subpath").exitCode());
    }

    @Test
    void safeMkdirCreatesInsideAndRefusesLeaving() throws IOException {
        Cli.Run made = Cli.run("subpath", "safe-mkdir", "--base", shared.toString(), "--subpath", "logs/web-1/x",
                "--mode", "0700");
        assertEquals(Main.OK, made.exitCode(), made.err());
        assertEquals("", made.out());
        assertEquals(0700, (int) Files.getAttribute(shared.resolve("logs/web-1/x"), "unix:mode") & 07777);

        JsonNode node = onlyJson(Cli.run("subpath", "safe-mkdir", "--base", shared.toString(), "--subpath", "new",
                "--json"));
        assertEquals("0750", node.get("mode").asText());
        assertTrue(Files.isDirectory(shared.resolve("new"), LinkOption.NOFOLLOW_LINKS));

        Cli.Run refused = Cli.run("subpath", "safe-mkdir", "--base", shared.toString(), "--subpath", "evil/tmp/owned");
        assertEquals(Main.FAILED, refused.exitCode());
        assertEquals("beneath: subPath \"evil/tmp/owned\": cannot create it: it leads outside the volume\n",
                refused.err());
        assertFalse(Files.exists(Path.of("/tmp/owned")));

        Cli.Run volumeItself = Cli.run("subpath", "safe-mkdir", "--base", shared.toString(), "--subpath", "");
        assertEquals(Main.OK, volumeItself.exitCode(), "the empty subPath names the volume: " + volumeItself.err());
    }

    private static JsonNode onlyJson(Cli.Run r) {
        return VolumeTest.onlyJson(r);
    }
}
