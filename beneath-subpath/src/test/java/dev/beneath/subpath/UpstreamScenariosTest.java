package dev.beneath.subpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.mount.BindMount;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios the original node agent's subPath tests cover (safe mkdir, the bind of a
 * subPath, cleaning), here with real mounts instead of a fake mounter, on both backends.
 * Where beneath answers differently on purpose, the row says so.
 */
class UpstreamScenariosTest {
    @TempDir
    Path base;
    Tree tree;

    /** Builds the scenario's files under {@code base}. */
    interface Setup {
        void build(Tree tree) throws IOException;
    }

    /** A row: setup, the subPath, and whether it must succeed (and then what must exist). */
    record Row(String name, Setup setup, String path, boolean ok, String check) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row ok(String name, Setup setup, String path, String check) {
        return new Row(name, setup, path, true, check);
    }

    private static Row fails(String name, Setup setup, String path) {
        return new Row(name, setup, path, false, null);
    }

    private static Setup nothing() {
        return t -> { };
    }

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        tree = new Tree(base).dir("vol").dir("pod");
    }

    @AfterEach
    void nothingLeftMounted() {
        if (TestEnv.canMount()) {
            assertEquals(List.of(), Mounts.under(base));
        }
    }

    private static Stream<Arguments> onBothBackends(List<Row> rows) {
        return rows.stream().flatMap(r -> Stream.of(Arguments.of(Backend.OPENAT2, r), Arguments.of(Backend.EMULATED, r)));
    }

    // ---- safe mkdir -----------------------------------------------------------------------

    static Stream<Arguments> safeMakeDirRows() {
        List<Row> t = new ArrayList<>();
        t.add(ok("directory does not exist", nothing(), "test/directory", "test/directory"));
        t.add(ok("directory exists", x -> x.dir("vol/test/directory"), "test/directory", "test/directory"));
        t.add(ok("empty subPath is the volume itself", nothing(), "", ""));
        t.add(fails("escape using ..", nothing(), ".."));
        t.add(fails("escape using test/../../..", x -> x.dir("vol/test"), "test/../../.."));
        t.add(ok("follow a symlink inside", x -> x.dir("vol/destination").symlink("vol/test", "destination"),
                "test/directory", "destination/directory"));
        t.add(fails("symlink loop", x -> x.symlink("vol/test", "test"), "test/directory"));
        t.add(ok("links back and forth, relative", x -> x.dir("vol/test1").dir("vol/test2")
                .symlink("vol/test1/dir", "../test2").symlink("vol/test2/dir", "../test1"),
                "test1/dir/dir/dir/dir/dir/dir/dir/foo", "test2/foo"));
        // the original follows absolute links whose host target lies inside the volume; a
        // container cannot know host paths, so beneath refuses every absolute link instead
        t.add(fails("links back and forth, absolute (refused on purpose)", x -> x.dir("vol/test1").dir("vol/test2")
                .symlink("vol/test1/dir", x.path("vol/test2").toString()), "test1/dir/foo"));
        t.add(fails("dangling symlink", x -> x.symlink("vol/test", "non-existing"), "test/directory"));
        t.add(fails("non-directory", x -> x.file("vol/test", ""), "test/directory"));
        t.add(fails("non-directory final", x -> x.file("vol/test", ""), "test"));
        t.add(ok("relative symlink that stays inside", x -> x.dir("vol/dir").dir("vol/exists")
                .symlink("vol/dir/test", "../exists"), "dir/test", "exists"));
        t.add(fails("relative symlink to a missing directory", x -> x.dir("vol/dir")
                .symlink("vol/dir/test", "../not-exists"), "dir/test"));
        t.add(fails("symlink to /", x -> x.symlink("vol/test", "/"), "test/directory"));
        t.add(fails("relative symlink out of the volume", x -> x.dir("outside")
                .symlink("vol/test", "../outside"), "test/directory"));
        return onBothBackends(t);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("safeMakeDirRows")
    void safeMakeDir(Backend backend, Row row) throws IOException {
        row.setup().build(tree);
        SubPathMounter mounter = new SubPathMounter(backend, BindMount.preferred());
        Path volume = tree.path("vol");
        if (row.ok()) {
            mounter.safeMakeDir(row.path(), volume, 0750);
            Path made = volume.resolve(row.check());
            assertTrue(Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS), row.check());
        } else {
            assertThrows(SubPathException.class, () -> mounter.safeMakeDir(row.path(), volume, 0750));
            assertFalse(Files.exists(base.resolve("directory")));
        }
    }

    static Stream<Arguments> modes() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED).flatMap(b ->
                Stream.of(0750, 02777, 04777, 01777).map(m -> Arguments.of(b, m)));
    }

    @ParameterizedTest(name = "[{index}] {0}: mode {1}")
    @MethodSource("modes")
    void safeMakeDirAppliesTheExactMode(Backend backend, int mode) throws IOException {
        new SubPathMounter(backend, BindMount.preferred()).safeMakeDir("test/directory", tree.path("vol"), mode);
        assertEquals(mode, (int) Files.getAttribute(tree.path("vol/test/directory"), "unix:mode") & 07777);
    }

    // ---- bind of a subPath ----------------------------------------------------------------

    static Stream<Arguments> prepareRows() {
        List<Row> t = new ArrayList<>();
        t.add(ok("subpath is a directory", x -> x.dir("vol/dir0"), "dir0", "dir"));
        t.add(ok("subpath through a symlink inside", x -> x.dir("vol/dir0").symlink("vol/dirLink", "dir0"),
                "dirLink", "dir"));
        t.add(ok("subpath is a file", x -> x.file("vol/file0", ""), "file0", "file"));
        t.add(fails("subpath does not exist", nothing(), "file0"));
        t.add(fails("subpath is a symlink out", x -> x.symlink("vol/dir0", x.base().toString()), "dir0"));
        t.add(fails("child symlink out", x -> x.dir("vol/dir0").symlink("vol/dir0/child0", x.base().toString()),
                "dir0/child0"));
        t.add(fails("parent symlink out, child exists outside", x -> x.file("child0", "")
                .symlink("vol/dir0", x.base().toString()), "dir0/child0"));
        t.add(fails("parent symlink out, child missing", x -> x.symlink("vol/dir0", x.base().toString()), "dir0/child0"));
        t.add(fails("middle directory symlink out", x -> x.file("child0", "").dir("vol/dir0")
                .symlink("vol/dir0/linkDir0", x.base().toString()), "dir0/linkDir0/child0"));
        t.add(fails("backstepping symlink", x -> x.symlink("vol/dir0", ".."), "dir0"));
        t.add(ok("target directory already exists", x -> x.dir("vol/dir0").dir("pod/volume-subpaths/vol/c0/1"),
                "dir0", "dir"));
        t.add(ok("unix socket", x -> x.socket("vol/mt.sock"), "mt.sock", "socket"));
        t.add(fails("unix socket in the middle", x -> x.socket("vol/mt.sock"), "mt.sock/bar"));
        t.add(ok("fifo", x -> x.fifo("vol/mount_test.fifo"), "mount_test.fifo", "fifo"));
        t.add(fails("symlink loop", x -> x.symlink("vol/test", "test"), "test"));
        t.add(fails("escape using dots", x -> x.dir("vol/test"), "test/../../.."));
        return onBothBackends(t);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("prepareRows")
    void prepare(Backend backend, Row row) throws IOException {
        row.setup().build(tree);
        SubPathMounter mounter = new SubPathMounter(backend, BindMount.preferred());
        SubPath request = new SubPath(1, row.path(), "vol", tree.path("vol"), tree.path("pod"), "c0", false);
        Path target = tree.path("pod/volume-subpaths/vol/c0/1");
        try {
            if (row.ok()) {
                PreparedSubPath p = mounter.prepare(request);
                assertEquals(target, p.hostPath());
                assertEquals(Files.getAttribute(tree.path("vol").resolve(row.path()), "unix:ino"),
                        Files.getAttribute(target, "unix:ino"));
                assertEquals(List.of(target.toString()), Mounts.under(tree.path("pod")));
            } else {
                assertThrows(SubPathException.class, () -> mounter.prepare(request));
                assertEquals(List.of(), Mounts.under(tree.path("pod")));
                assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "no target is made for a refused subPath");
            }
        } finally {
            mounter.cleanSubPaths(tree.path("pod"), "vol");
        }
    }

    // ---- clean ----------------------------------------------------------------------------

    /** Binds the volume's {@code dir} onto {@code pod/<target>} for a clean scenario. */
    private void mountOnto(String target) throws Exception {
        Sys.mount(tree.path("vol/d").toString(), tree.path("pod/" + target).toString().getBytes(StandardCharsets.UTF_8),
                null, Linux.MS_BIND, null);
    }

    static Stream<Backend> backends() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cleanScenarios(Backend backend) throws Exception {
        SubPathMounter m = new SubPathMounter(backend, BindMount.preferred());
        Path pod = tree.path("pod");
        Path subpaths = pod.resolve("volume-subpaths");
        tree.file("vol/d/keep", "volume content");

        m.cleanSubPaths(pod, "vol1"); // not exists
        assertFalse(Files.exists(subpaths));

        tree.dir("pod/volume-subpaths/vol1/container1/0"); // not a mount
        m.cleanSubPaths(pod, "vol1");
        assertFalse(Files.exists(subpaths));

        tree.file("pod/volume-subpaths/vol1/container1/0", ""); // a file target
        m.cleanSubPaths(pod, "vol1");
        assertFalse(Files.exists(subpaths));

        tree.file("pod/volume-subpaths/vol1/container1", ""); // container not a directory
        assertThrows(SubPathException.class, () -> m.cleanSubPaths(pod, "vol1"));
        assertTrue(Files.isDirectory(subpaths.resolve("vol1")));
        Files.delete(subpaths.resolve("vol1/container1"));

        tree.dir("pod/volume-subpaths/vol1/container1").file("pod/volume-subpaths/vol1/container2", "");
        assertThrows(SubPathException.class, () -> m.cleanSubPaths(pod, "vol1"));
        assertFalse(Files.exists(subpaths.resolve("vol1/container1")));
        assertTrue(Files.isRegularFile(subpaths.resolve("vol1/container2")));
        Files.delete(subpaths.resolve("vol1/container2"));

        tree.dir("pod/volume-subpaths/vol1/container1/0").dir("pod/volume-subpaths/vol1/container1/1")
                .dir("pod/volume-subpaths/vol1/container2/1");
        mountOnto("volume-subpaths/vol1/container1/0");
        mountOnto("volume-subpaths/vol1/container2/1");
        mountOnto("volume-subpaths/vol1/container2/1"); // stacked twice
        m.cleanSubPaths(pod, "vol1");
        assertFalse(Files.exists(subpaths));

        tree.dir("pod/volume-subpaths/vol1/container1/0").dir("pod/volume-subpaths/vol2/container1/1");
        mountOnto("volume-subpaths/vol1/container1/0");
        m.cleanSubPaths(pod, "vol1");
        assertFalse(Files.exists(subpaths.resolve("vol1")));
        assertTrue(Files.isDirectory(subpaths.resolve("vol2/container1/1")));
        m.cleanSubPaths(pod, "vol2");

        // mounted targets with content: unmounted, never descended into
        tree.dir("pod/volume-subpaths/vol1/container1/1").dir("pod/volume-subpaths/vol1/container1/2");
        mountOnto("volume-subpaths/vol1/container1/1");
        mountOnto("volume-subpaths/vol1/container1/2");
        m.cleanSubPaths(pod, "vol1");
        assertFalse(Files.exists(subpaths));
        assertEquals("volume content", Files.readString(tree.path("vol/d/keep")));

        // an unmounted target that still has content is an error naming it, not a recursive delete
        tree.file("pod/volume-subpaths/vol1/container1/0/left-behind", "x");
        SubPathException e = assertThrows(SubPathException.class, () -> m.cleanSubPaths(pod, "vol1"));
        assertTrue(e.getMessage().contains("container1/0"), e.getMessage());
        assertTrue(Files.exists(subpaths.resolve("vol1/container1/0/left-behind")));
    }
}
