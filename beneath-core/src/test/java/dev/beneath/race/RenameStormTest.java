package dev.beneath.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.Root;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renames far away from a root must not keep its lookups from resolving. The kernel refuses a
 * scoped {@code ..} with {@code EAGAIN} whenever any rename happened on the system during the
 * walk, so a process renaming in a loop anywhere (an unprivileged one, in another container)
 * turned every {@code openat2} lookup with {@code ..} in it into {@code EAGAIN} once the
 * retries ran out. Such a lookup is now finished by the emulated walk, which the renames do not
 * disturb.
 */
class RenameStormTest {
    /** 800 {@code ..}s in one link, which the path below follows ten times: a walk long enough for renames to land in. */
    private static final String CLIMBS = String.join("/", Collections.nCopies(800, "../a"));
    private static final String PATH = "a/" + "u/".repeat(10) + "f";

    @TempDir
    Path tmp;

    @Test
    void renamesElsewhereDoNotStopAnOpenat2Lookup() throws Exception {
        Path rootDir = Files.createDirectories(tmp.resolve("root/a"));
        Files.writeString(rootDir.resolve("f"), "x");
        Files.createSymbolicLink(rootDir.resolve("u"), Path.of(CLIMBS));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("one"), "1");
        Files.writeString(elsewhere.resolve("two"), "2");
        byte[] one = RaceFds.name("one");
        byte[] two = RaceFds.name("two");
        try (Root root = Root.open(tmp.resolve("root"), Backend.OPENAT2);
             OwnedFd away = RaceFds.directory(elsewhere)) {
            FileAttributes expected = root.stat("a/f");
            Race.Result r = Race.run("openat2 lookup under a rename storm elsewhere", Race.rounds(150), Race.cap(),
                    () -> Sys.renameat2(away.get(), one, away.get(), two, Linux.RENAME_EXCHANGE),
                    () -> {
                        try (Handle h = root.resolve(PATH)) {
                            FileAttributes got = h.attributes();
                            return got.inode() == expected.inode() && got.device() == expected.device()
                                    ? Race.Outcome.ok("found")
                                    : Race.Outcome.violation("another object", got.toString());
                        } catch (IOException e) {
                            String errno = e instanceof PathError p ? p.errno().name() : e.toString();
                            return Race.Outcome.violation(errno, e.getMessage());
                        }
                    });
            assertTrue(r.exchanges() > 0, "the storm never renamed: " + r.summary());
            assertEquals(0, r.violations(), r.summary() + "\nfirst violations: " + r.firstViolations());
        }
    }
}
