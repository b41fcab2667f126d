package dev.beneath;

import static dev.beneath.ResolveCase.BEN;
import static dev.beneath.ResolveCase.IN;
import static dev.beneath.ResolveCase.err;
import static dev.beneath.ResolveCase.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.ResolveCase.Outcome;
import dev.beneath.testkit.HostileTree;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolution contract (DESIGN §3) as a table over {@link HostileTree}, every row run on
 * both backends. Success is judged by dev/ino, never by path strings.
 */
class ResolveTableTest {
    static final ResolveOptions NF = IN.withNoFollow(true);
    static final ResolveOptions NS = IN.withNoSymlinks(true);
    static final ResolveOptions NSNF = NS.withNoFollow(true);
    static final ResolveOptions BEN_NF = BEN.withNoFollow(true);
    static final ResolveOptions BEN_NS = BEN.withNoSymlinks(true);
    static final ResolveOptions ALL = BEN.withNoSymlinks(true).withNoXdev(true).withNoFollow(true);

    static final String TOO_LONG_NAME = "x".repeat(256);
    static final String LONGEST_NAME = "x".repeat(255);

    @TempDir
    static Path base;
    static Tree tree;

    @BeforeAll
    static void buildTree() {
        tree = HostileTree.build(base);
    }

    @AfterAll
    static void deleteTree() throws IOException {
        HostileTree.delete(base.resolve("root"));
        HostileTree.delete(base.resolve("outside"));
    }

    static List<ResolveCase> cases() {
        List<ResolveCase> t = new ArrayList<>();
        // plain names, dots, slashes, the empty path
        t.add(err("", IN, "ENOENT"));
        t.add(err("", BEN, "ENOENT"));
        t.add(ok(".", IN, "", FileType.DIRECTORY));
        t.add(ok(".", BEN, ""));
        t.add(ok("./././a", IN, "a"));
        t.add(ok("a//b", IN, "a/b"));
        t.add(ok("a//b//", BEN, "a/b"));
        t.add(ok("//", IN, ""));
        t.add(err("//", BEN, "EXDEV"));
        t.add(ok("/", IN, ""));
        t.add(err("/", BEN, "EXDEV"));
        t.add(ok("a/b/c/deep.txt", IN, "a/b/c/deep.txt", FileType.REGULAR_FILE));
        t.add(ok("a/b/c/deep.txt", ALL, "a/b/c/deep.txt"));
        t.add(ok("a/./b/../b/c", BEN, "a/b/c"));
        t.add(ok("a/b/", IN, "a/b"));
        t.add(ok("a/b/.", IN, "a/b"));
        t.add(ok("a/b/..", IN, "a"));
        t.add(ok("empty/.", IN, "empty"));
        t.add(err("missing", IN, "ENOENT"));
        t.add(err("a/missing/x", IN, "ENOENT"));
        t.add(err("missing/..", IN, "ENOENT"));
        // .. at the root
        t.add(ok("..", IN, ""));
        t.add(err("..", BEN, "EXDEV"));
        t.add(ok("../../..", IN, ""));
        t.add(ok("../file", IN, "file"));
        t.add(err("../file", BEN, "EXDEV"));
        t.add(ok("a/../..", IN, ""));
        t.add(err("a/../..", BEN, "EXDEV"));
        t.add(ok("a/..", BEN, ""));
        t.add(ok("a/b/../../a/b/c/../..", BEN, "a"));
        t.add(ok("../root/file", IN, "root/file"));
        t.add(err("../root/file", BEN, "EXDEV"));
        t.add(err("../outside/secret", IN, "ENOENT"));
        t.add(err("../outside/secret", BEN, "EXDEV"));
        // absolute paths
        t.add(ok("/a/file.txt", IN, "a/file.txt"));
        t.add(err("/a/file.txt", BEN, "EXDEV"));
        t.add(ok("/etc/passwd", IN, "etc/passwd"));
        t.add(ok("/../../etc/passwd", IN, "etc/passwd"));
        t.add(err("/../../etc/passwd", BEN, "EXDEV"));
        t.add(err("/outside/secret", IN, "ENOENT"));
        // absolute and garbage symlinks
        t.add(ok("links/abs-root", IN, ""));
        t.add(err("links/abs-root", BEN, "EXDEV"));
        t.add(ok("links/abs-root/links/abs-root/a", IN, "a"));
        t.add(ok("links/abs-a/b", IN, "a/b"));
        t.add(err("links/abs-a/b", BEN, "EXDEV"));
        t.add(ok("links/abs-file", IN, "file"));
        t.add(ok("links/abs-etc-passwd", IN, "etc/passwd"));
        t.add(err("links/abs-etc-passwd", BEN, "EXDEV"));
        t.add(ok("links/garbage-passwd", IN, "etc/passwd"));
        t.add(err("links/garbage-passwd", BEN, "EXDEV"));
        t.add(ok("links/garbage-etc", IN, "etc"));
        t.add(ok("links/garbage-etc/passwd", IN, "etc/passwd"));
        t.add(err("links/garbage-etc/passwd", BEN, "EXDEV"));
        t.add(err("links/proc-root", IN, "ENOENT"));
        t.add(err("links/proc-root", BEN, "EXDEV"));
        t.add(ok("links/proc-root", NF, "links/proc-root", FileType.SYMLINK));
        t.add(ok("/..", IN, ""));
        t.add(err("/..", BEN, "EXDEV"));
        t.add(ok("links/abs-root/..", IN, ""));
        t.add(ok("links/garbage-etc/../a", IN, "a"));
        t.add(ok("links/climb-out", BEN_NF, "links/climb-out", FileType.SYMLINK));
        // chained links
        t.add(ok("links/hop1", NF, "links/hop1", FileType.SYMLINK));
        t.add(err("links/hop1/", BEN_NF, "EXDEV"));
        t.add(ok("links/to-dot/hop2", BEN_NF, "links/hop2", FileType.SYMLINK));
        t.add(ok("links/to-dot/hop2/", BEN_NF, "a/b"));
        t.add(ok("links/hop1", IN, "a/b"));
        t.add(ok("links/hop1/c/deep.txt", IN, "a/b/c/deep.txt"));
        t.add(err("links/hop1", BEN, "EXDEV"));
        t.add(ok("links/hop2", BEN, "a/b"));
        t.add(ok("links/hop1/c", NF, "a/b/c"));
        // relative links that climb out and back in
        t.add(err("links/climb-out", IN, "ENOENT"));
        t.add(err("links/climb-out", BEN, "EXDEV"));
        t.add(ok("links/climb-back", IN, "a/file.txt"));
        t.add(err("links/climb-back", BEN, "EXDEV"));
        t.add(ok("links/climb-root", IN, "root/file"));
        t.add(err("links/climb-root", BEN, "EXDEV"));
        t.add(ok("links/down-up", IN, "file"));
        t.add(ok("links/down-up", BEN, "file"));
        t.add(ok("links/rel-ab", BEN, "a/b"));
        t.add(ok("up", IN, ""));
        t.add(err("up", BEN, "EXDEV"));
        t.add(ok("up/a", IN, "a"));
        t.add(ok("a/b/c/../../../up/up/file", IN, "file"));
        // link/.. is taken from where the link led, not where it lives
        t.add(ok("links/rel-ab/..", IN, "a"));
        t.add(ok("links/rel-ab/..", BEN, "a"));
        t.add(ok("links/rel-ab/../..", IN, ""));
        t.add(ok("links/hop1/..", IN, "a"));
        t.add(ok("links/to-dotdot", IN, ""));
        t.add(ok("links/to-dotdot", BEN, ""));
        t.add(ok("links/to-dot", IN, "links"));
        t.add(ok("links/to-dot/to-dot/rel-a", IN, "a"));
        // dangling
        t.add(err("links/dangling", IN, "ENOENT"));
        t.add(ok("links/dangling", NF, "links/dangling", FileType.SYMLINK));
        t.add(err("links/dangling/", NF, "ENOENT"));
        t.add(err("links/dangling-abs", IN, "ENOENT"));
        t.add(err("links/dangling-abs", BEN, "EXDEV"));
        t.add(err("links/fd-like", IN, "ENOENT"));
        // loops and the 40-link limit
        t.add(err("links/self", IN, "ELOOP"));
        t.add(err("links/self/x", IN, "ELOOP"));
        t.add(err("links/loop-a", IN, "ELOOP"));
        t.add(err("links/loop-a", BEN, "ELOOP"));
        t.add(ok("links/loop-a", NF, "links/loop-a", FileType.SYMLINK));
        t.add(err("links/loop-a/", NF, "ELOOP"));
        t.add(ok("links/c40/" + HostileTree.link(1), IN, "links/c40/end", FileType.REGULAR_FILE));
        t.add(ok("links/c40/" + HostileTree.link(1), BEN, "links/c40/end"));
        t.add(err("links/c41/" + HostileTree.link(1), IN, "ELOOP"));
        t.add(ok("links/c41/" + HostileTree.link(2), IN, "links/c41/end"));
        t.add(ok("links/c41/" + HostileTree.link(1), NF, "links/c41/" + HostileTree.link(1), FileType.SYMLINK));
        t.add(err("links/c40/" + HostileTree.link(1), NS, "ELOOP"));
        t.add(ok("links/rel-a/../links/c40/" + HostileTree.link(2), IN, "links/c40/end")); // 1 + 39 links
        t.add(err("links/rel-a/../links/c40/" + HostileTree.link(1), IN, "ELOOP")); // 1 + 40 links
        // a non-directory in the middle, or followed by a slash, . or ..
        t.add(err("file/x", IN, "ENOTDIR"));
        t.add(err("fifo/x", IN, "ENOTDIR"));
        t.add(err("sock/x", IN, "ENOTDIR"));
        t.add(err("file/", IN, "ENOTDIR"));
        t.add(err("file/.", IN, "ENOTDIR"));
        t.add(err("file/..", IN, "ENOTDIR"));
        t.add(err("file/..", BEN, "ENOTDIR"));
        t.add(err("fifo/", IN, "ENOTDIR"));
        t.add(err("a/file.txt/../file.txt", IN, "ENOTDIR"));
        t.add(err("file/" + TOO_LONG_NAME, IN, "ENOTDIR"));
        t.add(err("links/rel-file/", IN, "ENOTDIR"));
        t.add(err("links/rel-file/", NF, "ENOTDIR"));
        t.add(err("links/rel-file/x", IN, "ENOTDIR"));
        t.add(err("links/rel-fifo/x", IN, "ENOTDIR"));
        t.add(err("links/slash-file", IN, "ENOTDIR"));
        t.add(err("links/dot-file", IN, "ENOTDIR"));
        t.add(err("links/dotdot-file", IN, "ENOTDIR"));
        t.add(ok("links/slash-dir", IN, "a"));
        t.add(ok("links/slash-dir/b", IN, "a/b"));
        t.add(ok("links/dot-dir", IN, "a/b"));
        t.add(ok("links/slash-file", NF, "links/slash-file", FileType.SYMLINK));
        t.add(ok("links/slash-dir/", NF, "a"));
        t.add(err("links/rel-sock/", IN, "ENOTDIR"));
        // fifos and sockets do not block
        t.add(ok("fifo", IN, "fifo", FileType.FIFO));
        t.add(ok("sock", IN, "sock", FileType.SOCKET));
        t.add(ok("links/rel-fifo", IN, "fifo", FileType.FIFO));
        t.add(ok("links/rel-sock", BEN, "sock", FileType.SOCKET));
        // noFollow: a trailing link is the link itself; a trailing slash still follows
        t.add(ok("links/rel-ab", NF, "links/rel-ab", FileType.SYMLINK));
        t.add(ok("links/rel-ab/", NF, "a/b", FileType.DIRECTORY));
        t.add(ok("links/rel-ab/.", NF, "a/b"));
        t.add(ok("links/abs-root", BEN_NF, "links/abs-root", FileType.SYMLINK));
        t.add(err("links/abs-root/", BEN_NF, "EXDEV"));
        t.add(ok("up", BEN_NF, "up", FileType.SYMLINK));
        // noSymlinks: any link on the way is ELOOP, a trailing one with noFollow is returned
        t.add(err("links/rel-ab", NS, "ELOOP"));
        t.add(err("links/rel-ab/c", NS, "ELOOP"));
        t.add(err("links/dangling", NS, "ELOOP"));
        t.add(ok("links/rel-ab", NSNF, "links/rel-ab", FileType.SYMLINK));
        t.add(err("links/rel-ab/", NSNF, "ELOOP"));
        t.add(err("links/rel-ab/c", NSNF, "ELOOP"));
        t.add(ok("a/b/c", NS, "a/b/c"));
        t.add(err("links/abs-root", BEN_NS, "ELOOP"));
        t.add(err("up/a", NS, "ELOOP"));
        t.add(ok("links/abs-root", ALL, "links/abs-root", FileType.SYMLINK));
        // bad input
        t.add(err("a\0b", IN, "EINVAL"));
        t.add(err("\0", BEN, "EINVAL"));
        t.add(err("a/b/\0", IN, "EINVAL"));
        t.add(ok("./".repeat(2047) + ".", IN, "")); // 4095 bytes: the longest path there is
        t.add(ok("./".repeat(2045) + "a/b", IN, "a/b")); // 4093 bytes
        t.add(err("./".repeat(2048), IN, "ENAMETOOLONG")); // 4096 bytes
        t.add(err("a".repeat(5000), IN, "ENAMETOOLONG"));
        t.add(err("./".repeat(2048), BEN, "ENAMETOOLONG"));
        t.add(err(TOO_LONG_NAME, IN, "ENAMETOOLONG"));
        t.add(err("a/" + TOO_LONG_NAME, IN, "ENAMETOOLONG"));
        t.add(err("a/" + TOO_LONG_NAME + "/b", IN, "ENAMETOOLONG"));
        t.add(err(LONGEST_NAME, IN, "ENOENT"));
        t.add(err("a/" + LONGEST_NAME + "/b", IN, "ENOENT"));
        t.add(err("links/long-name", IN, "ENAMETOOLONG"));
        t.add(ok("links/long-target", IN, "a"));
        t.add(ok("links/long-target/b", BEN, "a/b"));
        return t;
    }

    static Stream<Arguments> onBothBackends() {
        return ResolveCase.onBothBackends(cases());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("onBothBackends")
    void table(Backend backend, ResolveCase c) throws IOException {
        try (Root root = Root.open(tree.base(), backend)) {
            c.check(root, tree);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void backendsAgree(ResolveCase c) throws IOException {
        try (Root openat2 = Root.open(tree.base(), Backend.OPENAT2);
             Root emulated = Root.open(tree.base(), Backend.EMULATED)) {
            Outcome a = Outcome.of(openat2, c.path(), c.options());
            Outcome b = Outcome.of(emulated, c.path(), c.options());
            assertEquals(a, b, () -> c + ": openat2 and emulated disagree");
        }
    }

    @Test
    void tableRowsAreDistinctAndMany() {
        List<ResolveCase> all = cases();
        Set<String> seen = new HashSet<>();
        for (ResolveCase c : all) {
            assertTrue(seen.add(c.path() + "\n" + c.options()), () -> "duplicate row " + c);
        }
        assertTrue(all.size() >= 80, "the table has " + all.size() + " rows");
    }

    @Test
    void tableLeaksNoDescriptors() throws IOException {
        List<ResolveCase> all = cases();
        runAll(all); // warm up: class loading may open descriptors of its own
        int before = TestEnv.openFdCount();
        runAll(all);
        assertEquals(before, TestEnv.openFdCount(), "descriptors open before and after the table");
    }

    private static void runAll(List<ResolveCase> all) throws IOException {
        for (Backend b : List.of(Backend.OPENAT2, Backend.EMULATED)) {
            try (Root root = Root.open(tree.base(), b)) {
                for (ResolveCase c : all) {
                    Outcome.of(root, c.path(), c.options());
                }
            }
        }
    }
}
