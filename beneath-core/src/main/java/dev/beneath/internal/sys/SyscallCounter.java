package dev.beneath.internal.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the system calls {@link Sys} makes on the calling thread, so a test can hold an
 * operation to a budget (and a benchmark can print calls per operation) without strace.
 *
 * <pre>
 * try (SyscallCounter counter = SyscallCounter.start()) {
 *     root.readAllBytes("a/b");
 *     long calls = counter.calls();
 * }
 * </pre>
 *
 * <p>Every attempt is counted, an {@code EINTR} retry included; a call the JDK itself makes
 * (class loading, a {@code FileChannel} of its own) is not, because it does not go through
 * {@link Sys}. The one piece of static mutable state is {@link #ACTIVE}, the number of open
 * counters: while it is zero (always, outside tests and benchmarks) a system call pays one
 * plain read of it and nothing else. The count itself lives in the thread's {@link Scratch}
 * area, so threads never contend and a counter sees only its own thread's calls.
 */
public final class SyscallCounter implements AutoCloseable {
    /** How many counters are open in the process; counting is on while it is above zero. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    private final Scratch scratch;
    private final long start;
    private boolean closed;

    private SyscallCounter() {
        scratch = Scratch.get();
        start = scratch.calls;
    }

    /**
     * Starts counting the calling thread's system calls.
     *
     * @return the counter, to be closed (on the same thread) when done
     */
    public static SyscallCounter start() {
        ACTIVE.incrementAndGet();
        return new SyscallCounter();
    }

    /**
     * The system calls this thread made through {@link Sys} since {@link #start()}.
     *
     * @return the count
     */
    public long calls() {
        return scratch.calls - start;
    }

    /** Called by {@link Sys} before each system call. */
    static void tick() {
        if (ACTIVE.get() != 0) {
            Scratch.get().calls++;
        }
    }

    /** {@link #tick()} for a caller that already holds its thread's scratch area. */
    static void tick(Scratch scratch) {
        if (ACTIVE.get() != 0) {
            scratch.calls++;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ACTIVE.decrementAndGet();
        }
    }
}
