package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mutating operations of Root, on both backends. */
class RootOperationsTest {
    @TempDir
    Path base;
    Tree tree;
    Path rootDir;
    Path outside;

    @BeforeEach
    void hostileTree() {
        tree = new Tree(base);
        tree.dir("root/a/b").file("root/a/file", "data").dir("outside/secret")
                .file("outside/secret/keep", "keep")
                .symlink("root/dangling", "/nowhere/x")
                .symlink("root/escape", "../../outside")
                .symlink("root/abs", "/a")
                .symlink("root/host", base.resolve("outside").toString());
        rootDir = tree.path("root");
        outside = tree.path("outside");
    }

    private static String errno(IOException e) {
        return ((PathError) e).errno().name();
    }

    private static int modeOf(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void mkdirAllCreatesExactModesAndFollowsLinksOnlyInside(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            try (Handle h = root.mkdirAll("x/y/z", 0750)) {
                assertEquals(FileType.DIRECTORY, h.type());
                assertEquals(Files.readAttributes(rootDir.resolve("x/y/z"), "unix:ino").get("ino"), h.attributes().inode());
            }
            assertEquals(0750, modeOf(rootDir.resolve("x/y/z")));
            root.mkdirAll("sticky", 01777).close();
            assertEquals(01777, modeOf(rootDir.resolve("sticky")));
            // an absolute symlink is taken inside the root: /a/new lands in root/a/new
            root.mkdirAll("abs/new", 0700).close();
            assertTrue(Files.isDirectory(rootDir.resolve("a/new")));
            // an escaping relative symlink is clamped at the root, where root/outside does not
            // exist: the link dangles, and a dangling link is never followed to create
            assertEquals("ENOTDIR", errno(assertThrows(IOException.class, () -> root.mkdirAll("escape/made", 0700))));
            assertFalse(Files.exists(outside.resolve("made")));
            Files.createDirectory(rootDir.resolve("outside"));
            root.mkdirAll("escape/made", 0700).close();
            assertTrue(Files.isDirectory(rootDir.resolve("outside/made")));
            assertFalse(Files.exists(outside.resolve("made")));
            // an existing directory is fine and keeps its mode
            root.mkdirAll("a/b", 0700).close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void mkdirAllRefusesWhatItMustNotDo(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            assertEquals("ENOTDIR", errno(assertThrows(IOException.class, () -> root.mkdirAll("dangling/sub", 0755))));
            assertFalse(Files.exists(Path.of("/nowhere")));
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.mkdirAll("new/../other", 0755))));
            assertFalse(Files.exists(rootDir.resolve("new")) && Files.exists(rootDir.resolve("other")));
            assertEquals("ENOTDIR", errno(assertThrows(IOException.class, () -> root.mkdirAll("a/file/sub", 0755))));
            assertEquals("EINVAL", errno(assertThrows(IOException.class, () -> root.mkdirAll("bad\0name", 0755))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void mkdirAllInheritsSetgid(Backend backend) throws IOException {
        Files.createDirectory(rootDir.resolve("shared"));
        Files.setAttribute(rootDir.resolve("shared"), "unix:mode", 02775);
        try (Root root = Root.open(rootDir, backend)) {
            root.mkdirAll("shared/team/docs", 0750).close();
        }
        assertEquals(02750, modeOf(rootDir.resolve("shared/team")));
        assertEquals(02750, modeOf(rootDir.resolve("shared/team/docs")));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void thirtyTwoThreadsCreateTheSameDeepPath(Backend backend) throws Exception {
        String deep = String.join("/", java.util.Collections.nCopies(20, "d"));
        try (Root root = Root.open(rootDir, backend)) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try (Handle h = root.mkdirAll(deep, 0755)) {
                            return h.attributes().inode();
                        }
                    }));
                }
                start.countDown();
                long first = results.getFirst().get();
                for (Future<Long> f : results) {
                    assertEquals(first, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void createFileIsExclusiveAndNeverFollowsALink(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            try (Handle h = root.createFile("a/new.txt", 0640)) {
                assertEquals(FileType.REGULAR_FILE, h.type());
                assertEquals(0640, h.attributes().permissionBits());
            }
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createFile("a/new.txt", 0640))));
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createFile("dangling", 0640))));
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createFile("host", 0640))));
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createFile("/", 0640))));
            assertEquals("EINVAL", errno(assertThrows(IOException.class, () -> root.createFile("a/..", 0640))));
            assertEquals("EISDIR", errno(assertThrows(IOException.class, () -> root.createFile("a/dir/", 0640))));
            // a parent symlink to the host's directory is re-rooted, where nothing exists
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.createFile("host/inside.txt", 0600))));
            assertFalse(Files.exists(outside.resolve("inside.txt")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void symlinksAndReadlink(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            root.createSymbolicLink("a/link", "../../etc/passwd");
            assertEquals("../../etc/passwd", root.readSymbolicLink("a/link"));
            assertEquals("/nowhere/x", root.readSymbolicLink("dangling"));
            assertEquals("EINVAL", errno(assertThrows(IOException.class, () -> root.readSymbolicLink("a/file"))));
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createSymbolicLink("a/link", "x"))));
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.resolve("a/link"))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void removeFileAndDirNeverTouchLinkTargets(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            root.removeFile("host");
            assertFalse(Files.exists(rootDir.resolve("host"), LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.exists(outside.resolve("secret/keep")));
            assertEquals("EISDIR", errno(assertThrows(IOException.class, () -> root.removeFile("a/b"))));
            assertEquals("ENOTDIR", errno(assertThrows(IOException.class, () -> root.removeFile("a/file/"))));
            assertEquals("ENOTEMPTY", errno(assertThrows(IOException.class, () -> root.removeDir("a"))));
            assertEquals("ENOTDIR", errno(assertThrows(IOException.class, () -> root.removeDir("a/file"))));
            assertEquals("EBUSY", errno(assertThrows(IOException.class, () -> root.removeDir("/"))));
            root.removeDir("a/b");
            assertFalse(Files.exists(rootDir.resolve("a/b")));
            // a parent that is an escaping link resolves inside the root: nothing outside goes
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.removeFile("escape/secret/keep"))));
            assertTrue(Files.exists(outside.resolve("secret/keep")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void removeAllDeletesDeepTreesButNothingBehindLinks(Backend backend) throws IOException {
        Path deep = rootDir.resolve("big");
        Path p = deep;
        for (int i = 0; i < 300; i++) {
            p = p.resolve("level");
            Files.createDirectories(p);
            Files.writeString(p.resolve("f"), "x");
        }
        Files.createSymbolicLink(deep.resolve("out"), outside);
        Files.createSymbolicLink(p.resolve("out"), outside.resolve("secret"));
        try (Root root = Root.open(rootDir, backend)) {
            int before = TestEnv.openFdCount();
            root.removeAll("big");
            assertEquals(before, TestEnv.openFdCount());
            root.removeAll("big"); // missing is fine
            root.removeAll("dangling");
        }
        assertFalse(Files.exists(deep, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(rootDir.resolve("dangling"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("secret/keep")));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void removeAllStopsAtAMount(Backend backend) throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Path mnt = rootDir.resolve("m/mnt");
        Files.createDirectories(mnt);
        byte[] target = mnt.toString().getBytes(StandardCharsets.UTF_8);
        Sys.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        try {
            Files.writeString(mnt.resolve("on-the-mount"), "x");
            try (Root root = Root.open(rootDir, backend)) {
                assertEquals("EBUSY", errno(assertThrows(IOException.class, () -> root.removeAll("m"))));
            }
            assertTrue(Files.exists(mnt.resolve("on-the-mount")));
        } finally {
            Sys.umount2(target, Linux.MNT_DETACH);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void renameNoReplaceAndExchange(Backend backend) throws IOException {
        tree.file("root/x", "x").file("root/y", "y");
        try (Root root = Root.open(rootDir, backend)) {
            assertEquals("EEXIST", errno(assertThrows(IOException.class,
                    () -> root.rename("x", "y", RenameOption.NO_REPLACE))));
            root.rename("x", "y", RenameOption.EXCHANGE);
            assertEquals("y", Files.readString(rootDir.resolve("x")));
            root.rename("host", "a/moved-link");
            assertTrue(Files.isSymbolicLink(rootDir.resolve("a/moved-link")));
            assertTrue(Files.exists(outside.resolve("secret/keep")));
            root.rename("/a/file", "/../../renamed");
            assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(rootDir.resolve("renamed")));
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootDir)).substring(0, 9));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void openCreatesReadsAndNeverCreatesThroughALink(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            try (var ch = root.newFileChannel("a/new.log", Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")))) {
                ch.write(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(0640, modeOf(rootDir.resolve("a/new.log")));
            try (var ch = root.newFileChannel("a/new.log", StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap("+two".getBytes(StandardCharsets.UTF_8)));
            }
            try (var in = java.nio.channels.Channels.newInputStream(root.newFileChannel("/a/../a/new.log"))) {
                assertEquals("one+two", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("EEXIST", errno(assertThrows(IOException.class,
                    () -> root.newFileChannel("a/new.log", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))));
            assertEquals("ELOOP", errno(assertThrows(IOException.class,
                    () -> root.newFileChannel("dangling", StandardOpenOption.CREATE, StandardOpenOption.WRITE))));
            assertFalse(Files.exists(Path.of("/nowhere")));
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.newFileChannel("missing"))));
            // an existing target through an in-root symlink is opened and truncated
            root.createSymbolicLink("log-link", "/a/new.log");
            try (var ch = root.newFileChannel("log-link", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                assertEquals(0, ch.size());
            }
            assertEquals("ELOOP", errno(assertThrows(IOException.class,
                    () -> root.newFileChannel("log-link", StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void hardlinkAndAttributesActOnTheResolvedInode(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            root.createLink("a/file2", "a/file");
            assertEquals(Files.getAttribute(rootDir.resolve("a/file"), "unix:ino"),
                    Files.getAttribute(rootDir.resolve("a/file2"), "unix:ino"));
            root.createLink("host2", "host"); // the symlink itself, not the outside directory
            assertTrue(Files.isSymbolicLink(rootDir.resolve("host2")));
            assertEquals("EEXIST", errno(assertThrows(IOException.class, () -> root.createLink("a/file2", "a/file"))));

            // two links now: setuid only when asked for
            assertEquals("EPERM", errno(assertThrows(IOException.class, () -> root.setPermissions("a/file", 04755))));
            root.setPermissions("a/file", 04755, PermissionOption.SETID_ON_LINKED_FILE);
            assertEquals(04755, modeOf(rootDir.resolve("a/file")));
            root.setPermissions("abs/b", 0700); // absolute symlink followed inside the root
            assertEquals(0700, modeOf(rootDir.resolve("a/b")));
            int outsideMode = modeOf(outside);
            assertEquals("ENOENT", errno(assertThrows(IOException.class, () -> root.setPermissions("host", 0777))));
            assertEquals(outsideMode, modeOf(outside));

            FileTime t = FileTime.fromMillis(1_000_000_000_000L);
            root.setTimes("a/file", t, t);
            assertEquals(t, Files.getLastModifiedTime(rootDir.resolve("a/file")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void setOwnerChangesTheLinkItselfOnlyWhenAsked(Backend backend) throws IOException {
        Assumptions.assumeTrue(TestEnv.isRoot(), "changing owners needs root");
        try (Root root = Root.open(rootDir, backend)) {
            root.createLink("host2", "host");
            root.setOwner("a/file", 1234, 5678);
            assertEquals(1234, Files.getAttribute(rootDir.resolve("a/file"), "unix:uid"));
            try (Root noFollow = root.withOptions(ResolveOptions.DEFAULT.withNoFollow(true))) {
                noFollow.setOwner("host2", 4321, -1);
            }
            assertEquals(4321, Files.getAttribute(rootDir.resolve("host2"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, Files.getAttribute(outside, "unix:uid"));
        }
    }

    /**
     * A root-owned, world-writable file outside, hard-linked into the tree: setuid or setgid
     * through the link is refused unless asked for; plain bits, and directories, are not affected.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void setIdOnAFileWithSeveralLinksIsRefused(Backend backend) throws Exception {
        Path target = outside.resolve("tool");
        Files.writeString(target, "#!/bin/sh\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createLink(rootDir.resolve("a/tool"), target);
        try (Root root = Root.open(rootDir, backend)) {
            IOException e = assertThrows(IOException.class, () -> root.setPermissions("a/tool", 04755));
            assertEquals("EPERM", errno(e));
            assertEquals("EPERM", errno(assertThrows(IOException.class, () -> root.setPermissions("a/tool", 02755))));
            assertEquals(0666, (int) Files.getAttribute(target, "unix:mode") & 07777);
            root.setPermissions("a/tool", 0644); // no setuid/setgid: allowed
            assertEquals(0644, (int) Files.getAttribute(target, "unix:mode") & 07777);
            root.setPermissions("a", 02755); // a directory: its links are its entries
            root.setPermissions("a/tool", 04755, PermissionOption.SETID_ON_LINKED_FILE);
            assertEquals(04755, (int) Files.getAttribute(target, "unix:mode") & 07777);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void removeAllRacingACreator(Backend backend) throws Exception {
        Census outsideBefore = Census.of(outside);
        try (Root root = Root.open(rootDir, backend)) {
            root.mkdirAll("work/a/b/c", 0755).close();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger created = new AtomicInteger();
            CountDownLatch firstCreated = new CountDownLatch(1);
            Thread creator = new Thread(() -> {
                for (int i = 0; i < 3000 && !stop.get(); i++) {
                    try {
                        root.mkdirAll("work/a/b/c/d" + (i % 7) + "/e" + i, 0755).close();
                        created.incrementAndGet();
                        firstCreated.countDown();
                        root.createFile("work/a/f" + i, 0644).close();
                    } catch (IOException e) {
                        // the remover got there first: expected
                    }
                }
            });
            creator.start();
            int removals = 0;
            try {
                // the race starts once the creator is under way, so the remover cannot starve it
                assertTrue(firstCreated.await(30, java.util.concurrent.TimeUnit.SECONDS), "the creator never started");
                while (creator.isAlive() && removals < 10_000) {
                    try {
                        root.removeAll("work");
                    } catch (IOException e) {
                        assertEquals("ENOENT", errno(e), "only a vanished parent is acceptable: " + e);
                    }
                    removals++;
                }
            } finally {
                stop.set(true);
                creator.join();
            }
            root.removeAll("work");
            assertTrue(created.get() > 0, "the creator never created anything");
        }
        assertFalse(Files.exists(rootDir.resolve("work")));
        assertEquals(outsideBefore, Census.of(outside));
    }
}
