package dev.beneath;

import dev.beneath.internal.resolve.Backends;
import dev.beneath.internal.resolve.Resolver;

/**
 * How a {@link Root} resolves paths. Both backends keep one contract: the same object or the
 * same errno for every lookup.
 */
public enum Backend {
    /**
     * {@link #OPENAT2} when the kernel offers it, decided once by a probe; {@link #EMULATED}
     * only when the system call is missing or forbidden by a seccomp filter. A lookup that
     * fails is never retried with the other backend.
     */
    AUTO,
    /** One {@code openat2(2)} call per lookup (Linux 5.6 and later): the kernel keeps the walk inside. */
    OPENAT2,
    /**
     * A component-by-component walk with {@code openat(O_PATH|O_NOFOLLOW)} that expands
     * symlinks itself and never lets {@code ..} climb above the root.
     */
    EMULATED;

    /**
     * The backend {@link #AUTO} picks on this machine (the probe runs once per process).
     *
     * @return {@link #OPENAT2} or {@link #EMULATED}
     */
    public static Backend detected() {
        return Backends.probeResult().openat2Available() ? OPENAT2 : EMULATED;
    }

    Backend concrete() {
        return this == AUTO ? detected() : this;
    }

    Resolver resolver() {
        return switch (concrete()) {
            case OPENAT2 -> Backends.OPENAT2;
            case EMULATED -> Backends.EMULATED;
            case AUTO -> throw new AssertionError();
        };
    }
}
