package dev.beneath.internal.sys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A file descriptor owned by exactly one object and closed exactly once, whichever thread
 * closes it and however many times {@link #close()} is called.
 *
 * <p>Objects shared between threads use {@link #acquire()} / {@link #release()} around each
 * use: a close that arrives while a call is using the number is deferred until the last user
 * releases it, so the number can never be recycled by another open while a system call still
 * relies on it.
 */
public final class OwnedFd implements AutoCloseable {
    private static final VarHandle STATE;
    private static final int CLOSED = 1;
    private static final int USER = 2;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(OwnedFd.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    /** Users times {@link #USER}, plus {@link #CLOSED} once close was asked for. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private OwnedFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = fd;
    }

    /**
     * Takes ownership of a descriptor a system call just returned.
     *
     * @param fd the descriptor, not negative
     * @return its owner
     */
    public static OwnedFd adopt(int fd) {
        return new OwnedFd(fd);
    }

    /**
     * The descriptor number, for an owner that does not share this object between threads.
     *
     * @return the number
     */
    public int get() {
        if ((state & CLOSED) != 0) {
            throw new IllegalStateException("file descriptor " + fd + " is closed");
        }
        return fd;
    }

    /**
     * Marks one more use in progress; pair with {@link #release()}.
     *
     * @return the number
     */
    public int acquire() {
        while (true) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException("file descriptor " + fd + " is closed");
            }
            if (STATE.compareAndSet(this, s, s + USER)) {
                return fd;
            }
        }
    }

    /** Ends a use {@link #acquire()} began; the last one after {@link #close()} closes the descriptor. */
    public void release() {
        int s = (int) STATE.getAndAdd(this, -USER) - USER;
        if (s == CLOSED) {
            Sys.close(fd);
        }
    }

    /**
     * Whether {@link #close()} was called (the descriptor may still be open while in use).
     *
     * @return closed
     */
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /**
     * A second owned descriptor on the same open file description ({@code F_DUPFD_CLOEXEC}).
     *
     * @return the duplicate's owner
     * @throws SyscallException when fcntl fails
     */
    public OwnedFd duplicate() throws SyscallException {
        int n = acquire();
        try {
            return adopt(Sys.dupCloexec(n));
        } finally {
            release();
        }
    }

    @Override
    public void close() {
        while (true) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s | CLOSED)) {
                if (s == 0) {
                    Sys.close(fd);
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        return isClosed() ? "fd(closed " + fd + ")" : "fd(" + fd + ")";
    }
}
