package dev.beneath.nio;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.ResolveOptions;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code DELETE_ON_CLOSE} removes exactly the file that was opened, by the name it was opened
 * by in the directory it was opened in: not a file that has the name by then, and not a name
 * the path reaches by then through a directory swapped for a symlink.
 */
class DeleteOnCloseTest {
    @TempDir
    Path host;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aNameThatNowHoldsAnotherFileIsLeftAlone(Backend backend) throws Exception {
        Files.createDirectories(host.resolve("d"));
        try (FileSystem fs = BeneathFileSystems.open(host, ResolveOptions.DEFAULT, backend)) {
            SeekableByteChannel ch = Files.newByteChannel(fs.getPath("/d/f"), CREATE, WRITE, DELETE_ON_CLOSE);
            Files.move(host.resolve("d/f"), host.resolve("d/opened"));
            Files.writeString(host.resolve("d/f"), "someone else's");
            ch.close();
            assertEquals("someone else's", Files.readString(host.resolve("d/f")));
            assertTrue(Files.exists(host.resolve("d/opened")), "renamed away: its new name is not ours to remove");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aDirectorySwappedForALinkDoesNotRedirectTheRemoval(Backend backend) throws Exception {
        Files.createDirectories(host.resolve("d"));
        Files.createDirectories(host.resolve("elsewhere"));
        try (FileSystem fs = BeneathFileSystems.open(host, ResolveOptions.DEFAULT, backend)) {
            SeekableByteChannel ch = Files.newByteChannel(fs.getPath("/d/f"), CREATE, WRITE, DELETE_ON_CLOSE);
            // another name for the same file in another directory, then d swapped for a link to it
            Files.createLink(host.resolve("elsewhere/f"), host.resolve("d/f"));
            Files.move(host.resolve("d"), host.resolve("d-moved"));
            Files.createSymbolicLink(host.resolve("d"), Path.of("elsewhere"));
            ch.close();
            assertTrue(Files.exists(host.resolve("elsewhere/f")), "a name in another directory was removed");
            assertFalse(Files.exists(host.resolve("d-moved/f")), "the name the file was opened by stays");
        }
    }
}
