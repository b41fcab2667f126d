package dev.beneath.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.testkit.FdSnapshot;
import dev.beneath.racekit.Race;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newWatchService} racing {@code close()}: every inotify reader (its thread and its
 * descriptors) a watch service made is stopped by the close, whichever call wins.
 */
class WatchServiceCloseRaceTest {
    @TempDir
    Path host;

    private static List<String> readers() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.equals("beneath-inotify")).toList();
    }

    @Test
    void closeStopsEveryReaderAWatchServiceMade() throws Exception {
        Files.createDirectories(host.resolve("d"));
        try (FileSystem warm = BeneathFileSystems.open(host)) {
            warm.newWatchService().close(); // classes and probes loaded before counting
        }
        FdSnapshot before = FdSnapshot.take();
        AtomicReference<FileSystem> current = new AtomicReference<>(BeneathFileSystems.open(host));
        Race.Result r;
        try {
            r = Race.run("newWatchService against close", Race.rounds(300), Race.cap(), () -> {
                try {
                    current.get().newWatchService().close(); // the reader stays until the file system closes
                } catch (ClosedFileSystemException expected) {
                    // the close won
                }
            }, () -> {
                FileSystem fs = current.get();
                current.set(BeneathFileSystems.open(host));
                Thread.onSpinWait();
                fs.close();
                return Race.Outcome.ok("closed");
            });
        } finally {
            current.get().close();
        }
        assertTrue(r.exchanges() > 0, "nothing raced the close");
        assertEquals(List.of(), readers(), "an inotify reader outlived its file system");
        assertEquals("{}", FdSnapshot.take().describeNewSince(before), "descriptors left open");
    }
}
