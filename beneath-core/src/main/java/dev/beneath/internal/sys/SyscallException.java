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
    private final boolean safetyCheck;
    private final boolean aboutSecondPath;

    public SyscallException(int errno, String call) {
        this(errno, call, false, false);
    }

    private SyscallException(int errno, String call, boolean safetyCheck, boolean aboutSecondPath) {
        super(call + ": " + ErrnoNames.name(errno), null, false, false);
        this.errno = errno;
        this.call = call;
        this.safetyCheck = safetyCheck;
        this.aboutSecondPath = aboutSecondPath;
    }

    /**
     * A verification that failed: procfs is not what it claims, a reopened descriptor is
     * another object. Not a path that leads out of the root; reported as such by the API.
     */
    public static SyscallException safetyCheck(int errno, String what) {
        return new SyscallException(errno, what, true, false);
    }

    /** Whether this failure is a verification that failed rather than an answer of the kernel. */
    public boolean isSafetyCheck() {
        return safetyCheck;
    }

    /** The same failure, marked as concerning the second path of a two-path operation. */
    public SyscallException aboutSecondPath() {
        return aboutSecondPath ? this : new SyscallException(errno, call, safetyCheck, true);
    }

    /** Whether it concerns the second path of a two-path operation (a rename's target, say). */
    public boolean isAboutSecondPath() {
        return aboutSecondPath;
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
