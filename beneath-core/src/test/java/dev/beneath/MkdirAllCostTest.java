package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mkdirAll} looks up a path once and walks it forward: the bytes it hands to the
 * resolver stay within a small multiple of the path's length, where probing every prefix
 * longest first hands it the square of the number of missing components.
 */
class MkdirAllCostTest {
    static final String EXISTING = "e/".repeat(50);
    static final String MISSING = "m/".repeat(100);

    @TempDir
    Path base;

    static Stream<Arguments> cases() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED).flatMap(b -> Stream.of(
                Arguments.of(b, EXISTING + MISSING, EXISTING + MISSING),
                Arguments.of(b, "inside/" + MISSING, "e/e/e/" + MISSING),
                Arguments.of(b, "absolute/" + MISSING, "e/e/e/" + MISSING),
                Arguments.of(b, EXISTING + "../".repeat(20) + "e/" + MISSING, "e/".repeat(31) + MISSING),
                Arguments.of(b, "absolute/" + "../".repeat(60) + "e/" + MISSING, "e/" + MISSING)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void lookupsAreLinearInThePath(Backend backend, String path, String created) throws Exception {
        new Tree(base).dir("root/" + EXISTING).symlink("root/inside", "e/e/e").symlink("root/absolute", "/e/e/e");
        AtomicLong looked = new AtomicLong();
        RootOperations operations = new RootOperations(backend.resolver(), 0, looked::addAndGet);
        try (OwnedFd root = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, base.resolve("root").toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            operations.mkdirAll(root.get(), path, 0755, 0).close();
        }
        assertTrue(Files.isDirectory(base.resolve("root/" + created)), "the missing part was created");
        assertTrue(looked.get() <= 3L * path.length(),
                looked.get() + " bytes looked up for a path of " + path.length());
    }
}
