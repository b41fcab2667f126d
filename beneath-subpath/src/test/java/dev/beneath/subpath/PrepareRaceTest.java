package dev.beneath.subpath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.SafetyCheckException;
import dev.beneath.Backend;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.mount.BindMount;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container swaps a subPath directory with a symlink to {@code /} as fast as it can while
 * the node agent prepares that subPath over and over. Every prepare that succeeds must have
 * mounted an inode from inside the volume, judged against a census of the volume's inodes.
 */
class PrepareRaceTest {
    private static final int ROUNDS = 5_000;

    @TempDir
    Path base;

    static Stream<Arguments> cases() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED).flatMap(b -> Stream.of(
                Arguments.of(b, "sub", "sub"), Arguments.of(b, "sub/inner", "sub")));
    }

    private static String inode(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        return a.get("dev") + ":" + a.get("ino");
    }

    @ParameterizedTest(name = "{0}: prepare {1} while {2} is swapped with a link to /")
    @MethodSource("cases")
    void everyPreparedMountIsInsideTheVolume(Backend backend, String subPath, String swapped) throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Tree tree = new Tree(base).file("volume/sub/inner/file", "inside").symlink("volume/swap", "/")
                .dir("pod");
        Path volume = tree.path("volume");
        Path pod = tree.path("pod");
        Set<String> census = new HashSet<>();
        try (Stream<Path> walk = Files.walk(volume)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                census.add(inode(p));
            }
        }
        SubPathMounter mounter = new SubPathMounter(backend, BindMount.preferred());
        SubPath request = new SubPath(0, subPath, "vol", volume, pod, "app", false);

        byte[] a = swapped.getBytes(UTF_8);
        byte[] b = "swap".getBytes(UTF_8);
        AtomicInteger attempts = new AtomicInteger();
        Race.Result r;
        try (OwnedFd dir = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, volume.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            r = Race.run("prepare " + backend + " " + subPath, Race.rounds(ROUNDS), Race.cap(),
                    () -> Sys.renameat2(dir.get(), a, dir.get(), b, Linux.RENAME_EXCHANGE),
                    () -> {
                        try {
                            PreparedSubPath p = mounter.prepare(request);
                            String where = inode(p.hostPath());
                            return census.contains(where) ? Race.Outcome.ok(p.reused() ? "reused" : "mounted")
                                    : Race.Outcome.violation("escape", "a mount showing " + where);
                        } catch (SubPathException | SafetyCheckException e) {
                            return Race.Outcome.ok(e.getMessage().replaceAll(".*: ", ""));
                        } finally {
                            if (attempts.incrementAndGet() % 2 == 0) {
                                mounter.cleanSubPaths(pod, "vol");
                            }
                        }
                    });
        } finally {
            mounter.cleanSubPaths(pod, "vol");
        }
        assertTrue(r.exchanges() > 0, "the attacker never ran");
        assertTrue(r.count("mounted") > 0, "no prepare succeeded: the race proved nothing");
        assertEquals(0, r.violations(), "a prepared mount showed an inode from outside the volume: "
                + r.firstViolations());
        assertEquals(List.of(), Mounts.under(base));
    }
}
