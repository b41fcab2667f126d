package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edge cases of every mutating operation, one row each, on both backends, over a hostile
 * tree: the errno a row must fail with, or what must exist (or be gone) afterwards. Nothing
 * outside the root may change in any row.
 */
class OperationsTableTest {
    private static final String LONG_NAME = "n".repeat(256);

    @TempDir
    Path base;

    /** An operation applied to a root. */
    interface Op {
        void apply(Root root) throws IOException;
    }

    /**
     * One row: a description, the operation, and either the errno it must fail with or the
     * entries (relative to the root) that must exist after it and those that must not.
     */
    record Row(String name, Op op, String errno, List<String> present, List<String> absent) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row ok(String name, Op op, String present, String... absent) {
        return new Row(name, op, null, present == null ? List.of() : List.of(present), List.of(absent));
    }

    private static Row err(String name, Op op, String errno) {
        return new Row(name, op, errno, List.of(), List.of());
    }

    static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        // mkdir: one entry, exclusive; a trailing slash is allowed
        t.add(ok("mkdir new", r -> r.mkdir("new", 0755), "new"));
        t.add(ok("mkdir new/", r -> r.mkdir("new/", 0755), "new"));
        t.add(ok("mkdir /abs/new through an absolute link", r -> r.mkdir("abs/new", 0755), "a/new"));
        t.add(err("mkdir existing dir", r -> r.mkdir("a", 0755), "EEXIST"));
        t.add(err("mkdir over a file", r -> r.mkdir("a/file", 0755), "EEXIST"));
        t.add(err("mkdir over a dangling link", r -> r.mkdir("dangling", 0755), "EEXIST"));
        t.add(err("mkdir under a file", r -> r.mkdir("a/file/x", 0755), "ENOTDIR"));
        t.add(err("mkdir under a missing dir", r -> r.mkdir("missing/x", 0755), "ENOENT"));
        t.add(err("mkdir the root", r -> r.mkdir("/", 0755), "EEXIST"));
        t.add(err("mkdir .", r -> r.mkdir(".", 0755), "EEXIST"));
        t.add(err("mkdir a/.", r -> r.mkdir("a/.", 0755), "EINVAL"));
        t.add(err("mkdir a/..", r -> r.mkdir("a/..", 0755), "EINVAL"));
        t.add(err("mkdir through an escaping link", r -> r.mkdir("escape/x", 0755), "ENOENT"));
        t.add(err("mkdir through a loop", r -> r.mkdir("loop/x", 0755), "ELOOP"));
        t.add(err("mkdir empty path", r -> r.mkdir("", 0755), "ENOENT"));
        t.add(err("mkdir NUL", r -> r.mkdir("a\0b", 0755), "EINVAL"));
        t.add(err("mkdir 256-byte name", r -> r.mkdir(LONG_NAME, 0755), "ENAMETOOLONG"));
        // mkdirAll: existing part resolved, missing part created one mkdirat at a time
        t.add(ok("mkdirAll existing", r -> r.mkdirAll("a/b", 0755).close(), "a/b"));
        t.add(ok("mkdirAll deep", r -> r.mkdirAll("x/y/z", 0755).close(), "x/y/z"));
        t.add(ok("mkdirAll with .. in the existing part", r -> r.mkdirAll("a/../x", 0755).close(), "x"));
        t.add(ok("mkdirAll with . in the missing part", r -> r.mkdirAll("x/./y", 0755).close(), "x/y"));
        t.add(ok("mkdirAll the root", r -> r.mkdirAll("/", 0755).close(), null));
        t.add(ok("mkdirAll absolute, clamped", r -> r.mkdirAll("/../../x", 0755).close(), "x"));
        t.add(ok("mkdirAll through an in-root link", r -> r.mkdirAll("abs/b/c", 0755).close(), "a/b/c"));
        t.add(err("mkdirAll empty path", r -> r.mkdirAll("", 0755).close(), "ENOENT"));
        t.add(err("mkdirAll .. in the missing part", r -> r.mkdirAll("x/../y", 0755).close(), "ENOENT"));
        t.add(new Row("mkdirAll refused leaves nothing", r -> {
            try {
                r.mkdirAll("new/../y", 0755).close();
                fail("expected ENOENT");
            } catch (IOException e) {
                assertEquals("ENOENT", ((PathError) e).errno().name());
            }
        }, null, List.of(), List.of("new", "y")));
        t.add(err("mkdirAll over a file", r -> r.mkdirAll("a/file", 0755).close(), "ENOTDIR"));
        t.add(err("mkdirAll under a file", r -> r.mkdirAll("a/file/x", 0755).close(), "ENOTDIR"));
        t.add(err("mkdirAll through a dangling link", r -> r.mkdirAll("dangling/x", 0755).close(), "ENOTDIR"));
        t.add(err("mkdirAll through an escaping link", r -> r.mkdirAll("escape/x", 0755).close(), "ENOTDIR"));
        t.add(err("mkdirAll through a loop", r -> r.mkdirAll("loop/x", 0755).close(), "ELOOP"));
        t.add(err("mkdirAll over a fifo", r -> r.mkdirAll("fifo/x", 0755).close(), "ENOTDIR"));
        t.add(err("mkdirAll 256-byte name", r -> r.mkdirAll("x/" + LONG_NAME, 0755).close(), "ENAMETOOLONG"));
        // createFile: exclusive, never through a symlink
        t.add(ok("createFile new", r -> r.createFile("a/new", 0644).close(), "a/new"));
        t.add(ok("createFile via absolute parent", r -> r.createFile("/abs/new", 0644).close(), "a/new"));
        t.add(err("createFile existing file", r -> r.createFile("a/file", 0644).close(), "EEXIST"));
        t.add(err("createFile over a dangling link", r -> r.createFile("dangling", 0644).close(), "EEXIST"));
        t.add(err("createFile over a link to a file", r -> r.createFile("link-file", 0644).close(), "EEXIST"));
        t.add(err("createFile over a dir", r -> r.createFile("a", 0644).close(), "EEXIST"));
        t.add(err("createFile over a fifo", r -> r.createFile("fifo", 0644).close(), "EEXIST"));
        t.add(err("createFile trailing slash", r -> r.createFile("a/new/", 0644).close(), "EISDIR"));
        t.add(err("createFile the root", r -> r.createFile("/", 0644).close(), "EEXIST"));
        t.add(err("createFile a/..", r -> r.createFile("a/..", 0644).close(), "EINVAL"));
        t.add(err("createFile under a missing dir", r -> r.createFile("missing/x", 0644).close(), "ENOENT"));
        t.add(err("createFile under a file", r -> r.createFile("a/file/x", 0644).close(), "ENOTDIR"));
        // open: regular files only, so a planted fifo cannot block the caller
        t.add(err("open a fifo", r -> r.newFileChannel("fifo", java.nio.file.StandardOpenOption.WRITE).close(), "EINVAL"));
        t.add(err("open a dir", r -> r.newFileChannel("a").close(), "EISDIR"));
        t.add(err("open a link with NOFOLLOW_LINKS", r -> r.newFileChannel("link-file", java.nio.file.StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS).close(), "ELOOP"));
        t.add(ok("open through an in-root link", r -> r.newFileChannel("link-file").close(), "a/file"));
        // symlink and readlink
        t.add(ok("symlink new", r -> r.createSymbolicLink("a/l", "/etc/passwd"), "a/l"));
        t.add(err("symlink over a file", r -> r.createSymbolicLink("a/file", "x"), "EEXIST"));
        t.add(err("symlink over a dangling link", r -> r.createSymbolicLink("dangling", "x"), "EEXIST"));
        t.add(err("symlink the root", r -> r.createSymbolicLink("/", "x"), "EEXIST"));
        t.add(err("symlink empty target", r -> r.createSymbolicLink("a/l", ""), "ENOENT"));
        t.add(err("symlink trailing slash", r -> r.createSymbolicLink("a/l/", "x"), "ENOENT"));
        t.add(err("readlink a file", r -> r.readSymbolicLink("a/file"), "EINVAL"));
        t.add(err("readlink a dir", r -> r.readSymbolicLink("a"), "EINVAL"));
        t.add(err("readlink missing", r -> r.readSymbolicLink("missing"), "ENOENT"));
        t.add(ok("readlink a dangling link", r -> assertEquals("/nowhere/x", r.readSymbolicLink("a/../dangling")), "dangling"));
        // removeFile: the entry itself, never a link's target
        t.add(ok("removeFile a file", r -> r.removeFile("a/file"), null, "a/file"));
        t.add(ok("removeFile a dangling link", r -> r.removeFile("dangling"), null, "dangling"));
        t.add(ok("removeFile an escaping link", r -> r.removeFile("escape"), null, "escape"));
        t.add(ok("removeFile a link to a file", r -> r.removeFile("link-file"), "a/file", "link-file"));
        t.add(ok("removeFile a fifo", r -> r.removeFile("fifo"), null, "fifo"));
        t.add(err("removeFile a dir", r -> r.removeFile("a"), "EISDIR"));
        t.add(err("removeFile a dir/", r -> r.removeFile("a/"), "EISDIR"));
        t.add(err("removeFile file/", r -> r.removeFile("a/file/"), "ENOTDIR"));
        t.add(err("removeFile missing", r -> r.removeFile("missing"), "ENOENT"));
        t.add(err("removeFile the root", r -> r.removeFile("/"), "EISDIR"));
        t.add(err("removeFile through an escaping parent", r -> r.removeFile("escape/file"), "ENOENT"));
        // removeDir: empty directories only
        t.add(ok("removeDir empty", r -> r.removeDir("a/b"), "a", "a/b"));
        t.add(ok("removeDir empty/", r -> r.removeDir("a/b/"), "a", "a/b"));
        t.add(err("removeDir non-empty", r -> r.removeDir("a"), "ENOTEMPTY"));
        t.add(err("removeDir a file", r -> r.removeDir("a/file"), "ENOTDIR"));
        t.add(err("removeDir a link to a dir", r -> r.removeDir("abs"), "ENOTDIR"));
        t.add(err("removeDir the root", r -> r.removeDir("/"), "EBUSY"));
        t.add(err("removeDir .", r -> r.removeDir("."), "EBUSY"));
        t.add(err("removeDir a/..", r -> r.removeDir("a/.."), "EINVAL"));
        t.add(err("removeDir missing", r -> r.removeDir("missing"), "ENOENT"));
        // removeAll: rm -rf, links removed not followed
        t.add(ok("removeAll a tree", r -> r.removeAll("a"), "link-file", "a"));
        t.add(ok("removeAll a link to a dir", r -> r.removeAll("abs"), "a/file", "abs"));
        t.add(ok("removeAll an escaping link", r -> r.removeAll("escape"), null, "escape"));
        t.add(ok("removeAll missing", r -> r.removeAll("missing"), null));
        t.add(ok("removeAll under a missing dir", r -> r.removeAll("missing/x"), null));
        t.add(ok("removeAll a dir/", r -> r.removeAll("a/"), null, "a"));
        t.add(err("removeAll file/", r -> r.removeAll("a/file/"), "ENOTDIR"));
        t.add(err("removeAll the root", r -> r.removeAll("/"), "EBUSY"));
        // rename: links renamed themselves; a slash demands a directory
        t.add(ok("rename a file", r -> r.rename("a/file", "moved"), "moved", "a/file"));
        t.add(ok("rename a link", r -> r.rename("escape", "a/escape"), "a/escape", "escape"));
        t.add(ok("rename over a file", r -> r.rename("a/file", "a/other"), "a/other", "a/file"));
        t.add(ok("rename dir/ to new/", r -> r.rename("a/b/", "c/"), "c", "a/b"));
        t.add(ok("rename exchange", r -> {
            r.rename("a/file", "a/b", RenameOption.EXCHANGE);
            try (Handle h = r.resolve("a/file")) {
                assertEquals(FileType.DIRECTORY, h.type());
            }
        }, "a/b"));
        t.add(err("rename no-replace", r -> r.rename("a/file", "a/other", RenameOption.NO_REPLACE), "EEXIST"));
        t.add(err("rename file/", r -> r.rename("a/file/", "x"), "ENOTDIR"));
        t.add(err("rename file to x/", r -> r.rename("a/file", "x/"), "ENOTDIR"));
        t.add(err("rename missing", r -> r.rename("missing", "x"), "ENOENT"));
        t.add(err("rename the root", r -> r.rename("/", "x"), "EBUSY"));
        t.add(err("rename into a file", r -> r.rename("a/other", "a/file/x"), "ENOTDIR"));
        t.add(err("rename a dir into itself", r -> r.rename("a", "a/b/a"), "EINVAL"));
        // hardlink: the entry itself, through its descriptor
        t.add(ok("hardlink a file", r -> r.createLink("h", "a/file"), "h"));
        t.add(ok("hardlink a dangling link itself", r -> r.createLink("h", "dangling"), "h"));
        t.add(err("hardlink a dir", r -> r.createLink("h", "a"), "EPERM"));
        t.add(err("hardlink over an entry", r -> r.createLink("a/other", "a/file"), "EEXIST"));
        t.add(err("hardlink missing", r -> r.createLink("h", "missing"), "ENOENT"));
        // attributes follow links inside the root only
        t.add(ok("setPermissions via link", r -> r.setPermissions("link-file", 0600), "a/file"));
        t.add(err("setPermissions via escaping link", r -> r.setPermissions("escape/file", 0777), "ENOENT"));
        t.add(err("setPermissions missing", r -> r.setPermissions("missing", 0777), "ENOENT"));
        t.add(err("setPermissions on a link itself", r -> r.setOwner("dangling", 0, 0), "ENOENT"));
        return t;
    }

    static Stream<Arguments> onBothBackends() {
        return rows().stream().flatMap(r -> Stream.of(
                Arguments.of(Backend.OPENAT2, r), Arguments.of(Backend.EMULATED, r)));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("onBothBackends")
    void row(Backend backend, Row row) throws IOException {
        Tree tree = new Tree(base);
        tree.dir("root/a/b").file("root/a/file", "data").file("root/a/other", "other")
                .symlink("root/dangling", "/nowhere/x").symlink("root/escape", "../../outside")
                .symlink("root/abs", "/a").symlink("root/loop", "loop").symlink("root/link-file", "a/file")
                .fifo("root/fifo")
                .file("outside/file", "secret").dir("outside/x").dir("outside/new");
        Path root = tree.path("root");
        Census outside = Census.of(tree.path("outside"));
        try (Root r = Root.open(root, backend)) {
            if (row.errno() == null) {
                row.op().apply(r);
            } else {
                try {
                    row.op().apply(r);
                    fail("expected " + row.errno());
                } catch (IOException e) {
                    assertTrue(e instanceof PathError, () -> "not a PathError: " + e);
                    assertEquals(row.errno(), ((PathError) e).errno().name(), e::toString);
                }
            }
        }
        for (String p : row.present()) {
            assertTrue(Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS), p + " should exist");
        }
        for (String p : row.absent()) {
            assertFalse(Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS), p + " should be gone");
        }
        assertEquals(outside, Census.of(tree.path("outside")), "something outside the root changed");
    }
}
