package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.FdSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write lease that its holder never gives up does not stall an open: the kernel answers a
 * non-blocking open at once with {@code EWOULDBLOCK} instead of waiting out the lease-break
 * time (45 s by default). The time limit below only keeps a regression from hanging the build.
 */
class LeaseTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    @TempDir
    Path base;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aLeasedFileFailsAtOnceWithEwouldblock(Backend backend) throws Exception {
        Path file = Files.writeString(base.resolve("leased"), "data");
        Files.writeString(base.resolve("free"), "free");
        try (Root root = Root.open(base, backend);
             Handle leased = root.resolve("leased");
             OwnedFd holder = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, file.toString().getBytes(UTF_8),
                     Linux.O_RDONLY | Linux.O_CLOEXEC, 0))) {
            Sys.fcntl(holder.get(), Linux.F_SETLEASE, Linux.F_WRLCK);
            // nobody is told of the break: the holder never answers it
            Sys.fcntl(holder.get(), Linux.F_SETOWN, 0);
            try {
                assertWouldBlock(() -> root.newFileChannel("leased").close());
                assertWouldBlock(() -> root.newFileChannel("leased", StandardOpenOption.WRITE).close());
                assertWouldBlock(() -> leased.newChannel(StandardOpenOption.READ).close());
                assertWouldBlock(() -> leased.newInputStream().close());
            } finally {
                Sys.fcntl(holder.get(), Linux.F_SETLEASE, Linux.F_UNLCK);
            }
            // where nothing is leased, I/O blocks as usual: the flag is cleared again
            try (FileChannel ch = root.newFileChannel("free")) {
                ByteBuffer b = ByteBuffer.allocate(16);
                ch.read(b);
                assertEquals("free", new String(b.array(), 0, b.position(), UTF_8));
            }
            FdSnapshot before = FdSnapshot.take();
            try (FileChannel ch = leased.newChannel()) {
                var opened = FdSnapshot.take().newSince(before);
                assertEquals(1, opened.size(), opened.toString());
                int n = opened.keySet().iterator().next();
                String info = Files.readString(Path.of("/proc/self/fdinfo/" + n));
                int flags = Integer.parseInt(info.lines().filter(l -> l.startsWith("flags:"))
                        .findFirst().orElseThrow().substring(6).trim(), 8);
                assertEquals(0, flags & Linux.O_NONBLOCK, info);
            }
        }
    }

    private static void assertWouldBlock(Executable open) {
        IOException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(IOException.class, open));
        assertEquals("EAGAIN", ((PathError) e).errno().name(), e.toString());
    }
}
