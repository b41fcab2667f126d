package dev.beneath.nio;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SYNC;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.beneath.testkit.FdSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance table: every row is one {@link Files} call (a method, an option, an error
 * case) on a path of the benign tree, run three ways over identical trees (the default
 * provider, beneath on openat2, beneath on the emulated walk). A row passes when beneath's
 * answer, and the tree afterwards, are the default provider's; an exception counts as the
 * same answer when beneath's is the default's java.nio type or a subtype of it (beneath's
 * carry the errno: {@code FileSystemLoopException} for {@code ELOOP} where the default
 * throws a plain {@code FileSystemException}). Rows where beneath must differ say why and
 * what beneath answers instead; both backends always agree with each other.
 */
class ConformanceTest {
    @TempDir
    static Path work;
    private static FdSnapshot fdsBefore;
    private static int counter;
    private static final Map<String, List<String>> REFINED = new LinkedHashMap<>();

    @BeforeAll
    static void countDescriptors() {
        fdsBefore = FdSnapshot.take();
    }

    @AfterAll
    static void noDescriptorLeaked() {
        System.out.println("[conformance] rows answered with a subtype of the default's exception: " + REFINED);
        FdSnapshot after = FdSnapshot.take();
        // the inotify reader and a procfs handle may be opened once, lazily, by the first user
        assertTrue(after.newSince(fdsBefore).size() <= 3, "descriptors leaked: " + after.describeNewSince(fdsBefore));
    }

    /** One operation on a tree, seen through a target. */
    @FunctionalInterface
    interface Op {
        Object run(Targets.Session t) throws Exception;
    }

    /** One row: its name, whether it changes the tree, and when beneath differs, why and what it answers. */
    record Row(String name, Op op, boolean mutates, String differs, String beneathAnswer) {
        Row differing(String why, String answer) {
            return new Row(name, op, mutates, why, answer);
        }
    }

    static final List<String> QUERY_PATHS = List.of("", "file", "a", "a/b/c/deep.txt", "empty",
            ".hidden", "link-file", "link-dir", "link-dir/file.txt", "chain", "dangling", "loop1",
            "a/up", "a/up/file", "missing", "file/x", "a/b/../file.txt", "link-dir/../file");

    static final List<String> CHANGE_PATHS = List.of("new", "file", "open", "a", "empty", "link-file",
            "link-dir", "dangling", "missing/new", "file/new");

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Map<String, Op1> queries = new LinkedHashMap<>();
        queries.put("exists", (t, p) -> Files.exists(p));
        queries.put("exists NOFOLLOW", (t, p) -> Files.exists(p, NOFOLLOW_LINKS));
        queries.put("notExists", (t, p) -> Files.notExists(p));
        queries.put("isDirectory", (t, p) -> Files.isDirectory(p));
        queries.put("isDirectory NOFOLLOW", (t, p) -> Files.isDirectory(p, NOFOLLOW_LINKS));
        queries.put("isRegularFile", (t, p) -> Files.isRegularFile(p));
        queries.put("isSymbolicLink", (t, p) -> Files.isSymbolicLink(p));
        queries.put("isReadable", (t, p) -> Files.isReadable(p));
        queries.put("isWritable", (t, p) -> Files.isWritable(p));
        queries.put("isExecutable", (t, p) -> Files.isExecutable(p));
        queries.put("isHidden", (t, p) -> Files.isHidden(p));
        queries.put("size", (t, p) -> Files.size(p));
        queries.put("readAllBytes", (t, p) -> Files.readAllBytes(p));
        queries.put("readString", (t, p) -> Files.readString(p));
        queries.put("readAllLines", (t, p) -> Files.readAllLines(p));
        queries.put("lines", (t, p) -> Files.lines(p));
        queries.put("newInputStream NOFOLLOW", (t, p) -> {
            try (InputStream in = Files.newInputStream(p, NOFOLLOW_LINKS)) {
                return in.readAllBytes();
            }
        });
        queries.put("newBufferedReader", (t, p) -> {
            try (var r = Files.newBufferedReader(p)) {
                return r.readLine();
            }
        });
        queries.put("newByteChannel size", (t, p) -> {
            try (SeekableByteChannel c = Files.newByteChannel(p)) {
                return c.size();
            }
        });
        queries.put("newByteChannel read", (t, p) -> {
            try (SeekableByteChannel c = Files.newByteChannel(p, READ)) {
                return c.read(ByteBuffer.allocate(4));
            }
        });
        queries.put("basic attributes", (t, p) -> Files.readAttributes(p, BasicFileAttributes.class));
        queries.put("basic attributes NOFOLLOW",
                (t, p) -> Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS));
        queries.put("posix attributes", (t, p) -> Files.readAttributes(p, PosixFileAttributes.class).permissions());
        queries.put("attributes posix:permissions,owner,group",
                (t, p) -> Files.readAttributes(p, "posix:permissions,owner,group"));
        queries.put("attributes unix:mode,nlink,uid,gid",
                (t, p) -> Files.readAttributes(p, "unix:mode,nlink,uid,gid", NOFOLLOW_LINKS));
        queries.put("attributes size,isDirectory", (t, p) -> Files.readAttributes(p, "size,isDirectory"));
        queries.put("getPosixFilePermissions NOFOLLOW", (t, p) -> Files.getPosixFilePermissions(p, NOFOLLOW_LINKS));
        queries.put("getOwner", (t, p) -> Files.getOwner(p));
        queries.put("getAttribute unix:nlink", (t, p) -> Files.getAttribute(p, "unix:nlink"));
        queries.put("readSymbolicLink", (t, p) -> Files.readSymbolicLink(p));
        queries.put("toRealPath", (t, p) -> p.toRealPath());
        queries.put("toRealPath NOFOLLOW", (t, p) -> p.toRealPath(NOFOLLOW_LINKS));
        queries.put("list", (t, p) -> Files.list(p).map(x -> x.getFileName().toString()));
        queries.put("newDirectoryStream glob", (t, p) -> {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p, "*.txt")) {
                s.forEach(x -> names.add(x.getFileName().toString()));
            }
            return names;
        });
        queries.put("walk", (t, p) -> Files.walk(p).map(x -> p.relativize(x).toString()));
        queries.put("walk FOLLOW_LINKS maxDepth 3",
                (t, p) -> Files.walk(p, 3, FileVisitOption.FOLLOW_LINKS).map(x -> p.relativize(x).toString()));
        queries.put("find *.txt", (t, p) -> Files.find(p, 5, (x, a) -> x.toString().endsWith(".txt"))
                .map(x -> p.relativize(x).toString()));
        queries.put("isSameFile top file", (t, p) -> Files.isSameFile(p, t.p("file")));
        queries.put("mismatch top file", (t, p) -> Files.mismatch(p, t.p("file")));
        queries.put("getFileStore", (t, p) -> Files.getFileStore(p).supportsFileAttributeView("posix"));
        queries.put("getLastModifiedTime", (t, p) -> Files.getLastModifiedTime(p));
        queries.put("isSameFile via link-file", (t, p) -> Files.isSameFile(p, t.p("link-file")));
        for (String path : QUERY_PATHS) {
            for (Map.Entry<String, Op1> q : queries.entrySet()) {
                Op1 op = q.getValue();
                rows.add(new Row(q.getKey() + " '" + path + "'", t -> op.run(t, t.p(path)), false, null, null));
            }
        }

        Map<String, Op1> changes = new LinkedHashMap<>();
        changes.put("createFile", (t, p) -> Files.createFile(p));
        changes.put("createFile rw-------", (t, p) -> Files.createFile(p,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        changes.put("createDirectory", (t, p) -> Files.createDirectory(p));
        changes.put("createDirectories", (t, p) -> Files.createDirectories(p));
        changes.put("delete", (t, p) -> {
            Files.delete(p);
            return null;
        });
        changes.put("deleteIfExists", (t, p) -> Files.deleteIfExists(p));
        changes.put("writeString", (t, p) -> Files.writeString(p, "new\n"));
        changes.put("writeString CREATE_NEW", (t, p) -> Files.writeString(p, "new\n", CREATE_NEW, WRITE));
        changes.put("writeString APPEND", (t, p) -> Files.writeString(p, "more\n", APPEND));
        changes.put("writeString CREATE APPEND", (t, p) -> Files.writeString(p, "more\n", CREATE, APPEND));
        changes.put("writeString WRITE TRUNCATE", (t, p) -> Files.writeString(p, "t\n", WRITE, TRUNCATE_EXISTING));
        changes.put("write NOFOLLOW", (t, p) -> Files.write(p, new byte[] {'n'}, CREATE, WRITE, NOFOLLOW_LINKS));
        changes.put("write SYNC DSYNC", (t, p) -> Files.write(p, new byte[] {'s'}, CREATE, WRITE, SYNC, DSYNC));
        changes.put("DELETE_ON_CLOSE", (t, p) -> {
            try (var out = Files.newOutputStream(p, CREATE, WRITE, DELETE_ON_CLOSE)) {
                out.write('d');
            }
            return Files.exists(p, NOFOLLOW_LINKS);
        });
        changes.put("READ APPEND", (t, p) -> Files.newByteChannel(p, READ, APPEND));
        changes.put("newBufferedWriter", (t, p) -> {
            try (Writer w = Files.newBufferedWriter(p)) {
                w.write("buffered\n");
            }
            return null;
        });
        changes.put("copy from stream", (t, p) -> Files.copy(new ByteArrayInputStream("s\n".getBytes()), p));
        changes.put("copy from stream REPLACE",
                (t, p) -> Files.copy(new ByteArrayInputStream("s\n".getBytes()), p, REPLACE_EXISTING));
        changes.put("createSymbolicLink", (t, p) -> Files.createSymbolicLink(p, t.fileSystem().getPath("file")));
        changes.put("createLink", (t, p) -> Files.createLink(p, t.p("file")));
        changes.put("copy file to", (t, p) -> Files.copy(t.p("file"), p));
        changes.put("copy file to REPLACE", (t, p) -> Files.copy(t.p("file"), p, REPLACE_EXISTING));
        changes.put("copy to out", (t, p) -> Files.copy(p, t.p("out")));
        changes.put("copy to out NOFOLLOW", (t, p) -> Files.copy(p, t.p("out"), NOFOLLOW_LINKS));
        changes.put("copy to out COPY_ATTRIBUTES", (t, p) -> Files.copy(p, t.p("out"), COPY_ATTRIBUTES));
        changes.put("copy to ro REPLACE", (t, p) -> Files.copy(p, t.p("ro"), REPLACE_EXISTING));
        changes.put("move to moved", (t, p) -> Files.move(p, t.p("moved")));
        changes.put("move to moved ATOMIC", (t, p) -> Files.move(p, t.p("moved"), ATOMIC_MOVE));
        changes.put("move file to", (t, p) -> Files.move(t.p("file"), p));
        changes.put("move file to REPLACE", (t, p) -> Files.move(t.p("file"), p, REPLACE_EXISTING));
        changes.put("move empty to REPLACE", (t, p) -> Files.move(t.p("empty"), p, REPLACE_EXISTING));
        changes.put("setPosixFilePermissions", (t, p) -> Files.setPosixFilePermissions(p,
                PosixFilePermissions.fromString("rw-------")));
        changes.put("setLastModifiedTime", (t, p) -> {
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000_000_000L));
            return Files.getLastModifiedTime(p).toMillis();
        });
        changes.put("setAttribute lastAccessTime NOFOLLOW", (t, p) -> {
            Files.setAttribute(p, "basic:lastAccessTime", FileTime.fromMillis(2_000_000_000_000L), NOFOLLOW_LINKS);
            return ((FileTime) Files.getAttribute(p, "lastAccessTime", NOFOLLOW_LINKS)).toMillis();
        });
        changes.put("setAttribute unix:mode", (t, p) -> Files.setAttribute(p, "unix:mode", 0600));
        changes.put("setOwner", (t, p) -> Files.setOwner(p, Files.getOwner(t.p("file"))));
        changes.put("createTempFile in", (t, p) -> {
            Path temp = Files.createTempFile(p, "t", ".tmp");
            Files.delete(temp); // its name is random: the tree afterwards must compare
            return temp.getParent();
        });
        changes.put("delete tree", (t, p) -> Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        }));
        for (String path : CHANGE_PATHS) {
            for (Map.Entry<String, Op1> c : changes.entrySet()) {
                Op1 op = c.getValue();
                rows.add(new Row(c.getKey() + " '" + path + "'", t -> op.run(t, t.p(path)), true, null, null));
            }
        }
        rows.addAll(absoluteLinkRows());
        return differences(rows);
    }

    /**
     * Rows over absolute symlinks, where the default provider follows the link out of the
     * tree (to the host's {@code /}, or to the tree's own host path) and beneath takes the
     * target from the root: the confined answer is beneath's. Only reads: through these links
     * the default provider would write to the host. Their tree is the benign one
     * plus these links, made in a tree of its own (a walk there would leave through them).
     */
    private static List<Row> absoluteLinkRows() {
        String why = "an absolute symlink is taken from the root, which the default provider leaves";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("readString 'to-slash/file' (absolute)", t -> Files.readString(t.p("to-slash/file")), true,
                why, "=top file"));
        rows.add(new Row("exists 'to-slash/etc/hostname' (absolute)",
                t -> Files.exists(t.p("to-slash/etc/hostname")), true, why, "=false"));
        rows.add(new Row("readString 'abs-self' (absolute)", t -> Files.readString(t.p("abs-self")), true, why,
                "!NoSuchFileException"));
        rows.add(new Row("toRealPath 'to-slash/a' (absolute)", t -> t.p("to-slash/a").toRealPath(), true, why, "=/a"));
        rows.add(new Row("isSameFile 'to-slash' top (absolute)", t -> Files.isSameFile(t.p("to-slash"), t.p("")),
                true, why, "=true"));
        return rows;
    }

    /** The rows where beneath must answer otherwise, and why. */
    private static List<Row> differences(List<Row> rows) {
        Map<String, String[]> differs = new LinkedHashMap<>();
        String noCreateThroughLink = "beneath never creates a file by following a symlink (a dangling link could "
                + "point anywhere); the default creates the link's target";
        for (String op : List.of("writeString", "writeString CREATE APPEND", "write SYNC DSYNC", "newBufferedWriter")) {
            differs.put(op + " 'dangling'", new String[] {noCreateThroughLink, "!FileSystemLoopException"});
        }
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            String[] d = differs.get(r.name());
            out.add(d == null ? r : r.differing(d[0], d[1]));
        }
        return out;
    }

    @FunctionalInterface
    interface Op1 {
        Object run(Targets.Session t, Path p) throws Exception;
    }

    /** The java.nio (or java.io, java.lang) class an exception is, for comparison. */
    static Class<?> javaType(Throwable e) {
        Class<?> c = e.getClass();
        while (!c.getName().startsWith("java.")) {
            c = c.getSuperclass();
        }
        return c;
    }

    record Answer(String text, Class<?> thrown) {
        @Override
        public String toString() {
            return text;
        }
    }

    static Answer answer(Targets target, Row row, Path host) throws IOException {
        try (Targets.Session t = target.open(host)) {
            Answer a;
            try {
                Object v = row.op().run(t);
                if (v instanceof java.io.Closeable c) {
                    c.close();
                    v = "closeable";
                }
                a = new Answer("=" + t.show(v), null);
            } catch (UncheckedIOException | DirectoryIteratorException e) {
                Throwable cause = e.getCause();
                a = new Answer("!" + javaType(cause).getSimpleName(), javaType(cause));
            } catch (Exception e) {
                a = new Answer("!" + javaType(e).getSimpleName(), javaType(e));
            }
            return row.mutates() ? new Answer(a.text() + " then " + t.state(), a.thrown()) : a;
        }
    }

    /** The tree every query row reads, one per target (queries change nothing). */
    private static final Map<Targets, Path> SHARED = new LinkedHashMap<>();

    private static Path tree(Targets target, Row row) throws IOException {
        if (!row.mutates()) {
            Path shared = SHARED.get(target);
            if (shared == null) {
                shared = Files.createDirectory(work.resolve("shared-" + target));
                Targets.benign(shared);
                SHARED.put(target, shared);
            }
            return shared;
        }
        Path fresh = Files.createDirectory(work.resolve("row-" + (counter++) + "-" + target));
        Targets.benign(fresh);
        if (row.name().endsWith("(absolute)")) {
            Files.createSymbolicLink(fresh.resolve("to-slash"), Path.of("/"));
            Files.createSymbolicLink(fresh.resolve("abs-self"), fresh.resolve("file"));
        }
        return fresh;
    }

    @TestFactory
    Stream<DynamicTest> table() {
        List<Row> rows = rows();
        System.out.println("[conformance] " + rows.size() + " rows, "
                + rows.stream().filter(r -> r.differs() != null).count() + " differing by design");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> check(row)));
    }

    /** The row's answer on one target; a tree made for the row alone is removed afterwards. */
    private static Answer answered(Targets target, Row row) throws IOException {
        Path tree = tree(target, row);
        try {
            return answer(target, row, tree);
        } finally {
            if (row.mutates()) {
                try (Stream<Path> all = Files.walk(tree)) {
                    for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static String after(Answer a) {
        int then = a.text().indexOf(" then ");
        return then < 0 ? "" : a.text().substring(then);
    }

    private static void check(Row row) throws IOException {
        Answer expected = answered(Targets.DEFAULT, row);
        Answer openat2 = answered(Targets.OPENAT2, row);
        Answer emulated = answered(Targets.EMULATED, row);
        assertEquals(openat2.text(), emulated.text(), row.name() + ": the backends disagree");
        if (row.differs() != null) {
            System.out.println("[conformance] differs: " + row.name() + ": default " + expected.text().split(" then ")[0]
                    + ", beneath " + openat2.text().split(" then ")[0] + " (" + row.differs() + ")");
            assertTrue(openat2.text().startsWith(row.beneathAnswer()), row.name() + " (differs from the default: "
                    + row.differs() + "; default answered " + expected + "): " + openat2);
            return;
        }
        if (expected.text().equals(openat2.text())) {
            return;
        }
        if (expected.thrown() != null && openat2.thrown() != null && expected.thrown() != openat2.thrown()
                && expected.thrown().isAssignableFrom(openat2.thrown())
                && after(expected).equals(after(openat2))) {
            REFINED.computeIfAbsent(expected.thrown().getSimpleName() + " -> " + openat2.thrown().getSimpleName(),
                    k -> new ArrayList<>()).add(row.name());
            return;
        }
        fail(row.name() + "\n  default: " + expected + "\n  beneath: " + openat2);
    }
}
