package dev.beneath.internal.procfs;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;

/**
 * A procfs handle proved to be a real procfs, used for everything that has to go through
 * {@code /proc}: reopening an {@code O_PATH} descriptor for I/O and reading a descriptor's
 * path for display.
 *
 * <p>Three sources, tried in order: a private procfs instance ({@code fsopen("proc")} +
 * {@code fsmount}, detached, so nobody can mount over anything in it); a non-recursive
 * {@code open_tree} clone of {@code /proc} (mounts stacked below {@code /proc} are not
 * copied); the host's {@code /proc}, where every lookup checks that no mount sits on the way.
 * Each is verified: the filesystem magic is {@code PROC_SUPER_MAGIC} and the root inode is
 * procfs' root inode.
 */
public final class ProcFs implements AutoCloseable {

    /** Where the procfs handle came from. */
    public enum Source {
        PRIVATE_INSTANCE, DETACHED_CLONE, HOST
    }

    private final OwnedFd root;
    private final OwnedFd fdDirectory;
    private final long mountId;
    private final Source source;

    private ProcFs(OwnedFd root, OwnedFd fdDirectory, long mountId, Source source) {
        this.root = root;
        this.fdDirectory = fdDirectory;
        this.mountId = mountId;
        this.source = source;
    }

    /** How a procfs handle is opened. */
    @FunctionalInterface
    interface Opener {
        ProcFs open() throws SyscallException;
    }

    /**
     * A handle opened at first use and kept once it is open. A failed attempt (say
     * {@code EMFILE} while descriptors are exhausted) is reported to that caller as a
     * {@link SyscallException} and leaves nothing behind: the next caller tries again.
     */
    static final class Lazy {
        private final Opener opener;
        private volatile ProcFs value;

        Lazy(Opener opener) {
            this.opener = opener;
        }

        ProcFs get() throws SyscallException {
            ProcFs v = value;
            if (v != null) {
                return v;
            }
            synchronized (this) {
                if (value == null) {
                    value = opener.open();
                }
                return value;
            }
        }
    }

    private static final Lazy SHARED = new Lazy(ProcFs::openBest);

    /**
     * The process-wide handle, opened at first use from the best source available.
     *
     * @throws SyscallException when no procfs could be opened now (the errno of the last,
     *                          weakest source); a later call tries again
     */
    public static ProcFs shared() throws SyscallException {
        return SHARED.get();
    }

    static ProcFs openBest() throws SyscallException {
        for (Source s : Source.values()) {
            try {
                return open(s);
            } catch (SyscallException e) {
                // the next source is weaker but still verified; HOST failing is final
                if (s == Source.HOST) {
                    throw new SyscallException(e.errno(), "procfs: no usable procfs: " + e.call());
                }
            }
        }
        throw new AssertionError();
    }

    /** Opens a handle from one given source; tests use this to exercise each. */
    public static ProcFs open(Source source) throws SyscallException {
        OwnedFd root = switch (source) {
            case PRIVATE_INSTANCE -> privateInstance();
            case DETACHED_CLONE -> OwnedFd.adopt(Sys.openTree(Linux.AT_FDCWD, "/proc".getBytes(US_ASCII),
                    Linux.OPEN_TREE_CLONE | Linux.O_CLOEXEC));
            case HOST -> OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, "/proc".getBytes(US_ASCII),
                    Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
        };
        try {
            Statx st = verifyProcRoot(root);
            OwnedFd fdDir = openSelfFd(root, st.mountId());
            return new ProcFs(root, fdDir, st.mountId(), source);
        } catch (SyscallException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static OwnedFd privateInstance() throws SyscallException {
        try (OwnedFd context = OwnedFd.adopt(Sys.fsopen("proc", Linux.FSOPEN_CLOEXEC))) {
            // only the per-process directories are needed; hiding the rest shrinks what is exposed
            try {
                Sys.fsconfig(context.get(), Linux.FSCONFIG_SET_STRING, "subset", "pid", 0);
            } catch (SyscallException e) {
                // older kernels lack subset=pid; the full instance is still private
            }
            Sys.fsconfig(context.get(), Linux.FSCONFIG_CMD_CREATE, null, null, 0);
            return OwnedFd.adopt(Sys.fsmount(context.get(), Linux.FSMOUNT_CLOEXEC,
                    Linux.MOUNT_ATTR_NOSUID | Linux.MOUNT_ATTR_NODEV | Linux.MOUNT_ATTR_NOEXEC));
        }
    }

    private static Statx verifyProcRoot(OwnedFd root) throws SyscallException {
        if (Sys.fstatfsType(root.get()) != Linux.PROC_SUPER_MAGIC) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: not a procfs");
        }
        Statx st = Sys.fstatx(root.get(), Linux.STATX_TYPE | Linux.STATX_INO | Linux.STATX_MNT_ID);
        if (st.ino() != Linux.PROC_ROOT_INO || !st.isDirectory()) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: not the root of a procfs");
        }
        return st;
    }

    /**
     * Opens {@code <pid>/fd} one component at a time, refusing symlinks and any step whose
     * mount or filesystem is not this procfs'.
     */
    private static OwnedFd openSelfFd(OwnedFd root, long mountId) throws SyscallException {
        // "self" names this process as the procfs instance's pid namespace numbers it
        byte[] pid = Sys.readlinkat(root.get(), "self".getBytes(US_ASCII));
        if (pid.length == 0 || !new String(pid, US_ASCII).chars().allMatch(Character::isDigit)) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: /proc/self is not a process");
        }
        try (OwnedFd pidDir = openStep(root.get(), pid, mountId)) {
            return openStep(pidDir.get(), "fd".getBytes(US_ASCII), mountId);
        }
    }

    private static OwnedFd openStep(int dirfd, byte[] name, long mountId) throws SyscallException {
        OwnedFd fd = OwnedFd.adopt(Sys.openat(dirfd, name,
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0));
        try {
            checkOnProc(fd.get(), mountId);
            return fd;
        } catch (SyscallException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static void checkOnProc(int fd, long mountId) throws SyscallException {
        if (Sys.fstatfsType(fd) != Linux.PROC_SUPER_MAGIC
                || Sys.fstatx(fd, Linux.STATX_MNT_ID).mountId() != mountId) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: something is mounted over /proc");
        }
    }

    /** Refuses a magic link under {@code <pid>/fd} that something has been mounted on. */
    private byte[] checkedFdEntry(int fd) throws SyscallException {
        byte[] name = Integer.toString(fd).getBytes(US_ASCII);
        if (source == Source.HOST) {
            Statx link = Sys.statx(fdDirectory.get(), name, Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_MNT_ID
                    | Linux.STATX_TYPE);
            if (link.mountId() != mountId || !link.isSymlink()) {
                throw new SyscallException(ErrnoNames.EXDEV, "procfs: something is mounted over /proc/self/fd");
            }
        }
        return name;
    }

    /**
     * Opens the object {@code fd} refers to anew, with {@code flags} ({@code O_CLOEXEC} is
     * added), through this procfs. The object is the one the descriptor holds, whatever
     * happened to its path since.
     */
    public OwnedFd reopen(int fd, int flags) throws SyscallException {
        byte[] name = checkedFdEntry(fd);
        return OwnedFd.adopt(Sys.openat(fdDirectory.get(), name, flags | Linux.O_CLOEXEC, 0));
    }

    /**
     * Changes the mode of the object {@code fd} refers to (an {@code O_PATH} descriptor
     * included) by following its magic link: the change lands on that inode, whatever its
     * path now names.
     */
    public void chmod(int fd, int mode) throws SyscallException {
        Sys.fchmodat(fdDirectory.get(), checkedFdEntry(fd), mode, 0);
    }

    /** Sets the access and modification times of the object {@code fd} refers to (null: unchanged). */
    public void setTimes(int fd, long[] atime, long[] mtime) throws SyscallException {
        Sys.utimensat(fdDirectory.get(), checkedFdEntry(fd), atime, mtime, 0);
    }

    /** Links the object {@code fd} refers to as {@code name} in {@code dirfd}. */
    public void link(int fd, int dirfd, byte[] name) throws SyscallException {
        Sys.linkat(fdDirectory.get(), checkedFdEntry(fd), dirfd, name, Linux.AT_SYMLINK_FOLLOW);
    }

    /**
     * A path that names the object {@code fd} refers to through this procfs, for the system
     * calls that take nothing but a path (legacy {@code mount(2)}):
     * {@code /proc/self/fd/D/N}, where {@code D} is this handle's own descriptor on its
     * {@code <pid>/fd} directory. The first step goes through the host's {@code /proc}, so it is
     * checked here to lead to exactly that directory (same inode, same mount); the rest is
     * inside this verified procfs. Something mounted over the host's {@code /proc} after the
     * check is not seen: only a privileged process can mount there.
     *
     * @throws SyscallException {@code EXDEV} when the host's {@code /proc/self/fd} does not lead
     *                          to this procfs
     */
    public byte[] pathThrough(int fd) throws SyscallException {
        byte[] name = checkedFdEntry(fd);
        byte[] directory = ("/proc/self/fd/" + fdDirectory.get()).getBytes(US_ASCII);
        Statx expected = Sys.fstatx(fdDirectory.get(), Linux.STATX_INO | Linux.STATX_MNT_ID);
        Statx seen;
        try {
            seen = Sys.statx(Linux.AT_FDCWD, directory, 0, Linux.STATX_INO | Linux.STATX_MNT_ID);
        } catch (SyscallException e) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: the host /proc does not lead to the verified procfs");
        }
        if (!seen.sameInode(expected) || seen.mountId() != expected.mountId()) {
            throw new SyscallException(ErrnoNames.EXDEV, "procfs: the host /proc does not lead to the verified procfs");
        }
        byte[] path = new byte[directory.length + 1 + name.length];
        System.arraycopy(directory, 0, path, 0, directory.length);
        path[directory.length] = '/';
        System.arraycopy(name, 0, path, directory.length + 1, name.length);
        return path;
    }

    /** The path the kernel shows for {@code fd}; for display only, never to act on. */
    public byte[] pathOf(int fd) throws SyscallException {
        return Sys.readlinkat(fdDirectory.get(), checkedFdEntry(fd));
    }

    public Source source() {
        return source;
    }

    @Override
    public void close() {
        fdDirectory.close();
        root.close();
    }
}
