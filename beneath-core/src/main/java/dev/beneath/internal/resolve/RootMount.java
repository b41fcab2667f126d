package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/**
 * The mount a root directory lies on, as {@code statx} names it, learnt once per root: an
 * object whose {@code statx} reports the same mount is on the root's own filesystem, which
 * {@link Lookup#ROOT_ON_PLAIN_FILESYSTEM} says is neither procfs nor sysfs, so the emulated
 * walk needs no {@code fstatfs} for it. While the root's descriptor is open its mount exists
 * (a lazily unmounted one included), so its id is not given to another mount meanwhile; the
 * 64-bit {@link Linux#STATX_MNT_ID_UNIQUE} is never reused at all.
 *
 * @param mask the {@code statx} mask bit the id was reported under ({@link Linux#STATX_MNT_ID_UNIQUE}
 *             or {@link Linux#STATX_MNT_ID}), 0 when it is not known
 * @param id   the mount id
 */
public record RootMount(int mask, long id) {
    /** Nothing known: every lookup checks its object's filesystem. */
    public static final RootMount UNKNOWN = new RootMount(0, 0);

    /**
     * The mount of {@code rootFd}, with one {@code statx}; {@link #UNKNOWN} when the kernel
     * reports no mount id (before Linux 5.8).
     */
    static RootMount of(int rootFd) throws SyscallException {
        // with both bits asked, Linux 6.8 and later answer with the unique id alone
        Statx st = Sys.fstatx(rootFd, Linux.STATX_MNT_ID_UNIQUE | Linux.STATX_MNT_ID);
        int kind = (st.mask() & Linux.STATX_MNT_ID_UNIQUE) != 0 ? Linux.STATX_MNT_ID_UNIQUE
                : st.mask() & Linux.STATX_MNT_ID;
        return kind == 0 ? UNKNOWN : new RootMount(kind, st.mountId());
    }

    /** True when {@code st}, asked with {@link #mask}, reports this very mount. */
    boolean holds(Statx st) {
        return mask != 0 && (st.mask() & mask) != 0 && st.mountId() == id;
    }
}
