package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beneath.internal.resolve.Backends;
import dev.beneath.testkit.Tree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolveCommandTest {
    @TempDir
    Path base;

    Path root;
    Tree tree;

    @BeforeEach
    void plantTree() throws IOException {
        root = base.resolve("volume");
        tree = new Tree(root)
                .dir("a/b")
                .file("a/f", "content\n")
                .symlink("evil", "/")
                .symlink("escape", "../../../../../../etc")
                .symlink("up", "..")
                .symlink("link-to-f", "a/f")
                .symlink("dangling", "nowhere")
                .fifo("pipe")
                .socket("sock");
        root = root.toRealPath();
    }

    @AfterEach
    void removeLinksLeadingOut() throws IOException {
        // so that the temporary directory's cleanup has nothing outside to warn about
        Files.deleteIfExists(root.resolve("evil"));
        Files.deleteIfExists(root.resolve("escape"));
    }

    private String real(String relative) {
        return root.resolve(relative).toString();
    }

    // ---- plain output -----------------------------------------------------------------

    @Test
    void printsTheRealPathOfEachPath() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "a", "a/b", "link-to-f", "a/b/../f", "pipe");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals(List.of(real("a"), real("a/b"), real("a/f"), real("a/f"), real("pipe")), r.outLines());
        assertEquals("", r.err());
    }

    @Test
    void inRootConfinesAbsoluteLinksAndDotDot() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "evil", "evil/a/f", "../../a", "up/up/a/b", "/a");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals(List.of(root.toString(), real("a/f"), real("a"), real("a/b"), real("a")), r.outLines());
    }

    @Test
    void theFirstFailureIsOneLineOnStderrAndExitOne() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "--scope", "beneath", "a", "evil/etc", "a/b");
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals(List.of(real("a")), r.outLines(), "paths before the failure are printed, none after");
        assertTrue(r.err().startsWith("beneath: evil/etc: EXDEV ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aMissingRootIsAFailure() {
        String missing = base.resolve("no-such-dir").toString();
        Cli.Run r = Cli.run("resolve", "--root", missing, "a");
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("beneath: " + missing + ": ENOENT (No such file or directory)\n", r.err());
    }

    @Test
    void optionsReachTheResolver() {
        String rootArg = root.toString();
        assertEquals(List.of(real("link-to-f")),
                Cli.run("resolve", "--root", rootArg, "--nofollow", "link-to-f").outLines());
        Cli.Run noSymlinks = Cli.run("resolve", "--root", rootArg, "--no-symlinks", "link-to-f");
        assertEquals(Main.FAILED, noSymlinks.exitCode());
        assertTrue(noSymlinks.err().startsWith("beneath: link-to-f: ELOOP"), noSymlinks.err());
        assertEquals(Main.OK, Cli.run("resolve", "--root", rootArg, "--no-xdev", "a/b").exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--scope=outside", "--backend=fastest", "--frobnicate"})
    void badOptionsAreUsageErrors(String option) {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), option, "a");
        assertEquals(Main.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("beneath: "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrors() {
        assertEquals(Main.USAGE, Cli.run("resolve", "a").exitCode(), "no --root");
        assertEquals(Main.USAGE, Cli.run("resolve", "--root", root.toString()).exitCode(), "no PATH");
        assertEquals(Main.USAGE, Cli.run("resolve", "--root", root.toString(), "--batch", "a").exitCode(),
                "--batch with PATH");
    }

    // ---- --json -----------------------------------------------------------------------

    @Test
    void jsonAnswersEveryPathInTheDocumentedShape() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "--json", "--scope", "beneath",
                "a", "escape/passwd", "a/f", "dangling");
        assertEquals(Main.FAILED, r.exitCode(), "some paths failed");
        List<JsonNode> answers = r.json();
        assertEquals(4, answers.size(), r.out());
        assertSuccess(answers.get(0), "a", real("a"), "dir");
        assertFailure(answers.get(1), "escape/passwd", "EXDEV");
        assertSuccess(answers.get(2), "a/f", real("a/f"), "file");
        assertFailure(answers.get(3), "dangling", "ENOENT");
        assertEquals("", r.err());
    }

    @Test
    void jsonReportsEveryFileType() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "--json", "--nofollow",
                "a", "a/f", "link-to-f", "pipe", "sock", "/dev-is-not-here");
        List<JsonNode> answers = r.json();
        assertEquals(List.of("dir", "file", "symlink", "fifo", "socket"),
                answers.subList(0, 5).stream().map(n -> n.get("type").asText()).toList());
        assertFailure(answers.get(5), "/dev-is-not-here", "ENOENT");
    }

    @Test
    void jsonAllGoodExitsZero() {
        Cli.Run r = Cli.run("resolve", "--root", root.toString(), "--json", "a");
        assertEquals(Main.OK, r.exitCode());
        assertSuccess(r.json().getFirst(), "a", real("a"), "dir");
    }

    @Test
    void jsonReportsAMissingRootAsAnObject() {
        String missing = base.resolve("gone").toString();
        Cli.Run r = Cli.run("resolve", "--root", missing, "--json", "a");
        assertEquals(Main.FAILED, r.exitCode());
        assertFailure(r.json().getFirst(), missing, "ENOENT");
    }

    // ---- --batch ----------------------------------------------------------------------

    @Test
    void namesThatAreNotUtf8AreListedAndResolvedExactly() throws Exception {
        byte[] name = {'c', 'a', 'f', (byte) 0xE9};
        byte[] dir = (root + "/a/").getBytes(UTF_8);
        byte[] full = java.util.Arrays.copyOf(dir, dir.length + name.length);
        System.arraycopy(name, 0, full, dir.length, name.length);
        dev.beneath.internal.sys.Sys.mkdirat(dev.beneath.internal.sys.Linux.AT_FDCWD, full, 0755);
        try {
            Cli.Run ls = Cli.run("ls", "--root", root.toString(), "--json", "a");
            String listed = null;
            for (JsonNode e : ls.json().getFirst().get("entries")) {
                if (e.get("name").asText().startsWith("caf")) {
                    listed = e.get("name").asText();
                }
            }
            assertEquals("caf\uDCE9", listed, "the raw byte travels as its escape");
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            input.write("a/".getBytes(UTF_8));
            input.write(name);
            input.write('\n');
            Cli.Run r = Cli.runWithInput(input.toByteArray(), "resolve", "--root", root.toString(), "--batch");
            assertEquals("dir", r.json().getFirst().get("type").asText(), r.out());
            assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("\\udce9"), "JSON escapes the byte exactly: " + r.out());
        } finally {
            dev.beneath.internal.sys.Sys.unlinkat(dev.beneath.internal.sys.Linux.AT_FDCWD, full,
                    dev.beneath.internal.sys.Linux.AT_REMOVEDIR);
        }
    }


    @Test
    void batchAnswersEveryLineInOrderAndExitsZero() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        List<String> sent = List.of("a", "evil/etc/passwd", "../../../etc", "a/f", "nope", "", "escape/passwd",
                "we\"ird\\name\twith\u0001control", "with\rcarriage", "nul\u0000byte", "a/f/", "link-to-f");
        for (String line : sent) {
            input.write(line.getBytes(UTF_8));
            input.write('\n');
        }
        input.write("last-without-newline".getBytes(UTF_8));

        Cli.Run r = Cli.runWithInput(input.toByteArray(), "resolve", "--root", root.toString(), "--batch",
                "--scope", "beneath");

        assertEquals(Main.OK, r.exitCode(), "every line was answered, though some failed: " + r.err());
        List<JsonNode> answers = r.json();
        assertEquals(sent.size() + 1, answers.size(), r.out());
        assertSuccess(answers.get(0), "a", real("a"), "dir");
        assertFailure(answers.get(1), "evil/etc/passwd", "EXDEV");
        assertFailure(answers.get(2), "../../../etc", "EXDEV");
        assertSuccess(answers.get(3), "a/f", real("a/f"), "file");
        assertFailure(answers.get(4), "nope", "ENOENT");
        assertFalse(answers.get(5).get("ok").asBoolean(), "an empty line is answered, as a failure");
        assertFailure(answers.get(6), "escape/passwd", "EXDEV");
        assertFailure(answers.get(7), sent.get(7), "ENOENT");
        assertFailure(answers.get(8), "with\rcarriage", "ENOENT");
        assertFailure(answers.get(9), "nul\u0000byte", "EINVAL");
        assertFailure(answers.get(10), "a/f/", "ENOTDIR");
        assertSuccess(answers.get(11), "link-to-f", real("a/f"), "file");
        assertFailure(answers.get(12), "last-without-newline", "ENOENT");
        for (String line : r.outLines()) {
            assertFalse(line.contains("\t") || line.contains("\r") || line.contains("\u0000"),
                    "control characters are escaped: " + line);
        }
    }

    @Test
    void batchSurvivesBytesThatAreNotUtf8() {
        byte[] input = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '\n', 'a', '\n'};
        Cli.Run r = Cli.runWithInput(input, "resolve", "--root", root.toString(), "--batch");
        assertEquals(Main.OK, r.exitCode());
        List<JsonNode> answers = r.json();
        assertEquals(2, answers.size());
        assertEquals("ENOENT", answers.get(0).get("errno").asText());
        assertSuccess(answers.get(1), "a", real("a"), "dir");
    }

    @Test
    void batchWithNoInputAnswersNothing() {
        Cli.Run r = Cli.runWithInput(new byte[0], "resolve", "--root", root.toString(), "--batch");
        assertEquals(Main.OK, r.exitCode());
        assertEquals("", r.out());
    }

    @Test
    void batchReportsAMissingRootAsOneLineAndExitsOne() {
        String missing = base.resolve("gone").toString();
        Cli.Run r = Cli.runWithInput("a\nb\n", "resolve", "--root", missing, "--batch");
        assertEquals(Main.FAILED, r.exitCode());
        List<JsonNode> answers = r.json();
        assertEquals(1, answers.size(), r.out());
        assertFailure(answers.getFirst(), missing, "ENOENT");
    }

    @Test
    void batchOnARootThatIsAFile() {
        String file = root.resolve("a/f").toString();
        Cli.Run r = Cli.runWithInput("a\n", "resolve", "--root", file, "--batch");
        assertEquals(Main.FAILED, r.exitCode());
        assertFailure(r.json().getFirst(), file, "ENOTDIR");
    }

    // ---- backends ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"in-root", "beneath"})
    void openat2AndEmulatedGiveTheSameAnswers(String scope) {
        assumeTrue(Backends.probeResult().openat2Available(), "openat2 is not available here");
        String paths = String.join("\n", List.of("a", "a/b", "a/f", "link-to-f", "evil", "evil/a/f",
                "escape/passwd", "up/a", "../a", "/a/b", "dangling", "a/f/x", "pipe", "sock", "a/./b//", "a/b/../../a"))
                + "\n";
        List<String> outputs = new ArrayList<>();
        for (String backend : List.of("openat2", "emulated")) {
            Cli.Run r = Cli.runWithInput(paths, "resolve", "--root", root.toString(), "--batch", "--scope", scope,
                    "--backend", backend);
            assertEquals(Main.OK, r.exitCode(), r.err());
            outputs.add(r.out());
        }
        assertEquals(outputs.get(0), outputs.get(1));
        assertEquals(16, outputs.getFirst().lines().count());
    }

    @Test
    void everyBackendNameIsAccepted() {
        Stream.of("auto", "emulated").forEach(backend ->
                assertEquals(List.of(real("a/f")),
                        Cli.run("resolve", "--root", root.toString(), "--backend", backend, "link-to-f").outLines()));
    }

    // ---- helpers ----------------------------------------------------------------------

    private static void assertSuccess(JsonNode node, String path, String real, String type) {
        assertEquals(Set.of("path", "ok", "real", "type"), fieldNames(node), node.toString());
        assertEquals(path, node.get("path").asText());
        assertTrue(node.get("ok").isBoolean() && node.get("ok").asBoolean(), node.toString());
        assertEquals(real, node.get("real").asText());
        assertEquals(type, node.get("type").asText());
    }

    private static void assertFailure(JsonNode node, String path, String errno) {
        assertEquals(Set.of("path", "ok", "errno", "message"), fieldNames(node), node.toString());
        assertEquals(path, node.get("path").asText());
        assertTrue(node.get("ok").isBoolean() && !node.get("ok").asBoolean(), node.toString());
        assertEquals(errno, node.get("errno").asText(), node.toString());
        assertTrue(node.get("message").asText().contains(errno), node.toString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
