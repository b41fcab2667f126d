package dev.beneath.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.Root;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Another party swaps directories of the destination with symlinks to the outside
 * ({@code renameat2(RENAME_EXCHANGE)} in a tight loop) while a 5,000-entry archive is
 * extracted into them. Entries land inside the destination or are refused; the census of
 * everything outside is unchanged, and every entry reported extracted is found inside.
 */
class ExtractionRaceTest {
    private static final int DIRS = 4;
    private static final int ENTRIES = 5_000;

    static Stream<Arguments> cases() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED).flatMap(b ->
                Stream.of(ExtractionPolicy.DATA, ExtractionPolicy.STRICT).map(p -> Arguments.of(b, p)));
    }

    /** The outside directory's census and the names next to the destination (the destination is not walked: it is being swapped). */
    private static String outside(Path base) throws java.io.IOException {
        try (Stream<Path> next = Files.list(base)) {
            return Census.of(base.resolve("outside")) + " " + next.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void swappedDirectoriesNeverLeadOut(Backend backend, ExtractionPolicy policy, @TempDir Path base) throws Exception {
        Tree tree = new Tree(base).file("outside/secret", "host secret\n").dir("outside/sub");
        for (int k = 0; k < DIRS; k++) {
            tree.dir("dest/d" + k + "/sub");
            // half the links are relative, half absolute: both lead out of the destination
            tree.symlink("dest/s" + k, k % 2 == 0 ? "../outside" : base.resolve("outside").toString());
        }
        Archives.Builder archive = Archives.builder();
        for (int i = 0; i < ENTRIES; i++) {
            int k = i % DIRS;
            archive.file(i % 3 == 0 ? "d" + k + "/sub/f" + i : "d" + k + "/f" + i, "entry " + i);
        }
        byte[] tar = archive.tar();
        String before = outside(base);
        AtomicInteger round = new AtomicInteger();
        AtomicReference<ExtractionReport> report = new AtomicReference<>();
        try (OwnedFd dest = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, base.resolve("dest").toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
             Root root = Root.open(base.resolve("dest"), backend)) {
            Race.Attack swap = () -> {
                int k = round.getAndIncrement() % DIRS;
                Sys.renameat2(dest.get(), ("d" + k).getBytes(UTF_8), dest.get(), ("s" + k).getBytes(UTF_8),
                        Linux.RENAME_EXCHANGE);
            };
            Race.Result r = Race.run("extraction " + backend + " " + policy, 1, Race.cap(), swap, () -> {
                report.set(Extractor.builder().destination(root).policy(policy).build()
                        .extract(new ByteArrayInputStream(tar)));
                String after = outside(base);
                return after.equals(before) ? Race.Outcome.ok("outside unchanged")
                        : Race.Outcome.violation("escape", "outside changed: " + after);
            });
            assertTrue(r.exchanges() > 0, r.summary());
            assertEquals(0, r.violations(), r.summary() + " " + r.firstViolations());
        }
        ExtractionReport done = report.get();
        long extracted = done.count(Outcome.EXTRACTED);
        long refused = done.count(Outcome.REFUSED);
        System.out.println("[race] " + backend + " " + policy + ": extracted=" + extracted + " refused=" + refused
                + " skipped=" + done.count(Outcome.SKIPPED));
        assertEquals(ENTRIES, done.entries().size());
        assertTrue(extracted > 0, "nothing was extracted");
        assertTrue(refused > 0, "the swaps never caught an entry, so the race proves little");
        assertEquals(before, outside(base));
        long found;
        try (Stream<Path> all = Files.walk(base.resolve("dest"))) {
            found = all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
        }
        assertEquals(extracted, found, "every entry reported extracted is inside the destination");
        AttackTableTest.noTemporaryNames(base.resolve("dest"));
        AttackTableTest.removeSymlinks(base);
    }
}
