package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/**
 * Which object a descriptor held, by device and inode: what a walk keeps of a directory whose
 * descriptor it let go, to recognise that directory when it comes back to it.
 *
 * @param dev the device, as {@code st_dev}
 * @param ino the inode number
 */
public record Identity(long dev, long ino) {
    /** {@code O_PATH} flags for {@link #openAsParentOf} when the parent is only to be stood in. */
    public static final int PATH_DIRECTORY = Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;

    /** The identity {@code st} reports. */
    public static Identity of(Statx st) {
        return new Identity(st.dev(), st.ino());
    }

    /** The identity of the object {@code fd} holds (one {@code statx}). */
    public static Identity of(int fd) throws SyscallException {
        return of(Sys.fstatx(fd, Linux.STATX_INO));
    }

    /** True when {@code st} reports this object. */
    public boolean isOf(Statx st) {
        return st.dev() == dev && st.ino() == ino;
    }

    /**
     * The kernel's {@code ..} of the directory {@code childFd}, opened with {@code flags},
     * when it is this directory; null (having closed it) when it is another, which means a
     * directory on the way was moved since the walk came down through it. The kernel's
     * {@code ..} is never trusted on its own: only this check makes it the way back.
     */
    public OwnedFd openAsParentOf(int childFd, int flags) throws SyscallException {
        OwnedFd parent = OwnedFd.adopt(Sys.openat(childFd, Components.DOT_DOT, flags, 0));
        try {
            if (isOf(Sys.fstatx(parent.get(), Linux.STATX_INO))) {
                return parent;
            }
        } catch (SyscallException | RuntimeException e) {
            parent.close();
            throw e;
        }
        parent.close();
        return null;
    }
}
