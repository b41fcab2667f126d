package dev.beneath.internal.sys;

import java.io.Serial;

/**
 * A failed system call: the errno and the call's name. Thrown by the system-call layer and
 * by the resolvers, and translated once, by the public API, into the matching
 * {@link java.io.IOException} subtype (the model is the JDK's {@code UnixException}).
 */
public final class SyscallException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String call;

    public SyscallException(int errno, String call) {
        super(call + ": " + ErrnoNames.name(errno), null, false, false);
        this.errno = errno;
        this.call = call;
    }

    public int errno() {
        return errno;
    }

    public String call() {
        return call;
    }

    public String errnoName() {
        return ErrnoNames.name(errno);
    }

    public String description() {
        return ErrnoNames.description(errno);
    }
}
