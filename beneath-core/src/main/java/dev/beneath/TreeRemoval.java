package dev.beneath;

import dev.beneath.internal.resolve.Identity;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * Recursive removal by descriptor, linear in the number of entries.
 *
 * <p>Each directory's listing is read once, in batches of one {@code getdents64} buffer
 * ({@link #BATCH_BYTES}), on a descriptor the walk holds; its entries are unlinked as they come,
 * and the non-empty subdirectories of a batch are remembered (by name, at most one batch per
 * level) and descended into one by one before the next batch is read. The walk goes down with
 * {@code openat(dir, name, O_DIRECTORY|O_NOFOLLOW)} and back up with {@code openat(dir, "..")},
 * checking each time that {@code ..} is the very directory it came down from (by dev/ino); and
 * before it unlinks a batch in a directory it checks the same of that directory's {@code ..}.
 * A directory moved elsewhere during the removal therefore stops it with {@code ESTALE} after
 * at most the batch that was being unlinked when the move happened.
 *
 * <p>Descriptors are bounded whatever the depth: the listings of the {@link #WINDOW} deepest
 * levels stay open, shallower levels keep only their identity and remembered names, and a level
 * whose listing was closed reads it again from the start when it needs more entries (the ones
 * already removed are gone, so this happens once per batch, not once per child). Memory is one
 * batch of names per level. The walk never descends into another mount ({@code EXDEV}).
 */
final class TreeRemoval {
    /** The {@code getdents64} buffer of one batch: a few hundred short names. */
    static final int BATCH_BYTES = 8 * 1024;
    /** How many levels keep their listing descriptor open. */
    static final int WINDOW = 8;
    /** How often a directory refilled by a concurrent creator is emptied again before giving up. */
    private static final int MAX_RESTARTS = 1000;
    private static final int DIR_FLAGS = Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;

    /** What a removal did, for tests that bound its cost; {@link #NONE} outside tests. */
    interface Observer {
        Observer NONE = (dir, entries) -> { };

        /** A batch of {@code entries} names was read from the directory {@code dir}, before any is unlinked. */
        void batchRead(int dir, int entries) throws SyscallException;
    }

    private TreeRemoval() {
    }

    /** One directory on the way down: who it is, its listing (when open) and the subdirectories still to empty. */
    private static final class Level {
        final byte[] name;
        final Identity identity;
        final Identity parent;
        OwnedFd listing;
        boolean exhausted;
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();

        Level(byte[] name, OwnedFd listing, Identity identity, Identity parent) {
            this.name = name;
            this.listing = listing;
            this.identity = identity;
            this.parent = parent;
        }

        void close() {
            if (listing != null) {
                listing.close();
                listing = null;
            }
        }
    }

    /** Removes {@code name} in {@code parent}, recursively if it is a directory. */
    static void removeEntry(OwnedFd parent, byte[] name) throws SyscallException {
        removeEntry(parent, name, Observer.NONE);
    }

    static void removeEntry(OwnedFd parent, byte[] name, Observer observer) throws SyscallException {
        if (unlinkOrRmdir(parent.get(), name, Linux.DT_UNKNOWN)) {
            return;
        }
        Identity top = Identity.of(parent.get());
        for (int restarts = 0; ; restarts++) {
            OwnedFd dir = openOrNull(parent.get(), name);
            if (dir == null) {
                return;
            }
            long mountId;
            ArrayDeque<Level> levels = new ArrayDeque<>();
            try {
                Statx st = Sys.fstatx(dir.get(), Linux.STATX_MNT_ID | Linux.STATX_INO);
                mountId = st.mountId();
                levels.push(new Level(name, dir, Identity.of(st), top));
            } catch (SyscallException | RuntimeException e) {
                dir.close();
                throw e;
            }
            try {
                empty(levels, mountId, observer);
            } finally {
                levels.forEach(Level::close);
            }
            try {
                Sys.unlinkat(parent.get(), name, Linux.AT_REMOVEDIR);
                return;
            } catch (SyscallException e) {
                if (e.errno() == ErrnoNames.ENOENT) {
                    return;
                }
                if (!refilled(e) || restarts >= MAX_RESTARTS) {
                    throw e;
                }
                // a concurrent creator refilled it: go round again
            }
        }
    }

    /** Empties the directory at the bottom of {@code levels}; returns with only that level left, its listing closed. */
    private static void empty(ArrayDeque<Level> levels, long mountId, Observer observer) throws SyscallException {
        int childRestarts = 0;
        while (true) {
            Level level = levels.peek();
            if (!level.pending.isEmpty()) {
                byte[] childName = level.pending.poll();
                OwnedFd child = openOrNull(level.listing.get(), childName);
                if (child == null) {
                    continue;
                }
                try {
                    Statx st = Sys.fstatx(child.get(), Linux.STATX_MNT_ID | Linux.STATX_INO);
                    if (st.mountId() != mountId) {
                        // EBUSY, as rmdir(2) of a mount point says: nothing leaves the root, so not EXDEV
                        throw new SyscallException(ErrnoNames.EBUSY, "removeAll: will not descend into a mount");
                    }
                    levels.push(new Level(childName, child, Identity.of(st), level.identity));
                } catch (SyscallException | RuntimeException e) {
                    child.close();
                    throw e;
                }
                closeBeyondWindow(levels);
                continue;
            }
            if (!level.exhausted) {
                List<Sys.Dirent> batch = Sys.readDirectoryBatch(level.listing.get(), BATCH_BYTES);
                if (batch.isEmpty()) {
                    level.exhausted = true;
                    continue;
                }
                observer.batchRead(level.listing.get(), batch.size());
                checkInPlace(level);
                for (Sys.Dirent d : batch) {
                    if (!unlinkOrRmdir(level.listing.get(), d.name(), d.type())) {
                        level.pending.add(d.name());
                    }
                }
                continue;
            }
            if (levels.size() == 1) {
                level.close();
                return;
            }
            // this directory is empty: climb to its parent, check it is the one we came from
            levels.pop();
            Level up = levels.peek();
            OwnedFd parentFd;
            try {
                parentFd = up.identity.openAsParentOf(level.listing.get(), DIR_FLAGS);
            } finally {
                level.close();
            }
            if (parentFd == null) {
                throw movedDuringRemoval();
            }
            if (up.listing == null) {
                // its listing was closed to bound descriptors: the new one reads from the start,
                // where only what is left (and anything created since) remains
                up.listing = parentFd;
            } else {
                parentFd.close();
            }
            try {
                Sys.unlinkat(up.listing.get(), level.name, Linux.AT_REMOVEDIR);
            } catch (SyscallException e) {
                if (e.errno() != ErrnoNames.ENOENT) {
                    if (!refilled(e) || ++childRestarts > MAX_RESTARTS) {
                        throw e;
                    }
                    up.pending.addFirst(level.name);
                }
            }
        }
    }

    /**
     * Refuses to unlink anything in {@code level} unless its {@code ..} is still the directory
     * the walk came down from: a directory moved out of the tree is not emptied further.
     */
    private static void checkInPlace(Level level) throws SyscallException {
        OwnedFd up = level.parent.openAsParentOf(level.listing.get(), Identity.PATH_DIRECTORY);
        if (up == null) {
            throw movedDuringRemoval();
        }
        up.close();
    }

    private static SyscallException movedDuringRemoval() {
        return new SyscallException(ErrnoNames.ESTALE, "removeAll: a directory was moved during removal");
    }

    /** Closes the listing of the level just above the {@link #WINDOW} deepest ones (one at most per descent). */
    private static void closeBeyondWindow(ArrayDeque<Level> levels) {
        if (levels.size() <= WINDOW) {
            return;
        }
        Iterator<Level> deepestFirst = levels.iterator();
        for (int i = 0; i < WINDOW; i++) {
            deepestFirst.next();
        }
        deepestFirst.next().close();
    }

    private static boolean refilled(SyscallException e) {
        return e.errno() == ErrnoNames.ENOTEMPTY || e.errno() == ErrnoNames.EEXIST;
    }

    private static OwnedFd openOrNull(int dirfd, byte[] name) throws SyscallException {
        try {
            return OwnedFd.adopt(Sys.openat(dirfd, name, DIR_FLAGS, 0));
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.ENOENT || e.errno() == ErrnoNames.ENOTDIR || e.errno() == ErrnoNames.ELOOP) {
                // gone, or replaced by something that is not a directory since it was listed
                if (e.errno() != ErrnoNames.ENOENT && !unlinkOrRmdir(dirfd, name, Linux.DT_UNKNOWN)) {
                    throw e;
                }
                return null;
            }
            throw e;
        }
    }

    /**
     * Tries to remove {@code name} as a non-directory, then as an empty directory (the other
     * way round when {@code type} says directory). True when it is gone (or was already),
     * false when it is a directory that still has entries.
     */
    private static boolean unlinkOrRmdir(int dirfd, byte[] name, int type) throws SyscallException {
        try {
            removeOne(dirfd, name, type == Linux.DT_DIR ? Order.DIRECTORY_FIRST : Order.FILE_FIRST);
            return true;
        } catch (SyscallException e) {
            if (refilled(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Which kinds of entry {@link #removeOne} may remove, and which it tries first. */
    enum Order {
        FILE_FIRST, DIRECTORY_FIRST, DIRECTORY_ONLY
    }

    /**
     * Removes the non-directory or empty directory {@code name} in {@code dirfd} with
     * {@code unlinkat}, trying the kinds {@code order} allows in its order (the other kind only
     * when the first attempt said the entry is of that kind). Nothing is followed: a symlink is
     * removed itself.
     *
     * @return false when nothing had the name
     * @throws SyscallException {@code ENOTEMPTY} (or {@code EEXIST}) for a directory with
     *                          entries, {@code ENOTDIR} for a non-directory under
     *                          {@code DIRECTORY_ONLY}, or any other failure
     */
    static boolean removeOne(int dirfd, byte[] name, Order order) throws SyscallException {
        int attempts = order == Order.DIRECTORY_ONLY ? 1 : 2;
        for (int attempt = 0; ; attempt++) {
            boolean asDirectory = (order == Order.FILE_FIRST) == (attempt == 1);
            try {
                Sys.unlinkat(dirfd, name, asDirectory ? Linux.AT_REMOVEDIR : 0);
                return true;
            } catch (SyscallException e) {
                int errno = e.errno();
                if (errno == ErrnoNames.ENOENT) {
                    return false;
                }
                boolean wrongKind = asDirectory ? errno == ErrnoNames.ENOTDIR
                        : errno == ErrnoNames.EISDIR || errno == ErrnoNames.EPERM;
                if (!wrongKind || attempt + 1 == attempts) {
                    throw e;
                }
            }
        }
    }
}
