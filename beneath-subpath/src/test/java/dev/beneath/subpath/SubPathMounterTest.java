package dev.beneath.subpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.Errno;
import dev.beneath.mount.BindMount;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Assumptions;

/**
 * prepare and cleanSubPaths with real mounts, in the private mount namespace the test JVM
 * runs in; every mount method and resolver backend.
 */
class SubPathMounterTest {
    @TempDir
    Path base;
    Tree tree;
    Path volume;
    Path pod;
    Path outside;

    static Stream<Arguments> mounters() {
        return Stream.of(
                Arguments.of(Backend.OPENAT2, BindMount.Method.DETACHED_CLONE),
                Arguments.of(Backend.EMULATED, BindMount.Method.DETACHED_CLONE),
                Arguments.of(Backend.OPENAT2, BindMount.Method.LEGACY_MOUNT));
    }

    @BeforeEach
    void tree() {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        tree = new Tree(base);
        tree.file("volume/data/report.txt", "numbers").file("volume/config.yaml", "a: 1")
                .dir("volume/logs").file("outside/secret", "host secret")
                .symlink("volume/evil", "/").symlink("volume/escape", "../../outside")
                .symlink("volume/inside-link", "data").symlink("volume/abs-inside", "/data")
                .fifo("volume/pipe").socket("volume/sock").dir("pod");
        volume = tree.path("volume");
        pod = tree.path("pod");
        outside = tree.path("outside");
    }

    @AfterEach
    void nothingLeftMounted() {
        if (base != null && TestEnv.canMount()) {
            assertEquals(List.of(), Mounts.under(base), "mounts left behind");
        }
    }

    private SubPath subPath(int index, String path, String container, boolean readOnly) {
        return new SubPath(index, path, "vol", volume, pod, container, readOnly);
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void aDirectoryIsBoundAndVerified(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        PreparedSubPath p = mounter.prepare(subPath(0, "data", "app", false));
        try {
            assertEquals(pod.resolve("volume-subpaths/vol/app/0"), p.hostPath());
            assertTrue(p.directory());
            assertFalse(p.reused());
            assertEquals("numbers", Files.readString(p.hostPath().resolve("report.txt")));
            assertEquals(Files.getAttribute(volume.resolve("data"), "unix:ino"), Files.getAttribute(p.hostPath(), "unix:ino"));
            Files.writeString(p.hostPath().resolve("written"), "by the container");
            assertEquals("by the container", Files.readString(volume.resolve("data/written")));
            assertEquals(0750, (int) Files.getAttribute(pod.resolve("volume-subpaths/vol/app"), "unix:mode") & 07777);
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
        assertFalse(Files.exists(pod.resolve("volume-subpaths")));
        assertEquals("numbers", Files.readString(volume.resolve("data/report.txt")), "clean must not touch the volume");
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void filesFifosAndSocketsAreBoundOntoAnEmptyFile(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        try {
            PreparedSubPath file = mounter.prepare(subPath(0, "config.yaml", "app", false));
            assertFalse(file.directory());
            assertEquals("a: 1", Files.readString(file.hostPath()));
            PreparedSubPath fifo = mounter.prepare(subPath(1, "pipe", "app", false));
            assertTrue(Files.getAttribute(fifo.hostPath(), "unix:mode") instanceof Integer m && (m & 0170000) == 010000);
            PreparedSubPath sock = mounter.prepare(subPath(2, "sock", "app", false));
            assertTrue(Files.getAttribute(sock.hostPath(), "unix:mode") instanceof Integer m && (m & 0170000) == 0140000);
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void linksThatStayInsideAreFollowed(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        try {
            PreparedSubPath p = mounter.prepare(subPath(0, "inside-link", "app", false));
            assertEquals("numbers", Files.readString(p.hostPath().resolve("report.txt")));
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void escapesAreRefusedWithoutHostPaths(Backend backend, BindMount.Method method) {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        for (String bad : List.of("evil", "evil/etc", "escape", "escape/secret", "abs-inside", "pipe/x",
                "missing/x", "/etc", "../outside", "data/../../outside", "")) {
            SubPathException e = assertThrows(SubPathException.class, () -> mounter.prepare(subPath(0, bad, "app", false)),
                    bad);
            assertFalse(e.getMessage().contains(base.toString()), "host path in: " + e.getMessage());
            assertTrue(e.getMessage().contains("subPath"), e.getMessage());
        }
        assertEquals(List.of(), Mounts.under(base));
    }

    @Test
    void aRefusalCarriesTheErrnoBehindItAndNoneWhenRefusedAsWritten() {
        SubPathMounter mounter = new SubPathMounter();
        for (String asWritten : List.of("/etc", "../outside", "data/../../outside", "")) {
            SubPathException e = assertThrows(SubPathException.class, () -> mounter.prepare(subPath(0, asWritten, "app", false)));
            assertEquals(Optional.empty(), e.errno(), asWritten);
        }
        SubPathException missing = assertThrows(SubPathException.class, () -> mounter.prepare(subPath(0, "missing/x", "app", false)));
        assertEquals(Optional.of(Errno.ENOENT), missing.errno());
        SubPathException escape = assertThrows(SubPathException.class, () -> mounter.prepare(subPath(0, "escape/secret", "app", false)));
        assertEquals(Optional.of(Errno.EXDEV), escape.errno());
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void readOnlyRefusesWrites(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        try {
            PreparedSubPath p = mounter.prepare(subPath(0, "logs", "app", true));
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> Files.writeString(p.hostPath().resolve("x"), "no"));
            assertTrue(e.getMessage().contains("Read-only") || e instanceof AccessDeniedException, e.getMessage());
            String options = Mounts.optionsOf(p.hostPath());
            assertTrue(options.contains("ro") && options.contains("nosuid") && options.contains("nodev"), options);
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
    }

    /**
     * The legacy mount(2) fallback names descriptors through the verified procfs: with a tmpfs
     * over the host's {@code /proc} (in this test's private namespace) it refuses before
     * mounting anything, instead of handing mount(2) whatever the fake {@code /proc} holds.
     */
    @ParameterizedTest
    @MethodSource("mounters")
    void theLegacyMountRefusesAFakeProc(Backend backend, BindMount.Method method) throws Exception {
        Assumptions.assumeTrue(method == BindMount.Method.LEGACY_MOUNT);
        dev.beneath.internal.procfs.ProcFs.shared(); // the verified instance, opened before the fake appears
        byte[] proc = "/proc".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        dev.beneath.internal.sys.Sys.mount("tmpfs", proc, "tmpfs", 0, "size=1m");
        dev.beneath.SafetyCheckException e;
        List<String> mounted;
        try {
            Files.createDirectories(Path.of("/proc/self/fd"));
            SubPathMounter mounter = new SubPathMounter(backend, method);
            e = assertThrows(dev.beneath.SafetyCheckException.class, () -> mounter.prepare(subPath(0, "data", "app", false)));
        } finally {
            dev.beneath.internal.sys.Sys.umount2(proc, dev.beneath.internal.sys.Linux.MNT_DETACH);
        }
        mounted = Mounts.under(pod);
        assertTrue(e.getMessage().contains("EXDEV"), e.getMessage());
        assertEquals(dev.beneath.Errno.EXDEV, e.errno());
        assertTrue(e.getMessage().startsWith("subPath \"data\" of volume \"vol\": "), "names the subPath, no host path: " + e.getMessage());
        assertEquals(List.of(), mounted);
        new SubPathMounter(backend, method).cleanSubPaths(pod, "vol");
    }

    /**
     * The same subPath prepared read-write, then read-only, then read-write again: a request
     * is reused only when the mount has its flags, so the read-only one is never writable.
     */
    @ParameterizedTest
    @MethodSource("mounters")
    void aReadOnlyRequestNeverReusesAWritableMount(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        try {
            PreparedSubPath writable = mounter.prepare(subPath(0, "logs", "app", false));
            Files.writeString(writable.hostPath().resolve("w"), "writable");
            PreparedSubPath readOnly = mounter.prepare(subPath(0, "logs", "app", true));
            assertFalse(readOnly.reused(), "a read-write mount was reused for a read-only request");
            assertThrows(FileSystemException.class, () -> Files.writeString(readOnly.hostPath().resolve("x"), "no"));
            String options = Mounts.optionsOf(readOnly.hostPath());
            assertTrue(options.startsWith("ro") && options.contains("nosuid") && options.contains("nodev"), options);
            assertEquals(1, Mounts.under(readOnly.hostPath()).size());
            assertTrue(mounter.prepare(subPath(0, "logs", "app", true)).reused());
            PreparedSubPath again = mounter.prepare(subPath(0, "logs", "app", false));
            assertFalse(again.reused());
            Files.writeString(again.hostPath().resolve("w"), "writable again");
            assertEquals(1, Mounts.under(again.hostPath()).size());
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void prepareIsIdempotentAndRemountsAnotherObject(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        try {
            PreparedSubPath first = mounter.prepare(subPath(0, "data", "app", false));
            PreparedSubPath again = mounter.prepare(subPath(0, "data", "app", false));
            assertTrue(again.reused());
            assertEquals(1, Mounts.under(first.hostPath()).size());
            PreparedSubPath other = mounter.prepare(subPath(0, "logs", "app", false));
            assertFalse(other.reused());
            assertEquals(1, Mounts.under(first.hostPath()).size());
            assertEquals(Files.getAttribute(volume.resolve("logs"), "unix:ino"), Files.getAttribute(other.hostPath(), "unix:ino"));
            // a file where a directory target should be, as an interrupted prepare may leave
            mounter.cleanSubPaths(pod, "vol");
            Files.createDirectories(pod.resolve("volume-subpaths/vol/app"));
            Files.writeString(pod.resolve("volume-subpaths/vol/app/3"), "");
            PreparedSubPath replaced = mounter.prepare(subPath(3, "data", "app", false));
            assertTrue(Files.isDirectory(replaced.hostPath()));
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void cleanLeavesOtherVolumesAndNamesBadEntries(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        Path otherVolume = tree.dir("volume2/d").path("volume2");
        PreparedSubPath mine = mounter.prepare(subPath(0, "data", "app", false));
        mounter.prepare(subPath(1, "config.yaml", "sidecar", false));
        PreparedSubPath theirs = mounter.prepare(new SubPath(0, "d", "vol2", otherVolume, pod, "app", false));
        // a mount stacked on top of a prepared one is undone too
        mounter.prepare(subPath(0, "logs", "app", false));
        mounter.cleanSubPaths(pod, "vol");
        assertFalse(Files.exists(pod.resolve("volume-subpaths/vol")));
        assertTrue(Files.isDirectory(theirs.hostPath()));
        assertEquals(List.of(theirs.hostPath().toString()), Mounts.under(pod));
        assertFalse(Files.exists(mine.hostPath()));
        mounter.cleanSubPaths(pod, "vol2");
        assertFalse(Files.exists(pod.resolve("volume-subpaths")));
        // a file where a container directory should be
        Files.createDirectories(pod.resolve("volume-subpaths/vol"));
        Files.writeString(pod.resolve("volume-subpaths/vol/not-a-dir"), "");
        SubPathException e = assertThrows(SubPathException.class, () -> mounter.cleanSubPaths(pod, "vol"));
        assertTrue(e.getMessage().contains("not-a-dir"), e.getMessage());
        mounter.cleanSubPaths(pod, "missing-volume");
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void safeMakeDirCreatesInsideAndRefusesEscapes(Backend backend, BindMount.Method method) throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        Census before = Census.of(outside);
        mounter.safeMakeDir("new/deep/dir", volume, 0750);
        assertEquals(0750, (int) Files.getAttribute(volume.resolve("new/deep/dir"), "unix:mode") & 07777);
        mounter.safeMakeDir("inside-link/sub", volume, 0755);
        assertTrue(Files.isDirectory(volume.resolve("data/sub")));
        mounter.safeMakeDir("data", volume, 0755);
        for (String bad : List.of("evil/tmp/x", "escape/x", "abs-inside/x", "config.yaml/x", "pipe", "../x", "/abs")) {
            SubPathException e = assertThrows(SubPathException.class, () -> mounter.safeMakeDir(bad, volume, 0755), bad);
            assertFalse(e.getMessage().contains(base.toString()), e.getMessage());
        }
        tree.symlink("volume/dangling", "nowhere");
        assertThrows(SubPathException.class, () -> mounter.safeMakeDir("dangling/x", volume, 0755));
        assertFalse(Files.exists(volume.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(before, Census.of(outside));
    }

    @ParameterizedTest
    @MethodSource("mounters")
    void safeMakeDirOfTheEmptySubPathNamesTheVolumeItself(Backend backend, BindMount.Method method)
            throws IOException {
        SubPathMounter mounter = new SubPathMounter(backend, method);
        Census inside = Census.of(volume);
        mounter.safeMakeDir("", volume, 0700);
        assertEquals(inside, Census.of(volume), "nothing is created, no mode is changed");
        SubPathException e = assertThrows(SubPathException.class,
                () -> mounter.safeMakeDir("", volume.resolve("missing"), 0700));
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertThrows(SubPathException.class, () -> mounter.safeMakeDir("", volume.resolve("config.yaml"), 0700));
    }
}
