package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/**
 * The two resolvers and the probe that picks one. The probe runs once, at first use: the
 * emulated walk is chosen only when {@code openat2} itself is missing ({@code ENOSYS}) or
 * blocked by a seccomp filter ({@code EPERM}). A lookup that fails later is never retried
 * with the weaker resolver: that would be a downgrade an attacker could force.
 */
public final class Backends {
    public static final Resolver OPENAT2 = new Openat2Resolver();
    public static final Resolver EMULATED = new EmulatedResolver();

    private Backends() {
    }

    /** What the probe saw. */
    public record Probe(boolean openat2Available, String detail) {
    }

    private static final class Holder {
        static final Probe PROBE = probe();
    }

    public static Probe probeResult() {
        return Holder.PROBE;
    }

    /** The resolver automatic selection uses. */
    public static Resolver automatic() {
        return Holder.PROBE.openat2Available() ? OPENAT2 : EMULATED;
    }

    private static Probe probe() {
        try {
            Sys.close(Sys.openat2(Linux.AT_FDCWD, Components.SLASH, Linux.O_PATH | Linux.O_CLOEXEC, 0,
                    Linux.RESOLVE_NO_MAGICLINKS | Linux.RESOLVE_NO_SYMLINKS));
            return new Probe(true, "openat2 works");
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.ENOSYS || e.errno() == ErrnoNames.EPERM) {
                return new Probe(false, "openat2 unavailable (" + e.errnoName() + ")");
            }
            // the call exists; an odd answer to the probe is no reason to use the weaker walk
            return new Probe(true, "openat2 present (probe answered " + e.errnoName() + ")");
        }
    }
}
