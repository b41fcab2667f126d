package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/**
 * One {@code openat2(2)} call with {@code RESOLVE_IN_ROOT} or {@code RESOLVE_BENEATH}: the
 * kernel walks the path and keeps it inside the root, magic links always refused
 * ({@code RESOLVE_NO_MAGICLINKS}). The kernel has no flag that refuses procfs or sysfs as such:
 * the object found is checked afterwards ({@code fstatfs}) and refused with {@code EXDEV} when
 * it lies on either, unless {@link Lookup#PSEUDO_FILESYSTEMS} is given, as the emulated walk does.
 */
public final class Openat2Resolver implements Resolver {
    /**
     * {@code EAGAIN} means a rename or mount happened somewhere while the kernel walked a
     * {@code ..}; retrying is safe. Past this many attempts the lookup is made by the emulated
     * walk instead (see {@link #resolve}).
     */
    public static final int EAGAIN_RETRIES = 128;

    /**
     * Takes over a lookup that {@code openat2} kept refusing with {@code EAGAIN}. The kernel
     * answers {@code EAGAIN} for a scoped {@code ..} when any rename or mount happened anywhere on
     * the system during the walk (it checks a global sequence count, not the directories it
     * walked), so any process, unprivileged and in any container, that renames in a loop can
     * keep a path with {@code ..} in it from ever resolving. The emulated walk checks the
     * directories it climbs by identity instead, which such a process cannot disturb, and keeps
     * the same contract.
     */
    private static final EmulatedResolver UNDER_RENAME_STORM = new EmulatedResolver();

    @Override
    public OwnedFd resolve(int rootFd, byte[] path, int flags) throws SyscallException {
        long openFlags = Linux.O_PATH | Linux.O_CLOEXEC
                | (Lookup.has(flags, Lookup.NO_FOLLOW) ? Linux.O_NOFOLLOW : 0);
        long resolve = Linux.RESOLVE_NO_MAGICLINKS
                | (Lookup.has(flags, Lookup.BENEATH) ? Linux.RESOLVE_BENEATH : Linux.RESOLVE_IN_ROOT)
                | (Lookup.has(flags, Lookup.NO_SYMLINKS) ? Linux.RESOLVE_NO_SYMLINKS : 0)
                | (Lookup.has(flags, Lookup.NO_XDEV) ? Linux.RESOLVE_NO_XDEV : 0);
        // Asked first with RESOLVE_NO_XDEV, a lookup that succeeds found its object on the
        // root's own mount, which (ROOT_ON_PLAIN_FILESYSTEM) is not procfs or sysfs: the fstatfs
        // that refusing those costs is not needed. Any failure but EXDEV happened on the root's
        // mount before any mount was crossed and is the answer; EXDEV (a mount crossed, or the
        // path leaving the root under BENEATH) asks again as the caller asked, then checks.
        boolean sameMountSuffices = Lookup.has(flags, Lookup.ROOT_ON_PLAIN_FILESYSTEM)
                && !Lookup.has(flags, Lookup.PSEUDO_FILESYSTEMS) && !Lookup.has(flags, Lookup.NO_XDEV);
        for (int attempt = 1; ; attempt++) {
            try {
                if (sameMountSuffices) {
                    try {
                        return OwnedFd.adopt(Sys.openat2(rootFd, path, openFlags, 0, resolve | Linux.RESOLVE_NO_XDEV));
                    } catch (SyscallException e) {
                        if (e.errno() != ErrnoNames.EXDEV) {
                            throw e;
                        }
                    }
                }
                return Lookup.refusePseudoFilesystems(OwnedFd.adopt(Sys.openat2(rootFd, path, openFlags, 0, resolve)),
                        flags);
            } catch (SyscallException e) {
                if (e.errno() != ErrnoNames.EAGAIN) {
                    throw e;
                }
                if (attempt >= EAGAIN_RETRIES) {
                    return UNDER_RENAME_STORM.resolve(rootFd, path, flags);
                }
            }
        }
    }
}
