package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.TestEnv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree far deeper than a path can spell, reached through relative links: both backends find
 * the same objects, {@code ..} climbs back through levels whose descriptors were let go, and a
 * lookup holds a bounded number of descriptors whatever the depth.
 */
class DeepTreeTest {
    /** Levels per link; three links make the tree {@code 3 * SEGMENT} deep. */
    static final int SEGMENT = 1500;
    static final int DEPTH = 3 * SEGMENT;
    static final String DEEP_PATH = "l1/l2/l3";

    @TempDir
    static Path base;
    static Path rootDir;
    static Statx bottom;
    static Statx climbed;

    /** {@code s/d/d/.../d} ({@link #DEPTH} levels) with a link every {@link #SEGMENT} levels. */
    @BeforeAll
    static void buildTree() throws Exception {
        rootDir = base.resolve("root");
        String segment = ("d/".repeat(SEGMENT - 1)) + "d";
        try (OwnedFd root = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, base.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            Sys.mkdirat(root.get(), "root".getBytes(UTF_8), 0755);
            OwnedFd dir = OwnedFd.adopt(Sys.openat(root.get(), "root".getBytes(UTF_8),
                    Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
            Sys.symlinkat(("s/" + segment).getBytes(UTF_8), dir.get(), "l1".getBytes(UTF_8));
            dir = step(dir, "s");
            for (int level = 1; level <= DEPTH; level++) {
                dir = step(dir, "d");
                if (level == DEPTH - 1000) {
                    climbed = Sys.fstatx(dir.get(), Linux.STATX_INO);
                }
                if (level % SEGMENT == 0 && level < DEPTH) {
                    Sys.symlinkat(segment.getBytes(UTF_8), dir.get(), ("l" + (level / SEGMENT + 1)).getBytes(UTF_8));
                }
            }
            bottom = Sys.fstatx(dir.get(), Linux.STATX_INO);
            dir.close();
        }
    }

    private static OwnedFd step(OwnedFd dir, String name) throws Exception {
        try (dir) {
            Sys.mkdirat(dir.get(), name.getBytes(UTF_8), 0755);
            return OwnedFd.adopt(Sys.openat(dir.get(), name.getBytes(UTF_8),
                    Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
        }
    }

    /** Paths this deep are beyond {@code java.nio.file}; the removal works by descriptor. */
    @AfterAll
    static void deleteTree() throws IOException {
        try (Root root = Root.open(base)) {
            root.removeAll("root");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void deepLookupsFindTheSameObjectsWithBoundedDescriptors(Backend backend) throws Exception {
        int before = TestEnv.openFdCount();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                most.accumulateAndGet(TestEnv.openFdCount(), Math::max);
                samples.incrementAndGet();
            }
        });
        String climb = DEEP_PATH + "/" + "../".repeat(1000);
        try (Root root = Root.open(rootDir, backend)) {
            for (int i = 0; i < 1000 && (i < 5 || samples.get() < 40); i++) {
                try (Handle deep = root.resolve(DEEP_PATH);
                     Handle up = root.resolve(climb)) {
                    assertTrue(bottom.sameInode(Sys.fstatx(deep.fd(), Linux.STATX_INO)), "the bottom of the tree");
                    assertTrue(climbed.sameInode(Sys.fstatx(up.fd(), Linux.STATX_INO)), "1000 levels up from it");
                }
            }
        } finally {
            done.set(true);
            sampler.join();
        }
        assertEquals(before, TestEnv.openFdCount());
        assertTrue(most.get() - before <= 40, "descriptors open during " + DEPTH + "-deep lookups: "
                + (most.get() - before) + " more than before (" + samples.get() + " samples)");
    }
}
