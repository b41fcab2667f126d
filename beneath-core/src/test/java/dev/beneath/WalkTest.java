package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Root.walk on both backends: over descriptors, confined, lossless, bounded, closed. */
class WalkTest {
    @TempDir
    Path base;
    Tree tree;
    Path rootDir;

    @BeforeEach
    void hostileTree() {
        tree = new Tree(base);
        tree.dir("root/top/a/b").file("root/top/a/b/f", "f").file("root/top/g", "g")
                .symlink("root/top/to-a", "a").symlink("root/top/escape", "../../../outside")
                .symlink("root/top/abs", "/top/a").symlink("root/top/back", "..").symlink("root/top/self", "self")
                .file("outside/secret", "secret").dir("outside/more");
        rootDir = tree.path("root");
    }

    private static Map<String, String> describe(Stream<WalkEntry> s) {
        try (s) {
            return s.collect(Collectors.toMap(WalkEntry::path, e -> e.type().shortName()
                    + (e.error() == null ? "" : " " + ((PathError) e.error()).errno().name()), (x, y) -> x + "|" + y,
                    TreeMap::new));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void reportsLinksWithoutFollowing(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            Map<String, String> got = describe(root.walk("top"));
            assertEquals(new TreeMap<>(Map.of("top", "dir", "top/a", "dir", "top/a/b", "dir", "top/a/b/f", "file",
                    "top/g", "file", "top/to-a", "symlink", "top/escape", "symlink", "top/abs", "symlink",
                    "top/back", "symlink", "top/self", "symlink")), got);
            try (Stream<WalkEntry> s = root.walk("top")) {
                List<WalkEntry> all = s.toList();
                assertEquals("top", all.getFirst().path(), "the start comes first");
                assertEquals(0, all.getFirst().depth());
                WalkEntry f = all.stream().filter(e -> e.path().equals("top/a/b/f")).findFirst().orElseThrow();
                assertEquals(3, f.depth());
                assertEquals("f", f.name());
                assertTrue(all.indexOf(f) > all.indexOf(all.stream().filter(e -> e.path().equals("top/a/b"))
                        .findFirst().orElseThrow()), "a directory before its entries");
            }
            assertEquals(Map.of("top", "dir", "top/a", "dir", "top/g", "file", "top/to-a", "symlink",
                    "top/escape", "symlink", "top/abs", "symlink", "top/back", "symlink", "top/self", "symlink"),
                    describe(root.walk("top", 1)));
            assertEquals(Map.of("top/to-a", "symlink"), describe(root.walk("top/to-a")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void followingStaysInsideAndReportsLoops(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            Map<String, String> got = describe(root.walk("top", FileVisitOption.FOLLOW_LINKS));
            assertEquals("dir", got.get("top/to-a"));
            assertEquals("file", got.get("top/to-a/b/f"));
            assertEquals("dir", got.get("top/abs"), "an absolute link is taken inside the root");
            assertEquals("file", got.get("top/abs/b/f"));
            assertEquals("symlink", got.get("top/escape"), "the escaping link dangles inside the root");
            assertEquals("dir", got.get("top/back"), "top/back is the root itself");
            assertEquals("dir ELOOP", got.get("top/back/top"), "a directory being walked is not entered again");
            assertEquals("symlink ELOOP", got.get("top/self"));
            assertFalse(got.keySet().stream().anyMatch(p -> p.contains("secret") || p.contains("more")), got::toString);
            // the start is followed only when asked
            assertEquals("file", describe(root.walk("top/to-a", FileVisitOption.FOLLOW_LINKS)).get("top/to-a/b/f"));
            try (Root beneath = root.withOptions(ResolveOptions.DEFAULT.withScope(Scope.BENEATH))) {
                Map<String, String> b = describe(beneath.walk("top", FileVisitOption.FOLLOW_LINKS));
                assertEquals("symlink EXDEV", b.get("top/escape"));
                assertEquals("symlink EXDEV", b.get("top/abs"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void namesAreByteExact(Backend backend) throws Exception {
        byte[] name = {'n', (byte) 0xFF, (byte) 0xC3};
        byte[] full = (rootDir + "/top/").getBytes(StandardCharsets.UTF_8);
        byte[] path = java.util.Arrays.copyOf(full, full.length + name.length);
        System.arraycopy(name, 0, path, full.length, name.length);
        Sys.mkdirat(Linux.AT_FDCWD, path, 0755);
        try (Root root = Root.open(rootDir, backend)) {
            List<WalkEntry> odd;
            try (Stream<WalkEntry> s = root.walk("top")) {
                odd = s.filter(e -> e.name().equals(PathNames.decode(name))).toList();
            }
            assertEquals(1, odd.size());
            assertEquals(FileType.DIRECTORY, root.lstat(odd.getFirst().path()).type());
            root.removeDir(odd.getFirst().path());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void deepTreesHoldFewDescriptors(Backend backend) throws IOException {
        int depth = 60;
        StringBuilder p = new StringBuilder("deep");
        for (int i = 0; i < depth; i++) {
            p.append("/d");
            tree.file("root/" + p + "/sibling", "s"); // a file at every level, visited after the subdirectory or before
        }
        try (Root root = Root.open(rootDir, backend)) {
            root.resolve("deep").close();
            FdSnapshot before = FdSnapshot.take();
            int most = 0;
            int entries = 0;
            try (Stream<WalkEntry> s = root.walk("deep")) {
                for (Iterator<WalkEntry> it = s.iterator(); it.hasNext(); ) {
                    WalkEntry e = it.next();
                    assertNull(e.error(), e::toString);
                    entries++;
                    if (entries % 10 == 0) {
                        most = Math.max(most, FdSnapshot.take().newSince(before).size());
                    }
                }
            }
            assertEquals(1 + 2 * depth, entries);
            assertTrue(most <= TreeWalk.HELD + 2, "descriptors held during the walk: " + most);
            assertEquals("{}", FdSnapshot.take().describeNewSince(before), "the walk leaked descriptors");
            // closing a stream part-way closes everything
            try (Stream<WalkEntry> s = root.walk("deep")) {
                assertEquals(30, s.limit(30).count());
            }
            assertEquals("{}", FdSnapshot.take().describeNewSince(before), "a closed walk leaked descriptors");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aDirectoryReplacedDuringTheWalkIsReportedNotFollowed(Backend backend) throws IOException {
        // two chains deeper than the descriptors held: whichever is walked first, deep/x still has
        // the other to visit, and its descriptor was let go on the way down
        String chain = "/d".repeat(TreeWalk.HELD + 4);
        tree.dir("root/deep/x/c1" + chain).dir("root/deep/x/c2" + chain);
        tree.dir("root/decoy/c1").dir("root/decoy/c2").file("root/decoy/secret-of-decoy", "no");
        try (Root root = Root.open(rootDir, backend); Stream<WalkEntry> s = root.walk("deep")) {
            Iterator<WalkEntry> it = s.iterator();
            WalkEntry e;
            do {
                e = it.next();
            } while (!e.path().endsWith(chain));
            String first = e.path().substring("deep/x/".length(), "deep/x/c1".length());
            Files.move(rootDir.resolve("deep/x"), rootDir.resolve("moved-away"));
            Files.move(rootDir.resolve("decoy"), rootDir.resolve("deep/x"));
            List<WalkEntry> rest = new java.util.ArrayList<>();
            it.forEachRemaining(rest::add);
            assertTrue(rest.stream().anyMatch(r -> r.path().equals("deep/x") && r.error() != null
                    && ((PathError) r.error()).errno() == Errno.ESTALE), rest::toString);
            assertFalse(rest.stream().anyMatch(r -> r.error() == null && r.depth() > 1), rest::toString);
            assertFalse(rest.stream().anyMatch(r -> r.path().contains("secret-of-decoy")), rest::toString);
            assertTrue(first.equals("c1") || first.equals("c2"), first);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void startFailuresAreThrown(Backend backend) throws IOException {
        try (Root root = Root.open(rootDir, backend)) {
            IOException e = assertThrows(IOException.class, () -> root.walk("missing"));
            assertInstanceOf(java.nio.file.NoSuchFileException.class, e);
            try (Root beneath = root.withOptions(ResolveOptions.DEFAULT.withScope(Scope.BENEATH))) {
                assertThrows(PathEscapeException.class, () -> beneath.walk("../outside"));
            }
            assertThrows(IllegalArgumentException.class, () -> root.walk("top", -1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void noXdevReportsMountsWithoutEnteringThem(Backend backend) throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        tree.dir("root/top/mnt");
        Path mnt = rootDir.resolve("top/mnt");
        Sys.mount("tmpfs", mnt.toString().getBytes(StandardCharsets.UTF_8), "tmpfs", 0, null);
        try {
            Files.writeString(mnt.resolve("on-the-mount"), "x");
            try (Root root = Root.open(rootDir, backend, ResolveOptions.DEFAULT.withNoXdev(true))) {
                Map<String, String> got = describe(root.walk("top"));
                assertEquals("dir EXDEV", got.get("top/mnt"));
                assertFalse(got.containsKey("top/mnt/on-the-mount"));
            }
        } finally {
            Sys.umount2(mnt.toString().getBytes(StandardCharsets.UTF_8), Linux.MNT_DETACH);
        }
    }
}
