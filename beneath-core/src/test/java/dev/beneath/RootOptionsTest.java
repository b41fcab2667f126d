package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.beneath.testkit.Census;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Root-wide options, views, sub-roots, errno enum and use after close, on both backends. The
 * BENEATH table runs every path-taking operation with paths that leave the root: each must
 * fail with EXDEV and nothing outside may change.
 */
class RootOptionsTest {
    private static final ResolveOptions BENEATH = ResolveOptions.DEFAULT.withScope(Scope.BENEATH);

    @TempDir
    Path base;
    Tree tree;
    Path rootDir;

    @BeforeEach
    void hostileTree() {
        tree = new Tree(base);
        tree.dir("root/a/b").file("root/a/file", "data").dir("root/sub/inner")
                .file("root/sub/inner/file", "inner").file("root/secret-beside-sub", "not in sub")
                .symlink("root/escape", "../outside").symlink("root/abs", "/a")
                .symlink("root/sub/up", "../..").symlink("root/sub/to-root", "/")
                .file("outside/file", "secret").dir("outside/dir");
        rootDir = tree.path("root");
    }

    interface Op {
        void apply(Root root) throws IOException;
    }

    record Row(String name, Op op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> escapes() {
        List<Row> t = new ArrayList<>();
        t.add(new Row("resolve ..", r -> r.resolve("../outside/file").close()));
        t.add(new Row("resolve absolute", r -> r.resolve("/a").close()));
        t.add(new Row("resolve through an absolute link", r -> r.resolve("abs").close()));
        t.add(new Row("mkdirAll", r -> r.mkdirAll("../../x", 0755).close()));
        t.add(new Row("mkdir", r -> r.mkdir("../x", 0755)));
        t.add(new Row("mkdir absolute", r -> r.mkdir("/x", 0755)));
        t.add(new Row("createFile ../../x", r -> r.createFile("../../x", 0644).close()));
        t.add(new Row("createFile through a link out", r -> r.createFile("escape/x", 0644).close()));
        t.add(new Row("newFileChannel CREATE", r -> r.newFileChannel("../x", StandardOpenOption.CREATE,
                StandardOpenOption.WRITE).close()));
        t.add(new Row("newFileChannel CREATE_NEW", r -> r.newFileChannel("../x", StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE).close()));
        t.add(new Row("newFileChannel read", r -> r.newFileChannel("../outside/file").close()));
        t.add(new Row("newInputStream", r -> r.newInputStream("/a/file").close()));
        t.add(new Row("newOutputStream", r -> r.newOutputStream("../x").close()));
        t.add(new Row("createSymbolicLink", r -> r.createSymbolicLink("../x", "a")));
        t.add(new Row("createLink new name out", r -> r.createLink("../x", "a/file")));
        t.add(new Row("createLink existing out", r -> r.createLink("a/h", "../outside/file")));
        t.add(new Row("readSymbolicLink", r -> r.readSymbolicLink("/abs")));
        t.add(new Row("removeFile", r -> r.removeFile("../outside/file")));
        t.add(new Row("removeDir", r -> r.removeDir("../outside/dir")));
        t.add(new Row("removeAll", r -> r.removeAll("escape/dir")));
        t.add(new Row("rename from out", r -> r.rename("../outside/file", "stolen")));
        t.add(new Row("rename to out", r -> r.rename("a/file", "../planted")));
        t.add(new Row("setPermissions", r -> r.setPermissions("escape/file", 0777)));
        t.add(new Row("setOwner", r -> r.setOwner("../outside/file", 0, 0)));
        t.add(new Row("setTimes", r -> r.setTimes("/a/file", null, null)));
        t.add(new Row("openRoot", r -> r.openRoot("..").close()));
        return t;
    }

    static Stream<Arguments> escapesOnBothBackends() {
        return Rows.onBothBackends(escapes());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("escapesOnBothBackends")
    void beneathRefusesEveryEscape(Backend backend, Row row) throws IOException {
        Census outside = Census.of(tree.path("outside"));
        Census inside = Census.of(rootDir);
        try (Root root = Root.open(rootDir, backend, BENEATH)) {
            assertEquals(BENEATH, root.options());
            assertInstanceOf(PathEscapeException.class, Rows.failsWith("EXDEV", () -> row.op().apply(root)));
        }
        assertEquals(outside, Census.of(tree.path("outside")), "something outside the root changed");
        assertEquals(inside, Census.of(rootDir), "a refused operation changed the root");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void inRootRemapsWhatBeneathRefuses(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            root.createFile("../../x", 0644).close();
            assertTrue(Files.exists(rootDir.resolve("x")));
            try (Root beneath = root.withOptions(BENEATH)) {
                assertThrows(PathEscapeException.class, () -> beneath.createFile("../../y", 0644));
                beneath.createFile("a/y", 0600).close(); // inside is fine
            }
            assertTrue(Files.exists(rootDir.resolve("a/y")));
            assertFalse(Files.exists(base.resolve("y")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void viewsShareOneDescriptorAndCloseOnTheLastRelease(Backend backend) throws IOException {
        Root root = Root.open(rootDir, backend);
        root.resolve("a").close(); // procfs and probes set up before counting
        FdSnapshot before = FdSnapshot.take();
        Root view = root.withOptions(BENEATH);
        assertEquals("{}", FdSnapshot.take().describeNewSince(before), "a view opens no descriptor");
        assertEquals(backend, view.backend());
        assertEquals(ResolveOptions.DEFAULT, root.options());
        root.close();
        assertThrows(ClosedFileSystemException.class, () -> root.resolve("a"));
        try (Handle h = view.resolve("a/file")) { // the view still holds the directory
            assertEquals(FileType.REGULAR_FILE, h.type());
        }
        assertThrows(ClosedFileSystemException.class, () -> root.withOptions(BENEATH));
        Root second = view.withOptions(ResolveOptions.DEFAULT.withNoFollow(true));
        view.close();
        view.close(); // twice does nothing
        try (Handle h = second.resolve("abs")) {
            assertEquals(FileType.SYMLINK, h.type());
        }
        second.close();
        assertThrows(ClosedFileSystemException.class, () -> second.mkdir("z", 0755));
        assertThrows(ClosedFileSystemException.class, () -> view.createFile("z", 0644));
        FdSnapshot after = FdSnapshot.take();
        assertTrue(after.count() < before.count(), "the root descriptor is closed with the last view");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void subRootIsConfinedToItsDirectory(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            root.resolve("a").close();
            FdSnapshot before = FdSnapshot.take();
            try (Root sub = root.openRoot("sub")) {
                assertEquals(rootDir.resolve("sub"), sub.path());
                // .. and absolute links stop at the sub-root
                try (Handle h = sub.resolve("up/inner/file")) {
                    assertEquals(Files.readAttributes(rootDir.resolve("sub/inner/file"), "unix:ino").get("ino"),
                            h.attributes().inode());
                }
                try (Handle h = sub.resolve("to-root/inner")) {
                    assertEquals(FileType.DIRECTORY, h.type());
                }
                assertThrows(java.nio.file.NoSuchFileException.class, () -> sub.resolve("../secret-beside-sub"));
                assertThrows(java.nio.file.NoSuchFileException.class, () -> sub.resolve("/a/file"));
                sub.createFile("/../../made", 0644).close();
                assertTrue(Files.exists(rootDir.resolve("sub/made")));
                try (Handle inner = sub.resolve("inner"); Root deeper = inner.openRoot();
                     InputStream in = deeper.newInputStream("../../file")) {
                    assertEquals("inner", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertEquals("{}", FdSnapshot.take().describeNewSince(before), "sub-roots leak no descriptor");
            // the sub-root inherits the options and outlives its parent
            Root sub;
            try (Root beneath = root.withOptions(BENEATH)) {
                sub = beneath.openRoot("sub");
            }
            try (sub) {
                assertEquals(BENEATH, sub.options());
                assertThrows(PathEscapeException.class, () -> sub.resolve("up"));
                assertThrows(PathEscapeException.class, () -> sub.resolve("/inner"));
                sub.resolve("inner/file").close();
            }
            IOException notDir = assertThrows(IOException.class, () -> root.openRoot("a/file"));
            assertSame(Errno.ENOTDIR, ((PathError) notDir).errno());
            try (Handle file = root.resolve("a/file")) {
                assertSame(Errno.ENOTDIR, ((PathError) assertThrows(IOException.class, file::openRoot)).errno());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void streamsAndDuplicateOptions(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            try (FileChannel ch = root.newFileChannel("a/file", StandardOpenOption.WRITE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap("+".getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals("data+", Files.readString(rootDir.resolve("a/file")));
            try (OutputStream out = root.newOutputStream("a/new")) {
                out.write("created".getBytes(StandardCharsets.UTF_8));
            }
            try (OutputStream out = root.newOutputStream("a/new")) {
                out.write("trunc".getBytes(StandardCharsets.UTF_8)); // TRUNCATE_EXISTING by default
            }
            try (InputStream in = root.newInputStream("/abs/new")) {
                assertEquals("trunc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> root.newOutputStream("a/none", StandardOpenOption.WRITE));
            assertThrows(UnsupportedOperationException.class,
                    () -> root.newInputStream("a/new", StandardOpenOption.WRITE));
            assertThrows(IllegalArgumentException.class,
                    () -> root.newOutputStream("a/new", StandardOpenOption.READ));
            IOException loop = assertThrows(IOException.class,
                    () -> root.newInputStream("abs", LinkOption.NOFOLLOW_LINKS));
            assertSame(Errno.ELOOP, ((PathError) loop).errno());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void errnoIsAnEnum(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            IOException e = assertThrows(IOException.class, () -> root.resolve("missing"));
            PathError pe = (PathError) e;
            assertSame(Errno.ENOENT, pe.errno());
            assertEquals("ENOENT", pe.errno().name());
            assertEquals(2, pe.errnoNumber());
            assertEquals("missing", pe.path());
        }
        assertEquals(Errno.EXDEV, Errno.of(18));
        assertEquals(40, Errno.ELOOP.number());
        assertThrows(IllegalArgumentException.class, () -> Errno.of(41));
        for (Errno e : Errno.values()) {
            assertSame(e, Errno.of(e.number()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void closedHandleIsAClosedFileSystem(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            Handle h = root.resolve("a");
            h.close();
            assertThrows(ClosedFileSystemException.class, h::type);
            assertThrows(ClosedFileSystemException.class, h::fd);
            assertThrows(ClosedFileSystemException.class, h::list);
            assertThrows(ClosedFileSystemException.class, h::openRoot);
        }
        Root closed = Root.open(rootDir, backend);
        closed.close();
        assertThrows(ClosedFileSystemException.class, () -> closed.openRoot("a"));
        assertThrows(ClosedFileSystemException.class, () -> closed.rename("a", "b"));
        assertArrayEquals(new byte[] {'d', 'a', 't', 'a'}, Files.readAllBytes(rootDir.resolve("a/file")));
    }
}
