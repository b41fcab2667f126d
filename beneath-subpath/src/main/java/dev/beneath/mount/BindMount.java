package dev.beneath.mount;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.nio.file.Path;

/**
 * Bind mounts made in-process from one descriptor onto another: no path is resolved again,
 * no mount(8) is run. The preferred way clones the source with {@code open_tree(OPEN_TREE_CLONE)}
 * on its own descriptor, applies read-only (plus nosuid, nodev) to the detached clone with
 * {@code mount_setattr} while nobody can see it, and attaches it with {@code move_mount} onto
 * the target descriptor, so a read-only mount is never writable, not even for an instant. On
 * kernels without the new mount API (before 5.2, or 5.12 for {@code mount_setattr}) it falls
 * back to {@code mount(2)} with {@code MS_BIND} between {@code /proc/self/fd} magic links of the
 * verified procfs ({@link ProcFs#pathThrough}), then
 * a read-only remount; that fallback has a short writable window, which callers are told of.
 *
 * <p>Not protected: the caller must pass the right descriptors; the mount lands in the
 * calling thread's mount namespace.
 */
public final class BindMount {

    /** How a bind mount is made. */
    public enum Method {
        /** {@code open_tree} + {@code mount_setattr} + {@code move_mount}. */
        DETACHED_CLONE,
        /** {@code mount(2)} {@code MS_BIND} through {@code /proc/self/fd}, then a read-only remount. */
        LEGACY_MOUNT
    }

    private static final byte[] EMPTY = {};

    private BindMount() {
    }

    /** The method this kernel supports best. */
    public static Method preferred() {
        return NewMountApi.AVAILABLE ? Method.DETACHED_CLONE : Method.LEGACY_MOUNT;
    }

    private static final class NewMountApi {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                Sys.close(Sys.openTree(Linux.AT_FDCWD, new byte[] {'/'}, Linux.O_CLOEXEC));
                return true;
            } catch (SyscallException e) {
                return e.errno() != ErrnoNames.ENOSYS && e.errno() != ErrnoNames.EPERM;
            }
        }
    }

    /**
     * Binds the object {@code sourceFd} refers to onto the object {@code targetFd} refers to
     * (a directory onto a directory, anything else onto a regular file). {@code targetFd} is
     * the entry {@code targetName} of the directory {@code targetParentFd}, which the legacy
     * method needs to reach the new mount for its read-only remount. All are borrowed.
     */
    public static void bind(int sourceFd, int targetParentFd, byte[] targetName, int targetFd, boolean readOnly,
                            Method method) throws SyscallException {
        switch (method) {
            case DETACHED_CLONE -> bindDetached(sourceFd, targetFd, readOnly);
            case LEGACY_MOUNT -> bindLegacy(sourceFd, targetParentFd, targetName, targetFd, readOnly);
        }
    }

    private static void bindDetached(int sourceFd, int targetFd, boolean readOnly) throws SyscallException {
        try (OwnedFd tree = OwnedFd.adopt(Sys.openTree(sourceFd, EMPTY,
                Linux.OPEN_TREE_CLONE | Linux.O_CLOEXEC | Linux.AT_EMPTY_PATH))) {
            if (readOnly) {
                Sys.mountSetattr(tree.get(), EMPTY, Linux.AT_EMPTY_PATH,
                        Linux.MOUNT_ATTR_RDONLY | Linux.MOUNT_ATTR_NOSUID | Linux.MOUNT_ATTR_NODEV, 0);
            }
            Sys.moveMount(tree.get(), EMPTY, targetFd, EMPTY,
                    Linux.MOVE_MOUNT_F_EMPTY_PATH | Linux.MOVE_MOUNT_T_EMPTY_PATH);
        }
    }

    private static void bindLegacy(int sourceFd, int targetParentFd, byte[] targetName, int targetFd,
                                   boolean readOnly) throws SyscallException {
        // mount(2) takes only paths: each names its descriptor through the verified procfs
        ProcFs proc = ProcFs.shared();
        byte[] target = proc.pathThrough(targetFd);
        Sys.mount(new String(proc.pathThrough(sourceFd), UTF_8), target, null, Linux.MS_BIND, null);
        if (readOnly) {
            // the magic link names the directory under the new mount; a step by name from the
            // parent enters the mount itself
            byte[] mounted = concat(concat(proc.pathThrough(targetParentFd), new byte[] {'/'}), targetName);
            try {
                Sys.mount(null, mounted, null,
                        Linux.MS_REMOUNT | Linux.MS_BIND | Linux.MS_RDONLY | Linux.MS_NOSUID | Linux.MS_NODEV, null);
            } catch (SyscallException e) {
                try {
                    Sys.umount2(mounted, Linux.MNT_DETACH | Linux.UMOUNT_NOFOLLOW);
                } catch (SyscallException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Unmounts the mount at {@code trustedPath}, a path only the caller controls (never one
     * inside an untrusted tree): a symlink there is not followed.
     */
    public static void unmount(Path trustedPath) throws SyscallException {
        Sys.umount2(trustedPath.toString().getBytes(UTF_8), Linux.UMOUNT_NOFOLLOW);
    }
}
