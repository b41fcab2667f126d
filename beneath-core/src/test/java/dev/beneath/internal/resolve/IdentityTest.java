package dev.beneath.internal.resolve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.FdSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked way back up: the kernel's {@code ..} is taken only when it is the expected directory. */
class IdentityTest {
    @TempDir
    Path tmp;

    private static OwnedFd open(Path p) throws Exception {
        return OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, p.toString().getBytes(UTF_8), Identity.PATH_DIRECTORY, 0));
    }

    @Test
    void theParentIsTakenWhenItIsTheOneExpectedAndRefusedAfterAMove() throws Exception {
        Files.createDirectories(tmp.resolve("a/b"));
        Files.createDirectories(tmp.resolve("elsewhere"));
        FdSnapshot before = FdSnapshot.take();
        try (OwnedFd a = open(tmp.resolve("a")); OwnedFd b = open(tmp.resolve("a/b"))) {
            Identity ofA = Identity.of(a.get());
            try (OwnedFd up = ofA.openAsParentOf(b.get(), Identity.PATH_DIRECTORY)) {
                assertNotNull(up);
                assertEquals(ofA, Identity.of(up.get()));
            }
            // b moved out from under a: its .. is another directory now, and nothing is left open
            Files.move(tmp.resolve("a/b"), tmp.resolve("elsewhere/b"));
            assertNull(ofA.openAsParentOf(b.get(), Identity.PATH_DIRECTORY));
            try (OwnedFd elsewhere = open(tmp.resolve("elsewhere"))) {
                Identity ofElsewhere = Identity.of(elsewhere.get());
                try (OwnedFd up = ofElsewhere.openAsParentOf(b.get(), Identity.PATH_DIRECTORY)) {
                    assertNotNull(up);
                }
            }
        }
        assertEquals(before, FdSnapshot.take());
    }
}
