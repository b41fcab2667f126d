package dev.beneath;

import static dev.beneath.ResolveCase.err;
import static dev.beneath.ResolveCase.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.ResolveCase.Outcome;
import dev.beneath.testkit.HostileTree;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Magic links are refused whatever the options, on both backends, while ordinary procfs
 * symlinks ({@code /proc/self}, {@code /proc/mounts}) resolve. The root here is {@code /}.
 */
class ResolveTableProcTest {
    static final Tree HOST = new Tree(Path.of("/"));
    /** The table looks into procfs itself, so these options allow it. */
    static final ResolveOptions IN = ResolveCase.IN.withPseudoFilesystems(true);
    static final ResolveOptions BEN = ResolveCase.BEN.withPseudoFilesystems(true);
    static final ResolveOptions NF = IN.withNoFollow(true);

    /** What {@code /proc/self} names for this process, e.g. {@code proc/1234}. */
    static String self() {
        try {
            return "proc/" + Files.readSymbolicLink(Path.of("/proc/self"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ResolveCase> cases() {
        String self = self();
        List<ResolveCase> t = new ArrayList<>();
        t.add(err("/proc/self/root", IN, "ELOOP"));
        t.add(err("proc/self/root", BEN, "ELOOP"));
        t.add(err("/proc/self/root/etc", IN, "ELOOP"));
        t.add(err("/proc/self/root/", NF, "ELOOP"));
        t.add(ok("/proc/self/root", NF, self + "/root", FileType.SYMLINK));
        t.add(err("/proc/self/fd/0", IN, "ELOOP"));
        t.add(err("/proc/self/exe", IN, "ELOOP"));
        t.add(err("proc/self/cwd", IN, "ELOOP"));
        t.add(err("proc/self/cwd", BEN, "ELOOP"));
        t.add(err("/proc/self/ns/net", IN, "ELOOP"));
        t.add(err("/proc/self/task/../root", IN, "ELOOP"));
        t.add(ok("/proc/self/status", IN, self + "/status", FileType.REGULAR_FILE));
        t.add(ok("proc/self/status", BEN, self + "/status"));
        t.add(ok("/proc/self", IN, self, FileType.DIRECTORY));
        t.add(ok("/proc/self", NF, "proc/self", FileType.SYMLINK));
        t.add(ok("/proc/self/fd", IN, self + "/fd"));
        t.add(ok("/proc/mounts", IN, self + "/mounts"));
        t.add(ok("/proc/self/", IN, self));
        t.add(err("/proc/self", IN.withNoSymlinks(true), "ELOOP"));
        t.add(err("/proc/self", IN.withNoXdev(true), "EXDEV"));
        // by default nothing on procfs (or sysfs) is returned; magic links stay ELOOP
        t.add(err("/proc/self/status", ResolveCase.IN, "EXDEV"));
        t.add(err("proc/self/environ", ResolveCase.BEN, "EXDEV"));
        t.add(err("/proc", ResolveCase.IN, "EXDEV"));
        t.add(err("/proc/self", ResolveCase.IN.withNoFollow(true), "EXDEV"));
        t.add(err("/proc/self/root", ResolveCase.IN, "ELOOP"));
        t.add(err("/proc/self/exe", ResolveCase.IN.withNoFollow(true), "EXDEV"));
        t.add(err("/proc/../proc/self/cmdline", ResolveCase.IN, "EXDEV"));
        t.add(ok("/proc/..", ResolveCase.IN, "", FileType.DIRECTORY));
        return t;
    }

    static Stream<Arguments> onBothBackends() {
        return ResolveCase.onBothBackends(cases());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("onBothBackends")
    void table(Backend backend, ResolveCase c) throws IOException {
        try (Root root = Root.open(Path.of("/"), backend)) {
            c.check(root, HOST);
        }
    }

    /**
     * A symlink planted in an ordinary directory that points at a magic link: from the root
     * {@code /} its target leads into procfs and is refused; from a root of its own the
     * absolute target is taken inside that root (IN_ROOT) or refused as an escape (BENEATH).
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void plantedLinkToMagicLink(Backend backend, @TempDir Path dir) throws IOException {
        Tree t = new Tree(dir).symlink("to-root", "/proc/self/root").symlink("to-fd", "/proc/self/fd/0/")
                .dir("proc/self/root");
        String rel = dir.toString().substring(1);
        try (Root host = Root.open(Path.of("/"), backend);
             Root own = Root.open(dir, backend)) {
            err(rel + "/to-root", IN, "ELOOP").check(host, HOST);
            err(rel + "/to-root/etc", IN, "ELOOP").check(host, HOST);
            err(rel + "/to-fd", IN, "ELOOP").check(host, HOST);
            ok(rel + "/to-root", NF, rel + "/to-root", FileType.SYMLINK).check(host, HOST);
            ok("to-root", IN, "proc/self/root", FileType.DIRECTORY).check(own, t);
            err("to-root", BEN, "EXDEV").check(own, t);
            err("to-fd", IN, "ENOENT").check(own, t);
        } finally {
            HostileTree.delete(dir);
        }
    }

    /**
     * An ordinary procfs symlink with an absolute target (made by the kernel's
     * {@code proc_symlink}, e.g. {@code /proc/fs/xfs/stat -> /sys/fs/xfs/stats/stats}) is not a
     * magic link: openat2 follows it like any symlink.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void ordinaryProcfsLinkWithAbsoluteTarget(Backend backend) throws IOException {
        Path link = Path.of("/proc/fs/xfs/stat");
        Assumptions.assumeTrue(Files.isSymbolicLink(link) && Files.exists(link),
                "needs /proc/fs/xfs/stat (the xfs module loaded)");
        String target = Files.readSymbolicLink(link).toString();
        assertTrue(target.startsWith("/"), target);
        try (Root root = Root.open(Path.of("/"), backend)) {
            ok("/proc/fs/xfs/stat", IN, target.substring(1)).check(root, HOST);
            ok("/proc/fs/xfs/stat", NF, "proc/fs/xfs/stat", FileType.SYMLINK).check(root, HOST);
        }
    }

    /**
     * {@code /proc/self/fd/N} for descriptors of every kind this test owns: a path (absolute
     * target), an epoll instance ({@code anon_inode:[eventpoll]}) and an inotify instance
     * ({@code anon_inode:inotify}, a target with no brackets and no slash).
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void fdLinksOfEveryKindAreRefused(Backend backend) throws IOException {
        try (Root root = Root.open(Path.of("/"), backend);
             Handle handle = root.resolve("/proc/self/status", IN);
             Selector selector = Selector.open();
             WatchService watch = FileSystems.getDefault().newWatchService()) {
            List<Integer> fds = new ArrayList<>();
            fds.add(handle.fd());
            fdWithTarget("anon_inode:[eventpoll]").ifPresent(fds::add);
            OptionalInt inotify = fdWithTarget("anon_inode:inotify");
            assertTrue(inotify.isPresent(), "a watch service holds an inotify descriptor");
            fds.add(inotify.getAsInt());
            for (int fd : fds) {
                String path = "/proc/self/fd/" + fd;
                Outcome followed = Outcome.of(root, path, IN);
                assertEquals("ELOOP", followed.errno(), () -> path + " -> " + target(fd) + " on " + backend);
                Outcome beneath = Outcome.of(root, path.substring(1), BEN);
                assertEquals("ELOOP", beneath.errno(), () -> path + " -> " + target(fd) + " on " + backend);
                Outcome link = Outcome.of(root, path, NF);
                assertEquals(FileType.SYMLINK, link.type(), () -> path + " with noFollow on " + backend);
            }
            assertTrue(selector.isOpen() && watch != null);
        }
    }

    private static OptionalInt fdWithTarget(String target) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> target.equals(target(Integer.parseInt(p.getFileName().toString()))))
                    .mapToInt(p -> Integer.parseInt(p.getFileName().toString()))
                    .findFirst();
        }
    }

    private static String target(int fd) {
        try {
            Path p = Path.of("/proc/self/fd/" + fd);
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Files.readSymbolicLink(p).toString() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
