package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/** The lookup flags both resolvers understand, as one bit set. */
public final class Lookup {
    /** Leaving the root is an error ({@code EXDEV}) instead of being clamped to the root. */
    public static final int BENEATH = 1;
    /** Any symlink on the way is an error ({@code ELOOP}). */
    public static final int NO_SYMLINKS = 1 << 1;
    /** Crossing a mount point is an error ({@code EXDEV}). */
    public static final int NO_XDEV = 1 << 2;
    /** A trailing symlink is returned itself instead of followed. */
    public static final int NO_FOLLOW = 1 << 3;
    /** An object on procfs or sysfs may be returned (refused with {@code EXDEV} otherwise). */
    public static final int PSEUDO_FILESYSTEMS = 1 << 4;
    /**
     * A fact about the root, not an option: its directory is on neither procfs nor sysfs, so
     * an object on the root's own mount needs no filesystem check (see {@link Openat2Resolver}).
     */
    public static final int ROOT_ON_PLAIN_FILESYSTEM = 1 << 5;

    private Lookup() {
    }

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }

    /**
     * Returns {@code found}, or closes it and fails with {@code EXDEV} when it lies on procfs
     * or sysfs and {@link #PSEUDO_FILESYSTEMS} is not in {@code flags}: a procfs mounted in a
     * tree is the privileged process's own ({@code self/environ}, {@code self/exe}), and both
     * hold kernel settings that a write by path would change.
     */
    static OwnedFd refusePseudoFilesystems(OwnedFd found, int flags) throws SyscallException {
        if (has(flags, PSEUDO_FILESYSTEMS)) {
            return found;
        }
        try {
            long type = Sys.fstatfsType(found.get());
            if (type == Linux.PROC_SUPER_MAGIC || type == Linux.SYSFS_MAGIC) {
                throw new SyscallException(ErrnoNames.EXDEV, "resolve: procfs or sysfs inside the root");
            }
            return found;
        } catch (SyscallException | RuntimeException e) {
            found.close();
            throw e;
        }
    }
}
