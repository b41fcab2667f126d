package dev.beneath.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile trees, on both backends: links to {@code /}, to the host path of a sibling
 * directory and climbing to it, links made through the file system itself
 * ({@code createSymbolicLink(l2, "/")} then {@code l2/../x}; {@code up -> l2/..}), {@code ..}
 * in every position; then the same operation families against an attacker swapping a
 * directory with a symlink out ({@code renameat2(RENAME_EXCHANGE)}) in a tight loop. Judged
 * by an inode census of the sibling directory (nothing changed, nothing created), by the
 * content every read returned (never the sibling's), and by both backends answering alike.
 */
class HostileTest {
    private static final String SECRET = "host secret\n";
    private static final String OUTSIDE_X = "outside x\n";

    @TempDir
    Path base;
    private Path outside;
    private Path rootDir;
    private FdSnapshot fds;

    @BeforeEach
    void build() throws IOException {
        fds = FdSnapshot.take();
        outside = base.resolve("outside");
        new Tree(outside).file("secret", SECRET).file("x", OUTSIDE_X).file("d/x", OUTSIDE_X).dir("sub");
        rootDir = base.resolve("root");
        Targets.benign(rootDir);
        new Tree(rootDir).symlink("to-slash", "/").symlink("abs-out", outside.toString())
                .symlink("rel-out", "../outside").symlink("a/climb", "../../outside").symlink("up", "..")
                .file("d/x", "inside x\n").dir("d/sub").symlink("swap", "../outside");
    }

    @AfterEach
    void noLeak() {
        FdSnapshot now = FdSnapshot.take();
        assertTrue(now.newSince(fds).size() <= 3, "descriptors leaked: " + now.describeNewSince(fds));
    }

    private List<String> hostilePaths() {
        String host = outside.toString();
        return List.of("to-slash/file", "to-slash" + host + "/secret", "abs-out/secret", "abs-out/x", "rel-out/secret",
                "rel-out/x", "../outside/secret", "/../outside/x", "a/../../outside/secret", "a/climb/secret",
                "up/outside/secret", "up/up/root/file", "to-slash/../outside/x", "../../../../" + host + "/secret",
                "l2/../outside/x", "up2/outside/secret", "up2/x", "a/up/../../outside/x", host + "/x", "abs-out",
                "rel-out", "to-slash");
    }

    /** Operations that, done naively, would read or change what a hostile path names outside. */
    private static Map<String, ConformanceTest.Op1> operations() {
        Map<String, ConformanceTest.Op1> ops = new LinkedHashMap<>();
        ops.put("readAllBytes", (t, p) -> Files.readAllBytes(p));
        ops.put("exists", (t, p) -> Files.exists(p));
        ops.put("attributes", (t, p) -> Files.readAttributes(p, BasicFileAttributes.class).size());
        ops.put("writeString", (t, p) -> Files.writeString(p, "owned\n", CREATE, WRITE, TRUNCATE_EXISTING));
        ops.put("createFile", (t, p) -> Files.createFile(p));
        ops.put("createDirectories", (t, p) -> Files.createDirectories(p.resolve("made")));
        ops.put("delete", (t, p) -> Files.deleteIfExists(p));
        ops.put("copy out", (t, p) -> Files.copy(p, t.p("copied"), REPLACE_EXISTING));
        ops.put("copy in", (t, p) -> Files.copy(t.p("file"), p, REPLACE_EXISTING));
        ops.put("move out", (t, p) -> Files.move(p, t.p("moved"), REPLACE_EXISTING));
        ops.put("move in", (t, p) -> Files.move(t.p("a/file.txt"), p, REPLACE_EXISTING));
        ops.put("createLink", (t, p) -> Files.createLink(t.p("hard"), p));
        ops.put("chmod", (t, p) -> Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx")));
        ops.put("touch", (t, p) -> Files.setLastModifiedTime(p, FileTime.fromMillis(0)));
        ops.put("toRealPath", (t, p) -> p.toRealPath());
        ops.put("list", (t, p) -> {
            try (Stream<Path> s = Files.list(p)) {
                return s.toList();
            }
        });
        ops.put("walk FOLLOW_LINKS", (t, p) -> readEverything(Files.walk(p, 4, FileVisitOption.FOLLOW_LINKS)));
        return ops;
    }

    /** Reads every regular file a walk finds, so a walk that left the root would show the secret. */
    private static List<String> readEverything(Stream<Path> walk) throws IOException {
        List<String> seen = new ArrayList<>();
        try (walk) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                seen.add(p + (Files.isRegularFile(p) ? "=" + Files.readString(p) : ""));
            }
        }
        return seen;
    }

    private String attempt(Targets.Session t, ConformanceTest.Op1 op, Path p) {
        try {
            return "=" + t.show(op.run(t, p));
        } catch (UncheckedIOException | DirectoryIteratorException e) {
            return "!" + e.getCause().getClass().getSimpleName();
        } catch (Exception e) {
            return "!" + e.getClass().getSimpleName();
        }
    }

    @TestFactory
    Stream<DynamicTest> hostileRows() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String path : hostilePaths()) {
            for (Map.Entry<String, ConformanceTest.Op1> op : operations().entrySet()) {
                boolean reads = READ_ONLY.contains(op.getKey());
                tests.add(DynamicTest.dynamicTest(op.getKey() + " '" + path + "'",
                        () -> hostileRow(op.getKey() + " '" + path + "'", path, op.getValue(), reads)));
            }
        }
        return tests.stream();
    }

    private static final java.util.Set<String> READ_ONLY = java.util.Set.of("readAllBytes", "exists", "attributes",
            "toRealPath", "list", "walk FOLLOW_LINKS");

    private void hostileRow(String row, String path, ConformanceTest.Op1 op, boolean readOnly) throws IOException {
        Census before = Census.of(outside);
        Map<Targets, String> answers = new LinkedHashMap<>();
        for (Targets target : List.of(Targets.OPENAT2, Targets.EMULATED)) {
            Path copy = base.resolve("root-" + target);
            if (!readOnly && Files.exists(copy, NOFOLLOW_LINKS)) {
                deleteTree(copy);
            }
            if (!Files.exists(copy, NOFOLLOW_LINKS)) {
                copyTree(rootDir, copy);
            }
            try (Targets.Session t = target.open(copy)) {
                if (!Files.exists(t.p("l2"), NOFOLLOW_LINKS)) {
                    // links made through the file system itself
                    Files.createSymbolicLink(t.p("l2"), t.fileSystem().getPath("/"));
                    Files.createSymbolicLink(t.p("up2"), t.fileSystem().getPath("l2/.."));
                }
                String answer = attempt(t, op, t.fileSystem().getPath(path));
                answers.put(target, answer);
                assertFalse(answer.contains(SECRET.trim()) || answer.contains(OUTSIDE_X.trim()),
                        target + " read outside the root: " + answer);
            }
            assertEquals(before, Census.of(outside), target + " changed something outside the root");
        }
        System.out.println("[hostile] " + row + " " + answers.get(Targets.OPENAT2));
        assertEquals(answers.get(Targets.OPENAT2), answers.get(Targets.EMULATED), "the backends disagree");
    }

    /** One operation family against the attacker: the victim's operation on {@code /d/...}. */
    interface Victim {
        void run(FileSystem fs, int round) throws IOException;
    }

    static Map<String, Victim> families() {
        Map<String, Victim> f = new LinkedHashMap<>();
        f.put("read", (fs, i) -> check(Files.readString(fs.getPath("/d/x"))));
        f.put("write", (fs, i) -> Files.writeString(fs.getPath("/d/x"), "inside x\n", CREATE, WRITE,
                TRUNCATE_EXISTING));
        f.put("create", (fs, i) -> Files.createFile(fs.getPath("/d/new-" + i)));
        f.put("delete", (fs, i) -> {
            Files.writeString(fs.getPath("/d/gone"), "inside\n");
            Files.delete(fs.getPath("/d/gone"));
        });
        f.put("move", (fs, i) -> {
            // back and forth, from wherever an interrupted round left the file
            boolean there = Files.exists(fs.getPath("/d/x2"));
            Files.move(fs.getPath(there ? "/d/x2" : "/d/x"), fs.getPath(there ? "/d/x" : "/d/x2"), REPLACE_EXISTING);
        });
        f.put("copy", (fs, i) -> Files.copy(fs.getPath("/d/x"), fs.getPath("/d/copy"), REPLACE_EXISTING));
        f.put("attribute", (fs, i) -> {
            Files.setPosixFilePermissions(fs.getPath("/d/x"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setLastModifiedTime(fs.getPath("/d/sub"), FileTime.fromMillis(i));
        });
        f.put("walk", (fs, i) -> {
            try (Stream<Path> w = Files.walk(fs.getPath("/d"), FileVisitOption.FOLLOW_LINKS)) {
                for (Path p : (Iterable<Path>) w::iterator) {
                    if (Files.isRegularFile(p)) {
                        check(Files.readString(p));
                    }
                }
            }
        });
        return f;
    }

    private static void check(String content) {
        if (content.contains("outside") || content.contains("secret")) {
            throw new AssertionError("read outside the root: " + content);
        }
    }

    @TestFactory
    Stream<DynamicTest> racesPerFamily() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Targets target : List.of(Targets.OPENAT2, Targets.EMULATED)) {
            for (Map.Entry<String, Victim> family : families().entrySet()) {
                tests.add(DynamicTest.dynamicTest(family.getKey() + " on " + target,
                        () -> race(target, family.getKey(), family.getValue())));
            }
        }
        return tests.stream();
    }

    private void race(Targets target, String name, Victim victim) throws Exception {
        byte[] d = rootDir.resolve("d").toString().getBytes(UTF_8);
        byte[] swap = rootDir.resolve("swap").toString().getBytes(UTF_8);
        // every family starts from the same tree: d a directory holding x, swap the link out
        if (Files.isSymbolicLink(rootDir.resolve("d"))) {
            Sys.renameat2(Linux.AT_FDCWD, d, Linux.AT_FDCWD, swap, Linux.RENAME_EXCHANGE);
        }
        Files.writeString(rootDir.resolve("d/x"), "inside x\n");
        Files.createDirectories(rootDir.resolve("d/sub"));
        Census before = Census.of(outside);
        try (Targets.Session t = target.open(rootDir)) {
            FileSystem fs = t.fileSystem();
            Race.Result r = Race.run("nio " + name + " " + target, Race.rounds(300), Race.cap(),
                    () -> Sys.renameat2(Linux.AT_FDCWD, d, Linux.AT_FDCWD, swap, Linux.RENAME_EXCHANGE),
                    new Race.Victim() {
                        private int round;

                        @Override
                        public Race.Outcome attempt() {
                            try {
                                victim.run(fs, round++);
                                return Race.Outcome.ok("done");
                            } catch (AssertionError e) {
                                return Race.Outcome.violation("escape", e.getMessage());
                            } catch (IOException | UncheckedIOException e) {
                                return Race.Outcome.ok(e.getClass().getSimpleName());
                            }
                        }
                    });
            assertEquals(0, r.violations(), r.summary() + " " + r.firstViolations());
            assertTrue(r.exchanges() > 0, "the attacker never ran");
        }
        assertEquals(before, Census.of(outside), "something outside the root changed");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, NOFOLLOW_LINKS)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
