package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * exists, stat/lstat, readAllBytes/readString, write/writeString (plain and atomic), copy,
 * createTempFile/createTempDirectory and removeIfExists: one row per edge case, on both
 * backends, over a hostile tree. A row either fails with its errno or leaves the entries it
 * names present (or absent); nothing outside the root may change in any row.
 */
class FileOperationsTest {
    private static final ResolveOptions BENEATH = ResolveOptions.DEFAULT.withScope(Scope.BENEATH);

    @TempDir
    Path base;

    interface Op {
        void apply(Root root, Path dir) throws IOException;
    }

    record Row(String name, Op op, String errno, List<String> present, List<String> absent) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row ok(String name, Op op, String present, String... absent) {
        return new Row(name, op, null, present == null ? List.of() : List.of(present), List.of(absent));
    }

    private static Row err(String name, Op op, String errno, String... absent) {
        return new Row(name, op, errno, List.of(), List.of(absent));
    }

    private static String text(Path p) throws IOException {
        return Files.readString(p);
    }

    static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        // exists: absence is false, anything else that fails is thrown
        t.add(ok("exists a file", (r, d) -> assertTrue(r.exists("a/file")), null));
        t.add(ok("exists missing", (r, d) -> assertFalse(r.exists("a/missing")), null));
        t.add(ok("exists under a file", (r, d) -> assertFalse(r.exists("a/file/x")), null));
        t.add(ok("exists a dangling link", (r, d) -> assertFalse(r.exists("dangling")), null));
        t.add(ok("exists a dangling link itself", (r, d) -> assertTrue(r.exists("dangling", LinkOption.NOFOLLOW_LINKS)),
                null));
        t.add(ok("exists through an escaping link", (r, d) -> assertFalse(r.exists("escape/file")), null));
        t.add(err("exists through a loop", (r, d) -> r.exists("loop/x"), "ELOOP"));
        t.add(err("exists leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.exists("../outside/file");
            }
        }, "EXDEV"));
        // stat and lstat
        t.add(ok("stat follows a link", (r, d) -> assertEquals(FileType.REGULAR_FILE, r.stat("link-file").type()), null));
        t.add(ok("lstat does not", (r, d) -> assertEquals(FileType.SYMLINK, r.lstat("link-file").type()), null));
        t.add(ok("stat size", (r, d) -> assertEquals(4, r.stat("/abs/file").size()), null));
        t.add(err("stat a dangling link", (r, d) -> r.stat("dangling"), "ENOENT"));
        t.add(ok("lstat a dangling link", (r, d) -> assertEquals(FileType.SYMLINK, r.lstat("dangling").type()), null));
        // whole-file reads: regular files only, so a fifo cannot block
        t.add(ok("readAllBytes", (r, d) -> assertArrayEquals("data".getBytes(StandardCharsets.UTF_8),
                r.readAllBytes("a/file")), null));
        t.add(ok("readString through an in-root link", (r, d) -> assertEquals("data", r.readString("link-file")), null));
        t.add(ok("readString an empty file", (r, d) -> assertEquals("", r.readString("a/empty")), null));
        t.add(err("readAllBytes a fifo", (r, d) -> r.readAllBytes("fifo"), "EINVAL"));
        t.add(err("readAllBytes a dir", (r, d) -> r.readAllBytes("a"), "EISDIR"));
        t.add(err("readAllBytes missing", (r, d) -> r.readAllBytes("a/missing"), "ENOENT"));
        t.add(err("readAllBytes through an escaping link", (r, d) -> r.readAllBytes("escape/file"), "ENOENT"));
        t.add(ok("readString malformed UTF-8", (r, d) -> assertThrows(CharacterCodingException.class,
                () -> r.readString("a/latin1")), null));
        // plain write: CREATE, TRUNCATE_EXISTING, WRITE by default, never created through a link
        t.add(ok("write new", (r, d) -> {
            r.write("a/new", "fresh".getBytes(StandardCharsets.UTF_8));
            assertEquals("fresh", text(d.resolve("a/new")));
        }, "a/new"));
        t.add(ok("writeString truncates", (r, d) -> {
            r.writeString("a/file", "x");
            assertEquals("x", text(d.resolve("a/file")));
        }, "a/file"));
        t.add(ok("writeString through an in-root link", (r, d) -> {
            r.writeString("link-file", "via link");
            assertEquals("via link", text(d.resolve("a/file")));
        }, "link-file"));
        t.add(ok("write APPEND", (r, d) -> {
            r.write("a/file", "+".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            assertEquals("data+", text(d.resolve("a/file")));
        }, "a/file"));
        t.add(err("write through a dangling link", (r, d) -> r.writeString("dangling", "x"), "ELOOP"));
        t.add(err("write CREATE_NEW existing", (r, d) -> r.writeString("a/file", "x", StandardOpenOption.CREATE_NEW),
                "EEXIST"));
        t.add(err("write a fifo", (r, d) -> r.writeString("fifo", "x"), "EINVAL"));
        t.add(err("write leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.writeString("../../planted", "x");
            }
        }, "EXDEV"));
        // atomic replacement: the name is replaced, a link there is never followed
        t.add(ok("atomic new", (r, d) -> {
            r.writeString("a/new", "whole", WriteOption.ATOMIC_REPLACE);
            assertEquals("whole", text(d.resolve("a/new")));
            assertEquals(List.of("b", "empty", "file", "latin1", "new"), names(d.resolve("a")));
        }, "a/new"));
        t.add(ok("atomic keeps the mode", (r, d) -> {
            Files.setPosixFilePermissions(d.resolve("a/file"), java.nio.file.attribute.PosixFilePermissions
                    .fromString("rw-r-----"));
            r.writeString("a/file", "new", WriteOption.ATOMIC_REPLACE);
            assertEquals(0640, r.stat("a/file").permissionBits());
            assertEquals("new", text(d.resolve("a/file")));
        }, "a/file"));
        t.add(ok("atomic replaces a link itself", (r, d) -> {
            r.writeString("link-file", "replaced", WriteOption.ATOMIC_REPLACE);
            assertEquals(FileType.REGULAR_FILE, r.lstat("link-file").type());
            assertEquals("data", text(d.resolve("a/file")));
        }, "link-file"));
        t.add(ok("atomic replaces an escaping link itself", (r, d) -> {
            r.writeString("escape", "mine", WriteOption.ATOMIC_REPLACE);
            assertEquals("mine", text(d.resolve("escape")));
        }, "escape"));
        t.add(err("atomic CREATE_NEW existing", (r, d) -> r.writeString("a/file", "x", WriteOption.ATOMIC_REPLACE,
                StandardOpenOption.CREATE_NEW), "EEXIST"));
        t.add(err("atomic over a dir", (r, d) -> r.writeString("a/b", "x", WriteOption.ATOMIC_REPLACE), "EISDIR"));
        t.add(err("atomic under a missing dir", (r, d) -> r.writeString("missing/x", "x",
                WriteOption.ATOMIC_REPLACE), "ENOENT"));
        t.add(err("atomic leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.writeString("/a/file", "x", WriteOption.ATOMIC_REPLACE);
            }
        }, "EXDEV"));
        t.add(ok("atomic with APPEND refused", (r, d) -> assertThrows(IllegalArgumentException.class,
                () -> r.writeString("a/file", "x", WriteOption.ATOMIC_REPLACE, StandardOpenOption.APPEND)), "a/file"));
        // copy: by descriptor, into a new exclusive file
        t.add(ok("copy a file", (r, d) -> {
            r.copy("a/file", "a/copy");
            assertEquals("data", text(d.resolve("a/copy")));
        }, "a/copy"));
        t.add(ok("copy through a link copies the target", (r, d) -> {
            r.copy("link-file", "copy");
            assertEquals(FileType.REGULAR_FILE, r.lstat("copy").type());
        }, "copy"));
        t.add(ok("copy a link itself", (r, d) -> {
            r.copy("escape", "copy", LinkOption.NOFOLLOW_LINKS);
            assertEquals("../../outside", r.readSymbolicLink("copy"));
        }, "copy"));
        t.add(ok("copy a dir makes an empty dir", (r, d) -> {
            r.copy("a", "a2");
            assertEquals(List.of(), names(d.resolve("a2")));
        }, "a2"));
        t.add(ok("copy onto itself through a link", (r, d) -> {
            r.copy("link-file", "a/file");
            assertEquals("data", text(d.resolve("a/file")));
        }, "a/file"));
        t.add(err("copy onto a link to itself", (r, d) -> r.copy("a/file", "link-file"), "EEXIST"));
        t.add(ok("copy REPLACE_EXISTING", (r, d) -> {
            r.copy("a/file", "a/empty", StandardCopyOption.REPLACE_EXISTING);
            assertEquals("data", text(d.resolve("a/empty")));
        }, "a/empty"));
        t.add(ok("copy REPLACE_EXISTING over a link replaces the link", (r, d) -> {
            r.copy("a/file", "escape", StandardCopyOption.REPLACE_EXISTING);
            assertEquals("data", text(d.resolve("escape")));
        }, "escape"));
        t.add(ok("copy COPY_ATTRIBUTES", (r, d) -> {
            FileTime old = FileTime.fromMillis(86_400_000L);
            r.setTimes("a/file", old, old);
            r.copy("a/file", "a/copy", StandardCopyOption.COPY_ATTRIBUTES);
            assertEquals(old, r.stat("a/copy").lastModifiedTime());
        }, "a/copy"));
        t.add(err("copy over an existing file", (r, d) -> r.copy("a/file", "a/empty"), "EEXIST"));
        t.add(err("copy over a dangling link", (r, d) -> r.copy("a/file", "dangling"), "EEXIST"));
        t.add(err("copy REPLACE_EXISTING over a non-empty dir", (r, d) -> r.copy("a/file", "a",
                StandardCopyOption.REPLACE_EXISTING), "ENOTEMPTY"));
        t.add(err("copy a fifo", (r, d) -> r.copy("fifo", "copy"), "EINVAL", "copy"));
        t.add(err("copy missing", (r, d) -> r.copy("a/missing", "copy"), "ENOENT", "copy"));
        t.add(err("copy leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.copy("a/file", "../stolen");
            }
        }, "EXDEV"));
        t.add(ok("copy ATOMIC_MOVE refused", (r, d) -> assertThrows(UnsupportedOperationException.class,
                () -> r.copy("a/file", "x", StandardCopyOption.ATOMIC_MOVE)), null, "x"));
        // tree copy: a walk that never follows a link, each entry copied exclusively
        t.add(ok("copyTree", (r, d) -> {
            Files.delete(d.resolve("fifo"));
            r.copyTree("/", "a/b/../../copy");
            assertEquals("data", text(d.resolve("copy/a/file")));
            assertEquals(List.of("b", "empty", "file", "latin1"), names(d.resolve("copy/a")));
            assertEquals("../../outside", r.readSymbolicLink("copy/escape"));
            assertEquals(FileType.SYMLINK, r.lstat("copy/abs").type());
        }, "copy/a/b"));
        t.add(ok("copyTree COPY_ATTRIBUTES", (r, d) -> {
            FileTime old = FileTime.fromMillis(86_400_000L);
            r.setTimes("a/file", old, old);
            r.copyTree("a", "copy", StandardCopyOption.COPY_ATTRIBUTES);
            assertEquals(old, r.stat("copy/file").lastModifiedTime());
        }, "copy/file"));
        t.add(err("copyTree stops at a fifo", (r, d) -> r.copyTree("/", "copy"), "EINVAL"));
        t.add(err("copyTree into itself", (r, d) -> {
            Files.delete(d.resolve("fifo"));
            r.copyTree("a", "a/b/x");
        }, "EINVAL"));
        t.add(err("copyTree over an existing name", (r, d) -> r.copyTree("a", "abs"), "EEXIST"));
        t.add(err("copyTree leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.copyTree("a", "../copy");
            }
        }, "EXDEV"));
        // temporary files and directories: exclusive, 0600 / 0700
        t.add(ok("createTempFile", (r, d) -> {
            String p = r.createTempFile("a", "up-", ".part");
            assertTrue(p.startsWith("a/up-") && p.endsWith(".part"), p);
            assertEquals(0600, r.lstat(p).permissionBits());
            assertNotEquals(p, r.createTempFile("a", "up-", ".part"));
        }, "a/file"));
        t.add(ok("createTempDirectory", (r, d) -> {
            String p = r.createTempDirectory("/abs/", null);
            assertTrue(p.startsWith("/abs/"), p);
            assertEquals(FileType.DIRECTORY, r.lstat(p).type());
            assertEquals(0700, r.lstat(p).permissionBits());
        }, "a/b"));
        t.add(err("createTempFile in a file", (r, d) -> r.createTempFile("a/file", "x", null), "ENOTDIR"));
        t.add(err("createTempFile through an escaping link", (r, d) -> r.createTempFile("escape", "x", null), "ENOENT"));
        t.add(ok("createTempFile prefix with a slash", (r, d) -> assertThrows(IllegalArgumentException.class,
                () -> r.createTempFile("a", "../x", null)), null));
        // removeIfExists
        t.add(ok("removeIfExists a file", (r, d) -> assertTrue(r.removeIfExists("a/file")), null, "a/file"));
        t.add(ok("removeIfExists missing", (r, d) -> assertFalse(r.removeIfExists("a/missing")), null));
        t.add(ok("removeIfExists under a missing dir", (r, d) -> assertFalse(r.removeIfExists("missing/x")), null));
        t.add(ok("removeIfExists an empty dir", (r, d) -> assertTrue(r.removeIfExists("a/b")), "a", "a/b"));
        t.add(ok("removeIfExists a link itself", (r, d) -> assertTrue(r.removeIfExists("escape")), null, "escape"));
        t.add(err("removeIfExists a non-empty dir", (r, d) -> r.removeIfExists("a"), "ENOTEMPTY"));
        t.add(err("removeIfExists the root", (r, d) -> r.removeIfExists("/"), "EBUSY"));
        t.add(err("removeIfExists leaving under BENEATH", (r, d) -> {
            try (Root b = r.withOptions(BENEATH)) {
                b.removeIfExists("../outside/file");
            }
        }, "EXDEV"));
        return t;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Stream<Arguments> onBothBackends() {
        return Rows.onBothBackends(rows());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("onBothBackends")
    void row(Backend backend, Row row) throws IOException {
        Tree tree = new Tree(base);
        tree.dir("root/a/b").file("root/a/file", "data").file("root/a/empty", "")
                .symlink("root/dangling", "/nowhere/x").symlink("root/escape", "../../outside")
                .symlink("root/abs", "/a").symlink("root/loop", "loop").symlink("root/link-file", "a/file")
                .fifo("root/fifo")
                .file("outside/file", "secret").dir("outside/x");
        Files.write(tree.path("root/a/latin1"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Path root = tree.path("root");
        Census outside = Census.of(tree.path("outside"));
        try (Root r = Root.open(root, backend)) {
            if (row.errno() == null) {
                row.op().apply(r, root);
            } else {
                Rows.failsWith(row.errno(), () -> row.op().apply(r, root));
            }
        }
        for (String p : row.present()) {
            assertTrue(Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS), p + " should exist");
        }
        for (String p : row.absent()) {
            assertFalse(Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS), p + " should be gone");
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith(".beneath-")).toList(),
                    "a temporary file was left behind");
        }
        assertEquals(outside, Census.of(tree.path("outside")), "something outside the root changed");
    }
}
