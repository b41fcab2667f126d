package dev.beneath;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Recursive removal by descriptor. The walk goes down with
 * {@code openat(dir, name, O_DIRECTORY|O_NOFOLLOW)} and back up with {@code openat(dir, "..")},
 * checking each time that {@code ..} is the very directory it came down from (by dev/ino): a
 * directory moved elsewhere during the removal stops it with {@code ESTALE} instead of letting
 * it continue in whatever tree the directory now sits in. Memory is two descriptors and 16
 * bytes per level of depth. It never descends into another mount ({@code EXDEV}).
 */
final class TreeRemoval {
    private static final byte[] DOT_DOT = {'.', '.'};
    /** How often a directory refilled by a concurrent creator is emptied again before giving up. */
    private static final int MAX_RESTARTS = 1000;
    private static final int DIR_FLAGS = Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;

    private TreeRemoval() {
    }

    private record Identity(long dev, long ino) {
        static Identity of(Statx st) {
            return new Identity(st.dev(), st.ino());
        }
    }

    /** Removes {@code name} in {@code parent}, recursively if it is a directory. */
    static void removeEntry(OwnedFd parent, byte[] name) throws SyscallException {
        if (unlinkOrRmdir(parent.get(), name)) {
            return;
        }
        Identity top = Identity.of(Sys.fstatx(parent.get(), Linux.STATX_INO));
        OwnedFd current = openOrNull(parent, name);
        if (current == null) {
            return;
        }
        int restarts = 0;
        ArrayDeque<Identity> above = new ArrayDeque<>();
        above.push(top);
        try {
            long mountId = Sys.fstatx(current.get(), Linux.STATX_MNT_ID).mountId();
            while (true) {
                OwnedFd child = emptyOrDescend(current);
                if (child != null && Sys.fstatx(child.get(), Linux.STATX_MNT_ID).mountId() != mountId) {
                    child.close();
                    throw new SyscallException(ErrnoNames.EXDEV, "removeAll: will not descend into a mount");
                }
                if (child != null) {
                    above.push(Identity.of(Sys.fstatx(current.get(), Linux.STATX_INO)));
                    current.close();
                    current = child;
                    continue;
                }
                // current is empty now: climb to its parent, check it is the one we came from
                Identity expected = above.pop();
                if (above.isEmpty()) {
                    current.close();
                    current = null;
                    try {
                        Sys.unlinkat(parent.get(), name, Linux.AT_REMOVEDIR);
                        return;
                    } catch (SyscallException e) {
                        if (e.errno() == ErrnoNames.ENOENT) {
                            return;
                        }
                        boolean refilled = e.errno() == ErrnoNames.ENOTEMPTY || e.errno() == ErrnoNames.EEXIST;
                        if (!refilled || ++restarts > MAX_RESTARTS) {
                            throw e;
                        }
                    }
                    // a concurrent creator refilled it: go round again
                    current = openOrNull(parent, name);
                    if (current == null) {
                        return;
                    }
                    if (Sys.fstatx(current.get(), Linux.STATX_MNT_ID).mountId() != mountId) {
                        throw new SyscallException(ErrnoNames.EXDEV, "removeAll: will not descend into a mount");
                    }
                    above.push(top);
                    continue;
                }
                OwnedFd up = OwnedFd.adopt(Sys.openat(current.get(), DOT_DOT, DIR_FLAGS, 0));
                if (!Identity.of(Sys.fstatx(up.get(), Linux.STATX_INO)).equals(expected)) {
                    up.close();
                    throw new SyscallException(ErrnoNames.ESTALE, "removeAll: a directory was moved during removal");
                }
                current.close();
                current = up; // the emptied child is removed when this directory is scanned again
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    private static OwnedFd openOrNull(OwnedFd parent, byte[] name) throws SyscallException {
        try {
            return OwnedFd.adopt(Sys.openat(parent.get(), name, DIR_FLAGS, 0));
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Removes every entry of {@code dir} it can; returns a descriptor on the first
     * subdirectory that is not empty (to descend into), or null once {@code dir} is empty.
     */
    private static OwnedFd emptyOrDescend(OwnedFd dir) throws SyscallException {
        while (true) {
            List<Sys.Dirent> entries;
            try (OwnedFd listing = OwnedFd.adopt(Sys.openat(dir.get(), new byte[] {'.'}, DIR_FLAGS, 0))) {
                entries = Sys.readDirectory(listing.get());
            }
            if (entries.isEmpty()) {
                return null;
            }
            for (Sys.Dirent d : entries) {
                if (!unlinkOrRmdir(dir.get(), d.name())) {
                    try {
                        return OwnedFd.adopt(Sys.openat(dir.get(), d.name(), DIR_FLAGS, 0));
                    } catch (SyscallException e) {
                        if (e.errno() != ErrnoNames.ENOENT && e.errno() != ErrnoNames.ENOTDIR) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    /**
     * Tries to remove {@code name} as a non-directory, then as an empty directory. True when it
     * is gone (or was already), false when it is a directory that still has entries.
     */
    private static boolean unlinkOrRmdir(int dirfd, byte[] name) throws SyscallException {
        try {
            Sys.unlinkat(dirfd, name, 0);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.ENOENT) {
                return true;
            }
            if (e.errno() != ErrnoNames.EISDIR && e.errno() != ErrnoNames.EPERM) {
                throw e;
            }
        }
        try {
            Sys.unlinkat(dirfd, name, Linux.AT_REMOVEDIR);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.ENOENT) {
                return true;
            }
            if (e.errno() == ErrnoNames.ENOTEMPTY || e.errno() == ErrnoNames.EEXIST) {
                return false;
            }
            throw e;
        }
    }
}
