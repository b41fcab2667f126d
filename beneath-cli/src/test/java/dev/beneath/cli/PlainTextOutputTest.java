package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name from the tree cannot add lines to plain-text output: control characters are printed
 * as escapes, as {@code ls} quotes them, while {@code --json} keeps every name exact.
 */
class PlainTextOutputTest extends VolumeTest {
    private static final String NAME = "x\n/etc/shadow";

    private void plant() throws IOException {
        Files.createDirectories(root.resolve(NAME));
        Files.createSymbolicLink(root.resolve("link\rback"), java.nio.file.Path.of("../a\tb"));
    }

    @Test
    void resolvePrintsOneLinePerPath() throws IOException {
        plant();
        Cli.Run r = run("resolve", NAME);
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals(1, r.outLines().size(), r.out());
        assertTrue(r.outLines().get(0).endsWith("/x\\n/etc/shadow"), r.out());
        assertEquals(root.resolve(NAME).toString(), onlyJson(run("resolve", "--json", NAME)).get("real").asText());
    }

    @Test
    void lsStatAndReadlinkEscapeNames() throws IOException {
        plant();
        Cli.Run ls = run("ls");
        assertEquals(Main.OK, ls.exitCode(), ls.err());
        List<String> lines = ls.outLines();
        assertTrue(lines.contains("dir     x\\n"), lines.toString());
        assertTrue(lines.contains("symlink link\\rback"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("/etc")), lines.toString());
        assertTrue(onlyJson(run("ls", "--json")).get("entries").findValuesAsText("name").contains("x\n"));
        Cli.Run stat = run("stat", NAME);
        assertEquals("path:     x\\n/etc/shadow", stat.outLines().get(0));
        Cli.Run readlink = run("readlink", "link\rback");
        assertEquals(List.of("../a\\tb"), readlink.outLines(), readlink.out());
    }

    @Test
    void errorsNameThePathOnOneLine() {
        Cli.Run r = run("stat", "missing\n/etc/passwd: ok");
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("beneath: missing\\n/etc/passwd: ok: ENOENT (No such file or directory)\n", r.err());
        assertEquals("missing\n/etc/passwd: ok", onlyJson(run("stat", "--json", "missing\n/etc/passwd: ok")).get("path").asText());
    }

    @Test
    void escapesAreUnambiguous() {
        assertEquals("a\\\\nb", PlainText.escape("a\\nb"));
        assertEquals("\\x1b[31m", PlainText.escape("\u001b[31m"));
        assertEquals("\\u202etxt", PlainText.escape("\u202etxt"));
        assertEquals("\\xff", PlainText.escape("\udcff"));
        assertEquals("plain/ünïcode", PlainText.escape("plain/ünïcode"));
    }
}
