package dev.beneath;

import static dev.beneath.ResolveCase.BEN;
import static dev.beneath.ResolveCase.IN;
import static dev.beneath.ResolveCase.err;
import static dev.beneath.ResolveCase.ok;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.beneath.ResolveCase.Outcome;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * noXdev: crossing a mount point inside the root is EXDEV, in either direction, while without
 * noXdev the crossing works. A tmpfs is mounted on {@code root/m} and {@code root/a} is
 * bind-mounted on {@code root/bind} (same filesystem, another mount). Needs root in a private
 * mount namespace; skipped with the reason otherwise.
 */
class ResolveTableMountTest {
    static final ResolveOptions XD = IN.withNoXdev(true);
    static final ResolveOptions BEN_XD = BEN.withNoXdev(true);

    @TempDir
    static Path base;
    static Tree tree;
    static final List<Path> mounted = new ArrayList<>();

    @BeforeAll
    static void mount() throws SyscallException {
        tree = new Tree(base.resolve("root"));
        tree.dir("m").dir("bind").dir("a/b").file("a/file", "a file\n")
                .symlink("links/to-m", "../m")
                .symlink("links/abs-m", "/m/inside")
                .symlink("links/rel-a", "../a");
        if (!TestEnv.canMount()) {
            return;
        }
        Sys.mount("tmpfs", bytes(tree.path("m")), "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, "size=1m,mode=0755");
        mounted.add(tree.path("m"));
        Sys.mount(tree.path("a").toString(), bytes(tree.path("bind")), null, Linux.MS_BIND, null);
        mounted.add(tree.path("bind"));
        tree.file("m/inside", "on the tmpfs\n").dir("m/d").symlink("m/up-out", "../../a");
    }

    @AfterAll
    static void unmount() throws SyscallException {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Sys.umount2(bytes(mounted.get(i)), Linux.MNT_DETACH);
        }
        mounted.clear();
    }

    private static byte[] bytes(Path p) {
        return p.toString().getBytes(UTF_8);
    }

    static List<ResolveCase> cases() {
        List<ResolveCase> t = new ArrayList<>();
        t.add(ok("m", IN, "m", FileType.DIRECTORY));
        t.add(err("m", XD, "EXDEV"));
        t.add(err("m", BEN_XD, "EXDEV"));
        t.add(ok("m/inside", IN, "m/inside"));
        t.add(ok("m/inside", BEN, "m/inside"));
        t.add(err("m/inside", XD, "EXDEV"));
        t.add(ok("/m/inside", IN, "m/inside"));
        t.add(err("/m/inside", XD, "EXDEV"));
        t.add(ok("m/..", IN, ""));
        t.add(err("m/..", XD, "EXDEV"));
        t.add(ok("m/../a/b", IN, "a/b"));
        t.add(ok("m/d/../../a", BEN, "a"));
        t.add(ok("m/up-out", IN, "a"));
        t.add(err("m/up-out", BEN, "EXDEV"));
        t.add(err("links/to-m", XD, "EXDEV"));
        t.add(err("links/to-m/inside", XD, "EXDEV"));
        t.add(ok("links/to-m", XD.withNoFollow(true), "links/to-m", FileType.SYMLINK));
        t.add(err("links/to-m/", XD.withNoFollow(true), "EXDEV"));
        t.add(ok("links/to-m/inside", IN, "m/inside"));
        t.add(ok("links/abs-m", IN, "m/inside"));
        t.add(err("links/abs-m", XD, "EXDEV"));
        t.add(err("links/abs-m", BEN_XD, "EXDEV"));
        t.add(ok("bind/b", IN, "bind/b"));
        t.add(err("bind", XD, "EXDEV"));
        t.add(err("bind/b", XD, "EXDEV"));
        t.add(ok("a/b", XD, "a/b"));
        t.add(ok("links/rel-a/b", XD, "a/b"));
        t.add(ok("..", XD, ""));
        t.add(ok("/a/../a/file", XD, "a/file"));
        t.add(err("..", BEN_XD, "EXDEV"));
        return t;
    }

    static Stream<Arguments> onBothBackends() {
        return ResolveCase.onBothBackends(cases());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("onBothBackends")
    void table(Backend backend, ResolveCase c) throws IOException {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        try (Root root = Root.open(tree.base(), backend)) {
            c.check(root, tree);
        }
    }

    /** The bind mount shows the same inode as its source, yet noXdev still refuses it. */
    @Test
    void bindMountIsTheSameInodeOnAnotherMount() throws IOException {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        try (Root root = Root.open(tree.base(), Backend.OPENAT2);
             Handle viaBind = root.resolve("bind/b");
             Handle direct = root.resolve("a/b")) {
            assertEquals(direct.attributes().fileKey(), viaBind.attributes().fileKey());
            assertNotEquals(direct.attributes().mountId(), viaBind.attributes().mountId());
            assertEquals("EXDEV", Outcome.of(root, "bind/b", XD).errno());
        }
    }
}
