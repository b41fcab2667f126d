package dev.beneath.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.Root;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attack cases of CPython's {@code TestExtractionFilters} and libarchive's
 * {@code test_write_disk_secure*}, with the zip-slip archives and the cases of issue 13, as
 * table rows. Each row runs under each policy, on both backends; it states the exact outcome of
 * every entry (E extracted, S skipped, R refused) per policy, and the census of everything
 * outside the destination (the directory {@code outside} with its secret, next to it) must be
 * unchanged, with no descriptor left open and nothing created at the host paths the archive
 * names.
 */
class AttackTableTest {
    /** A name no host path has; absolute entries aim at {@code /tmp/TOKEN...}. */
    private static final String TOKEN = "beneath-evil-" + Long.toHexString(System.nanoTime());

    /** How the archive reaches the extractor. */
    enum Format {
        TAR, PAX_TAR, ZIP, ZIP_STREAM
    }

    /** Assertions about the destination after a row ran. */
    @FunctionalInterface
    interface Check {
        void check(Path dest, ExtractionPolicy policy) throws IOException;
    }

    record Row(String name, Format format, OverwriteMode overwrite, Consumer<Tree> plant,
               Archives.Builder archive, Map<ExtractionPolicy, String> expected, Check check) {
        @Override
        public String toString() {
            return name + " [" + format + ", " + overwrite + "]";
        }
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private static Consumer<Tree> nothing() {
        return t -> { };
    }

    private static void row(String name, Format format, Archives.Builder archive, String data, String tar,
                            String strict, Check check) {
        row(name, format, OverwriteMode.NEVER, nothing(), archive, data, tar, strict, check);
    }

    private static void row(String name, Format format, OverwriteMode overwrite, Consumer<Tree> plant,
                            Archives.Builder archive, String data, String tar, String strict, Check check) {
        ROWS.add(new Row(name, format, overwrite, plant, archive,
                Map.of(ExtractionPolicy.DATA, data, ExtractionPolicy.TAR, tar, ExtractionPolicy.STRICT, strict),
                check));
    }

    private static final Check NONE = (dest, policy) -> { };

    static {
        // ---- names --------------------------------------------------------------------------
        row("absolute name", Format.TAR, Archives.builder().file("/tmp/" + TOKEN + "/evil", "x"), "E", "E", "R",
                (dest, p) -> assertEquals(p != ExtractionPolicy.STRICT,
                        Files.exists(dest.resolve("tmp/" + TOKEN + "/evil"))));
        row("absolute name (zip)", Format.ZIP, Archives.builder().file("/tmp/" + TOKEN + "/evil", "x"), "E", "E", "R",
                NONE);
        row("dot-dot name", Format.TAR, Archives.builder().file("../evil", "x"), "R", "R", "R", NONE);
        row("dot-dot inside a name", Format.TAR, Archives.builder().file("a/../../evil", "x"), "R", "R", "R", NONE);
        row("zip slip (tar)", Format.TAR, Archives.builder().file("../../tmp/" + TOKEN, "x"), "R", "R", "R", NONE);
        row("zip slip (zip)", Format.ZIP, Archives.builder().file("../../tmp/" + TOKEN, "x"), "R", "R", "R", NONE);
        row("zip slip (streamed zip)", Format.ZIP_STREAM, Archives.builder().file("../../tmp/" + TOKEN, "x"),
                "R", "R", "R", NONE);
        row("windows dot-dot (zip from DOS)", Format.ZIP,
                Archives.builder().dosFile("..\\..\\tmp\\" + TOKEN, "x").dosFile("dir\\file", "ok"),
                "RE", "RE", "RE", (dest, p) -> assertTrue(Files.isRegularFile(dest.resolve("dir/file"))));
        row("backslash is a character in tar", Format.TAR, Archives.builder().file("..\\evil", "x"), "E", "E", "E",
                (dest, p) -> assertTrue(Files.isRegularFile(dest.resolve("..\\evil"))));
        row("NUL in a name (zip)", Format.ZIP, Archives.builder().file("a\0b", "x"), "R", "R", "R", NONE);
        row("component longer than NAME_MAX", Format.TAR, Archives.builder().file("x".repeat(300), "x"),
                "R", "R", "R", NONE);
        row("long name through pax", Format.PAX_TAR,
                Archives.builder().file(("d".repeat(100) + "/").repeat(20) + "f", "deep"), "E", "E", "E",
                (dest, p) -> assertEquals("deep",
                        Files.readString(dest.resolve(("d".repeat(100) + "/").repeat(20) + "f"))));
        row("non-UTF-8 name", Format.TAR, Archives.builder().file(Archives.name((byte) 'c', (byte) 0xE9), "latin-1"),
                "E", "E", "E", AttackTableTest::hasLatin1Name);
        row("non-UTF-8 name (zip)", Format.ZIP,
                Archives.builder().file(Archives.name((byte) 'c', (byte) 0xE9), "latin-1"), "E", "E", "E",
                AttackTableTest::hasLatin1Name);
        row("non-UTF-8 symlink target", Format.TAR, Archives.builder()
                .file(Archives.name((byte) 'c', (byte) 0xE9), "latin-1")
                .symlink("l", Archives.name((byte) 'c', (byte) 0xE9)), "EE", "EE", "ER", NONE);
        row("names the destination", Format.TAR, Archives.builder().dir("./").file(".", "x"), "SR", "SR", "SR", NONE);

        // ---- symlinks -----------------------------------------------------------------------
        row("absolute symlink", Format.TAR, Archives.builder().symlink("abs", "/etc/passwd"), "R", "R", "R", NONE);
        row("symlink to the outside", Format.TAR, Archives.builder().symlink("rel", "../outside/secret"),
                "R", "R", "R", NONE);
        row("symlink to .. then a file through it", Format.TAR,
                Archives.builder().symlink("up", "..").file("up/evil", "x"), "RE", "RE", "RE",
                (dest, p) -> assertTrue(Files.isDirectory(dest.resolve("up"), LinkOption.NOFOLLOW_LINKS)));
        row("cur -> ., par -> cur/.., par/evil", Format.TAR,
                Archives.builder().symlink("cur", ".").symlink("par", "cur/..").file("par/evil", "x"),
                "ERE", "ERE", "RRE", NONE);
        row("current -> ., current/parent -> .., parent/evil", Format.TAR,
                Archives.builder().symlink("current", ".").symlink("current/parent", "..").file("parent/evil", "x"),
                "ERE", "ERE", "RRE", NONE);
        row("sly relative: ../moo -> ..//tmp/moo", Format.TAR, Archives.builder().symlink("../moo", "..//tmp/moo"),
                "R", "R", "R", NONE);
        row("sly relative: tmp/, tmp/../../moo", Format.TAR,
                Archives.builder().dir("tmp").symlink("tmp/../../moo", "tmp/../..//tmp/moo"), "ER", "ER", "ER", NONE);
        row("deep links: a hard link by archive name, a symlink by relative path", Format.TAR,
                Archives.builder().file("targetdir/target", "abc").hardlink("linkdir/hardlink", "targetdir/target")
                        .symlink("linkdir/symlink", "../targetdir/target"), "EEE", "EEE", "ERR",
                (dest, p) -> {
                    if (p != ExtractionPolicy.STRICT) {
                        assertEquals("abc", Files.readString(dest.resolve("linkdir/hardlink")));
                        assertEquals("abc", Files.readString(dest.resolve("linkdir/symlink")));
                    }
                });
        // a hard link whose source is a symlink is refused: only regular files are linked
        row("chains: links before their targets, a hard link to a symlink", Format.TAR,
                Archives.builder().symlink("linkdir/symlink", "hardlink").symlink("symlink2", "linkdir/hardlink2")
                        .file("targetdir/target", "abc").hardlink("linkdir/hardlink", "targetdir/target")
                        .hardlink("linkdir/hardlink2", "linkdir/symlink"), "EEEER", "EEEER", "RRERR",
                (dest, p) -> {
                    if (p != ExtractionPolicy.STRICT) {
                        assertEquals("abc", Files.readString(dest.resolve("linkdir/symlink")));
                    }
                });
        row("symlink inside, and a dangling one", Format.TAR,
                Archives.builder().dir("sub").file("sub/file", "in").symlink("ok", "sub/file").symlink("later", "none"),
                "EEEE", "EEEE", "EERR", (dest, p) -> {
                    if (p != ExtractionPolicy.STRICT) {
                        assertEquals("in", Files.readString(dest.resolve("ok")));
                    }
                });
        row("dangling symlink climbing past what exists", Format.TAR,
                Archives.builder().symlink("dang", "missing/../../x"), "R", "R", "R", NONE);
        row("symlink to /tmp then a file through it (libarchive)", Format.TAR,
                Archives.builder().symlink("link_to_tmp", "/tmp").file("link_to_tmp/" + TOKEN, "x"),
                "RE", "RE", "RE", NONE);
        row("symlink in a zip", Format.ZIP, Archives.builder().symlink("up", "../outside").file("up/secret", "x"),
                "RE", "RE", "RE", NONE);
        chainRows();
        row("symlink, directory of the same name, file in it", Format.TAR,
                Archives.builder().symlink("d", "../outside").dir("d").file("d/evil", "x"), "REE", "REE", "REE",
                (dest, p) -> assertTrue(Files.isDirectory(dest.resolve("d"), LinkOption.NOFOLLOW_LINKS)));
        row("symlink inside, directory of the same name, file in it", Format.TAR,
                Archives.builder().dir("real").symlink("d", "real").dir("d").file("d/f", "x"), "EESE", "EESE", "EREE",
                (dest, p) -> assertTrue(Files.isRegularFile(dest.resolve(p == ExtractionPolicy.STRICT ? "d/f" : "real/f"))));
        row("planted symlink to the outside, directory and file through it", Format.TAR, OverwriteMode.NEVER,
                t -> t.symlink("d", "../outside"), Archives.builder().dir("d").file("d/evil", "x"),
                "SR", "SR", "SR", NONE);
        row("planted symlink to the outside, replaced by a directory", Format.TAR, OverwriteMode.REPLACE,
                t -> t.symlink("d", "../outside"), Archives.builder().dir("d").file("d/evil", "x"),
                "EE", "EE", "EE",
                (dest, p) -> assertTrue(Files.isRegularFile(dest.resolve("d/evil"), LinkOption.NOFOLLOW_LINKS)));
        for (OverwriteMode mode : OverwriteMode.values()) {
            String outcome = mode == OverwriteMode.NEVER ? "S" : "E";
            row("planted symlink to an outside directory, directory entry of its name with mode 0777 (libarchive 745)",
                    Format.TAR, mode, t -> t.symlink("sym", "../outside/dir"), Archives.builder().dir("sym", 0777),
                    outcome, outcome, outcome, NONE);
        }
        String longPath = ("x".repeat(100) + "/").repeat(30);
        row("a long path, then a symlink out at its end and a file through it (libarchive 744)", Format.TAR,
                Archives.builder().dir(longPath).symlink(longPath + "link", "/").file(longPath + "link/evil", "x"),
                "ERE", "ERE", "ERE", NONE);
        row("planted absolute symlink on the way", Format.TAR, OverwriteMode.NEVER, t -> t.symlink("planted", "/"),
                Archives.builder().file("planted/tmp/" + TOKEN, "x"), "R", "R", "R", NONE);
        row("planted symlink inside on the way", Format.TAR, OverwriteMode.NEVER,
                t -> t.dir("realdir").symlink("inlink", "realdir"),
                Archives.builder().file("inlink/f", "x"), "E", "E", "R", NONE);

        // ---- hard links ---------------------------------------------------------------------
        row("hard link to an outside path", Format.TAR,
                Archives.builder().hardlink("hl", "../outside/secret").hardlink("hl2", "/etc/passwd"),
                "RR", "RR", "RR", NONE);
        row("hard link to an absolute path named inside", Format.TAR, OverwriteMode.NEVER,
                t -> t.file("etc/passwd", "inner"), Archives.builder().hardlink("hl", "/etc/passwd"),
                "E", "E", "R", NONE);
        row("hard link through a symlink inside", Format.TAR,
                Archives.builder().dir("sub").file("sub/f", "x").symlink("ln", "sub").hardlink("h", "ln/f"),
                "EEEE", "EEEE", "EERR", NONE);
        row("hard link through a planted symlink to the outside", Format.TAR, OverwriteMode.NEVER,
                t -> t.symlink("planted", "../outside"), Archives.builder().hardlink("h", "planted/secret"),
                "R", "R", "R", NONE);
        row("hard link through a refused symlink", Format.TAR,
                Archives.builder().symlink("out", "../outside").hardlink("h", "out/secret"), "RR", "RR", "RR", NONE);
        row("hard link carrying data, to an outside path and to a file inside (libarchive 746)", Format.TAR,
                Archives.builder().file("foo", "unmodified").hardlinkWithData("bar", "../outside/secret", "modified")
                        .hardlinkWithData("baz", "foo", "modified"), "ERE", "ERE", "ERR",
                (dest, p) -> assertEquals("unmodified", Files.readString(dest.resolve("foo"))));
        row("hard link to a directory", Format.TAR, Archives.builder().dir("dd").hardlink("h", "dd"),
                "ER", "ER", "ER", NONE);
        row("hard link to a symlink", Format.TAR,
                Archives.builder().file("f", "x").symlink("s", "f").hardlink("h", "s"), "EER", "EER", "ERR", NONE);

        // ---- existing names -----------------------------------------------------------------
        row("duplicate entries, never", Format.TAR, Archives.builder().file("f", "first").file("f", "second"),
                "ES", "ES", "ES", (dest, p) -> assertEquals("first", Files.readString(dest.resolve("f"))));
        row("duplicate entries, replace", Format.TAR, OverwriteMode.REPLACE, nothing(),
                Archives.builder().file("f", "first").file("f", "second"), "EE", "EE", "EE",
                (dest, p) -> assertEquals("second", Files.readString(dest.resolve("f"))));
        row("a link, then a file of its name, never", Format.TAR,
                Archives.builder().file("target", "t").symlink("l", "target").file("l", "pwned"),
                "EES", "EES", "ERE", (dest, p) -> assertEquals("t", Files.readString(dest.resolve("target"))));
        row("a link, then a file of its name, replace", Format.TAR, OverwriteMode.REPLACE, nothing(),
                Archives.builder().file("target", "t").symlink("l", "target").file("l", "new"),
                "EEE", "EEE", "ERE", (dest, p) -> {
                    assertEquals("t", Files.readString(dest.resolve("target")));
                    assertFalse(Files.isSymbolicLink(dest.resolve("l")));
                });
        row("planted symlink to the outside, file of its name, replace", Format.TAR, OverwriteMode.REPLACE,
                t -> t.symlink("l", "../outside/secret"), Archives.builder().file("l", "pwned"), "E", "E", "E",
                (dest, p) -> assertEquals("pwned", Files.readString(dest.resolve("l"))));
        row("planted symlink to the outside, file of its name, never", Format.TAR, OverwriteMode.NEVER,
                t -> t.symlink("l", "../outside/secret"), Archives.builder().file("l", "pwned"), "S", "S", "S", NONE);
        row("a file, then a directory of its name, replace", Format.TAR, OverwriteMode.REPLACE, nothing(),
                Archives.builder().file("x", "f").dir("x").file("x/y", "in"), "EEE", "EEE", "EEE", NONE);
        row("a directory, then a file of its name, replace", Format.TAR, OverwriteMode.REPLACE, nothing(),
                Archives.builder().dir("x").file("x", "f"), "ER", "ER", "ER",
                (dest, p) -> assertTrue(Files.isDirectory(dest.resolve("x"))));
        row("a link whose .. a later replacement moves out, replace", Format.TAR, OverwriteMode.REPLACE, nothing(),
                Archives.builder().dir("sub/d/e").symlink("sub/y", "d/e").symlink("sub/a", "y/../../..").dir("sub/y"),
                "EERE", "EERE", "ERRE", (dest, p) -> {
                    assertFalse(Files.exists(dest.resolve("sub/a"), LinkOption.NOFOLLOW_LINKS));
                    assertTrue(Files.isDirectory(dest.resolve("sub/y"), LinkOption.NOFOLLOW_LINKS));
                });
        row("a file in the way of a parent", Format.TAR, Archives.builder().file("f", "x").file("f/g", "y"),
                "ER", "ER", "ER", NONE);

        // ---- types and modes ----------------------------------------------------------------
        row("devices and fifos", Format.TAR, Archives.builder().special(EntryType.CHARACTER_DEVICE, "null2")
                .special(EntryType.BLOCK_DEVICE, "sda9").special(EntryType.FIFO, "pipe"), "RRR", "RRR", "RRR", NONE);
        row("fifo in a zip", Format.ZIP, Archives.builder().special(EntryType.FIFO, "pipe"), "R", "R", "R", NONE);
        row("setuid, setgid, sticky and group-writable modes", Format.TAR,
                Archives.builder().file("suid", "x", 04755).file("sgid", "x", 02775).file("open", "x", 0777)
                        .file("private", "x", 0400).dir("sticky", 01777),
                "EEEEE", "EEEEE", "EEEEE", (dest, p) -> {
                    boolean tar = p == ExtractionPolicy.TAR;
                    assertEquals(0755, mode(dest.resolve("suid")));
                    assertEquals(tar ? 0775 : 0755, mode(dest.resolve("sgid")));
                    assertEquals(tar ? 0777 : 0755, mode(dest.resolve("open")));
                    assertEquals(tar ? 0400 : 0600, mode(dest.resolve("private")));
                    assertEquals(tar ? 01777 : 0755, mode(dest.resolve("sticky")));
                });
        row("CPython's modes", Format.TAR,
                Archives.builder().file("all_bits", "x", 07777).file("perm_bits", "x", 0777)
                        .file("exec_group_other", "x", 0677).file("read_group_only", "x", 0040)
                        .file("no_bits", "x", 0).dir("dir", 03077).dir("dir_all_bits", 07777),
                "EEEEEEE", "EEEEEEE", "EEEEEEE", (dest, p) -> {
                    boolean tar = p == ExtractionPolicy.TAR;
                    assertEquals(tar ? 01777 : 0755, mode(dest.resolve("all_bits")));
                    assertEquals(tar ? 0777 : 0755, mode(dest.resolve("perm_bits")));
                    assertEquals(tar ? 0677 : 0644, mode(dest.resolve("exec_group_other")));
                    assertEquals(tar ? 0040 : 0640, mode(dest.resolve("read_group_only")));
                    assertEquals(tar ? 0 : 0600, mode(dest.resolve("no_bits")));
                    assertEquals(tar ? 01077 : 0755, mode(dest.resolve("dir")));
                    assertEquals(tar ? 01777 : 0755, mode(dest.resolve("dir_all_bits")));
                });
        row("read-only directory still receives its entries", Format.TAR,
                Archives.builder().dir("ro", 0555).file("ro/f", "x"), "EE", "EE", "EE",
                (dest, p) -> assertEquals(p == ExtractionPolicy.TAR ? 0555 : 0755, mode(dest.resolve("ro"))));
    }

    /**
     * CVE-2025-4517's shape: a chain of sixteen relative links down a deep tree, then a link
     * that climbs back with {@code ..} through all of them: by its text it climbs out, by the
     * kernel's resolution one more {@code ..} does. A hard link to the escaping link follows.
     */
    private static void chainRows() {
        Archives.Builder b = Archives.builder();
        StringBuilder dir = new StringBuilder();
        for (int i = 1; i <= 16; i++) {
            dir.append(i == 1 ? "" : "/").append("d");
            b.dir(dir.toString());
        }
        b.file(dir + "/leaf", "leaf");
        b.symlink("c1", "d");
        for (int i = 2; i <= 16; i++) {
            b.symlink("c" + i, "c" + (i - 1) + "/d");
        }
        b.symlink("back-inside", "c16" + "/..".repeat(16) + "/c16/leaf");
        b.symlink("escape", "c16" + "/..".repeat(17) + "/outside/secret");
        b.hardlink("hl", "escape");
        b.file("escape/evil", "x");
        String dirs = "E".repeat(17);
        row("16 chained relative links, then .. out (CVE-2025-4517)", Format.TAR, b,
                dirs + "E".repeat(16) + "ERRE", dirs + "E".repeat(16) + "ERRE", dirs + "R".repeat(16) + "RRRE",
                (dest, p) -> {
                    if (p != ExtractionPolicy.STRICT) {
                        assertEquals("leaf", Files.readString(dest.resolve("back-inside")));
                    }
                });
    }

    /** The one entry has exactly the bytes {@code c 0xE9}, read through the core (the JDK's Path would alter them). */
    private static void hasLatin1Name(Path dest, ExtractionPolicy policy) throws IOException {
        try (Root root = Root.open(dest); dev.beneath.Handle top = root.resolve(".")) {
            List<byte[]> names = top.list().stream().map(dev.beneath.DirectoryEntry::nameBytes)
                    .filter(n -> n[0] == 'c').toList();
            assertEquals(1, names.size());
            assertArrayEquals(new byte[] {'c', (byte) 0xE9}, names.getFirst());
        }
    }

    static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared procfs instance is opened once, on first use: not by a row. */
    @org.junit.jupiter.api.BeforeAll
    static void openProcFs(@TempDir Path dir) throws IOException {
        try (Root root = Root.open(dir); dev.beneath.Handle h = root.createFile("warm-up", 0600);
             java.nio.channels.FileChannel c = h.newChannel(java.nio.file.StandardOpenOption.WRITE)) {
            h.setPermissions(0644);
        }
    }

    static Stream<Arguments> cases() {
        return ROWS.stream().flatMap(r -> Stream.of(ExtractionPolicy.values()).flatMap(p ->
                Stream.of(Backend.OPENAT2, Backend.EMULATED).map(b -> Arguments.of(r, p, b))));
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("cases")
    void row(Row row, ExtractionPolicy policy, Backend backend, @TempDir Path base) throws IOException {
        new Tree(base).file("outside/secret", "host secret\n").dir("outside/dir");
        Tree dest = new Tree(base.resolve("dest")).dir(".");
        row.plant().accept(dest);
        byte[] archive = switch (row.format()) {
            case TAR -> row.archive().tar();
            case PAX_TAR -> row.archive().paxTar();
            case ZIP, ZIP_STREAM -> row.archive().zip();
        };
        Path file = base.resolve("archive");
        Files.write(file, archive);
        Census before = outside(base);
        FdSnapshot fds = FdSnapshot.take();
        ExtractionReport report;
        try (Root root = Root.open(dest.base(), backend)) {
            Extractor extractor = Extractor.builder().destination(root).policy(policy).overwrite(row.overwrite()).build();
            if (row.format() == Format.ZIP) {
                report = extractor.extract(file);
            } else {
                report = extractor.extract(new ByteArrayInputStream(archive));
            }
        }
        assertEquals(Map.of(), FdSnapshot.take().newSince(fds), "descriptors left open");
        String outcomes = report.entries().stream().map(e -> e.outcome().name().substring(0, 1))
                .collect(Collectors.joining());
        assertEquals(row.expected().get(policy), outcomes, () -> "per-entry outcomes: " + report.entries());
        assertTrue(report.complete());
        assertEquals(before, outside(base), "something outside the destination changed");
        assertFalse(Files.exists(Path.of("/tmp", TOKEN), LinkOption.NOFOLLOW_LINKS), "a host path was created");
        for (EntryReport e : report.entries()) {
            if (e.outcome() == Outcome.REFUSED) {
                assertFalse(e.reason().isEmpty(), () -> "a refusal without a reason: " + e);
            }
        }
        noTemporaryNames(dest.base());
        row.check().check(dest.base(), policy);
        removeSymlinks(base);
    }

    /** Symlinks leading out of the temporary directory are removed here, not by JUnit (which warns of each). */
    static void removeSymlinks(Path base) throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The census of the base directory without the destination: what must never change. */
    static Census outside(Path base) {
        Map<String, String> all = new TreeMap<>(Census.of(base).entries());
        all.keySet().removeIf(k -> k.equals("dest") || k.startsWith("dest/"));
        return new Census(all);
    }

    /** No temporary name is left behind: a refused or skipped entry leaves nothing. */
    static void noTemporaryNames(Path dest) throws IOException {
        try (Stream<Path> all = Files.walk(dest)) {
            List<Path> left = all.filter(p -> p.getFileName().toString().startsWith(".beneath-extract-")).toList();
            assertEquals(List.of(), left);
        }
    }
}
