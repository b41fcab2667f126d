package dev.beneath.internal.sys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnedFd} directly: a close while another thread uses the descriptor waits for it, a
 * second close never closes a number the first one freed for reuse, and a closed descriptor
 * cannot be used. Whether a number is open is asked of the kernel ({@code statx} on it).
 */
class OwnedFdTest {

    private static int openDevNull() throws SyscallException {
        return Sys.openat(Linux.AT_FDCWD, "/dev/null".getBytes(UTF_8), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
    }

    /** The inode behind {@code fd}, or -EBADF's errno negated when the number is not open. */
    private static long inodeOf(int fd) {
        try {
            return Sys.fstatx(fd, Linux.STATX_INO).ino();
        } catch (SyscallException e) {
            return -e.errno();
        }
    }

    @Test
    void aCloseWhileAnotherThreadHoldsTheDescriptorWaitsForItsRelease() throws Exception {
        OwnedFd owned = OwnedFd.adopt(openDevNull());
        long devNull = inodeOf(owned.get());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Long> seenByUser = new AtomicReference<>();
        Thread user = Thread.ofPlatform().start(() -> {
            int fd = owned.acquire();
            try {
                held.countDown();
                closed.await(30, TimeUnit.SECONDS);
                seenByUser.set(inodeOf(fd)); // the number must still mean /dev/null
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                owned.release();
            }
        });
        assertTrue(held.await(30, TimeUnit.SECONDS));
        int number = owned.acquire();
        owned.release();
        owned.close();
        assertTrue(owned.isClosed());
        assertEquals(devNull, inodeOf(number), "closed under a user");
        assertThrows(IllegalStateException.class, owned::acquire);
        closed.countDown();
        user.join(30_000);
        assertEquals(devNull, seenByUser.get());
        assertEquals(-ErrnoNames.EBADF, inodeOf(number), "the last release closes it");
    }

    @Test
    void aSecondCloseNeverClosesTheNumberReusedMeanwhile() throws Exception {
        OwnedFd owned = OwnedFd.adopt(openDevNull());
        int number = owned.get();
        owned.close();
        int reused = openDevNull(); // the lowest free number: most often the same one
        try {
            owned.close();
            assertTrue(inodeOf(reused) > 0, "the second close closed descriptor " + reused
                    + (reused == number ? " (the reused number)" : ""));
        } finally {
            Sys.close(reused);
        }
    }

    @Test
    void aClosedDescriptorCannotBeUsed() throws Exception {
        OwnedFd owned = OwnedFd.adopt(openDevNull());
        owned.close();
        assertThrows(IllegalStateException.class, owned::get);
        assertThrows(IllegalStateException.class, owned::acquire);
        assertThrows(IllegalStateException.class, owned::duplicate);
        assertTrue(owned.toString().contains("closed"), owned.toString());
        assertThrows(IllegalArgumentException.class, () -> OwnedFd.adopt(-1));
    }

    @Test
    void manyUsersAndOneCloserCloseItExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            OwnedFd owned = OwnedFd.adopt(openDevNull());
            int number = owned.get();
            long devNull = inodeOf(number);
            int users = 4;
            CyclicBarrier start = new CyclicBarrier(users + 1);
            AtomicInteger wrong = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int n = 0; n < 50; n++) {
                            int fd;
                            try {
                                fd = owned.acquire();
                            } catch (IllegalStateException closedAlready) {
                                return;
                            }
                            try {
                                if (inodeOf(fd) != devNull) {
                                    wrong.incrementAndGet();
                                }
                            } finally {
                                owned.release();
                            }
                        }
                    } catch (Exception e) {
                        wrong.incrementAndGet();
                    }
                }));
            }
            start.await();
            owned.close();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertEquals(0, wrong.get(), "a user saw its descriptor closed or replaced in round " + round);
            // closed: the number is free, or reused by the JVM for something else (a jar, say)
            assertNotEquals(devNull, inodeOf(number), "never closed in round " + round);
        }
    }
}
