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

    /**
     * A call that failed with {@code errno}.
     *
     * @param errno the error number
     * @param call the call's name
     */
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
     *
     * @param errno the error number that stands for it
     * @param what what was being verified
     * @return the failure
     */
    public static SyscallException safetyCheck(int errno, String what) {
        return new SyscallException(errno, what, true, false);
    }

    /**
     * Whether this failure is a verification that failed rather than an answer of the kernel.
     *
     * @return made by {@link #safetyCheck}
     */
    public boolean isSafetyCheck() {
        return safetyCheck;
    }

    /**
     * The same failure, marked as concerning the second path of a two-path operation.
     *
     * @return the marked failure
     */
    public SyscallException aboutSecondPath() {
        return aboutSecondPath ? this : new SyscallException(errno, call, safetyCheck, true);
    }

    /**
     * Whether it concerns the second path of a two-path operation (a rename's target, say).
     *
     * @return marked by {@link #aboutSecondPath()}
     */
    public boolean isAboutSecondPath() {
        return aboutSecondPath;
    }

    /**
     * The error number.
     *
     * @return errno
     */
    public int errno() {
        return errno;
    }

    /**
     * The call that failed.
     *
     * @return its name, such as {@code "openat2"}
     */
    public String call() {
        return call;
    }

    /**
     * The error's symbolic name.
     *
     * @return such as {@code "ENOENT"}
     */
    public String errnoName() {
        return ErrnoNames.name(errno);
    }

    /**
     * The error's description.
     *
     * @return what {@code strerror} says
     */
    public String description() {
        return ErrnoNames.description(errno);
    }
}
