package dev.beneath;

import dev.beneath.internal.resolve.Components;
import dev.beneath.internal.resolve.Identity;
import dev.beneath.internal.resolve.Lookup;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.resolve.Resolver;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The iterator behind {@link Root#walk}: a depth-first, pre-order walk over descriptors.
 *
 * <p>Each directory is opened from its parent's descriptor with
 * {@code openat(O_PATH|O_NOFOLLOW)} and listed in full before its entry is reported, so an
 * unreadable directory is reported with its error instead of being dropped. Symlinks are
 * reported as they are unless links are followed; a followed link is resolved by the root's
 * resolver from the root, so it never leads out of the root, and a link back to a directory
 * being walked is reported as a loop ({@code ELOOP}) instead of being entered again.
 *
 * <p>Descriptors are bounded: besides a duplicate of the root descriptor, at most
 * {@link #HELD} directory descriptors are held, whatever the depth. When the walk returns to
 * a directory whose descriptor it let go, it resolves that directory's path again inside the
 * root and checks that it is the same directory (device and inode); a directory that was
 * replaced or moved in between is reported with {@code ESTALE} and its remaining entries are
 * skipped. Everything is closed when the walk ends or its stream is closed.
 */
final class TreeWalk implements Iterator<WalkEntry>, AutoCloseable {
    /** Directory descriptors held at once, whatever the depth. */
    static final int HELD = 16;

    /** One directory being walked: its listing and where in it the walk is. */
    private static final class Frame {
        final String path;
        final int depth;
        final Identity identity;
        final List<Sys.Dirent> entries;
        int next;
        OwnedFd fd;

        Frame(String path, int depth, Identity identity, List<Sys.Dirent> entries, OwnedFd fd) {
            this.path = path;
            this.depth = depth;
            this.identity = identity;
            this.entries = entries;
            this.fd = fd;
        }
    }

    private final OwnedFd root;
    private final Resolver resolver;
    private final int followFlags;
    private final boolean followLinks;
    private final boolean noXdev;
    private final int maxDepth;
    private final long startMount;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private int held;
    private WalkEntry pending;
    private boolean closed;

    private TreeWalk(OwnedFd root, Resolver resolver, int lookupFlags, boolean followLinks, int maxDepth,
                     long startMount) {
        this.root = root;
        this.resolver = resolver;
        this.followFlags = lookupFlags & ~Lookup.NO_FOLLOW;
        this.followLinks = followLinks;
        this.noXdev = Lookup.has(lookupFlags, Lookup.NO_XDEV);
        this.maxDepth = maxDepth;
        this.startMount = startMount;
    }

    /**
     * Starts a walk at {@code path}: its first entry is the start itself. Fails (with the
     * start's errno) only when the start cannot be resolved.
     */
    static TreeWalk start(int rootFd, Resolver resolver, int lookupFlags, String path, int maxDepth,
                          boolean followLinks) throws SyscallException {
        int startFlags = followLinks ? lookupFlags & ~Lookup.NO_FOLLOW : lookupFlags | Lookup.NO_FOLLOW;
        OwnedFd start = resolver.resolve(rootFd, PathBytes.of(path), startFlags);
        TreeWalk walk;
        try {
            Statx st = Sys.fstatx(start.get(), Linux.STATX_TYPE | Linux.STATX_INO | Linux.STATX_MNT_ID);
            walk = new TreeWalk(OwnedFd.adopt(Sys.dupCloexec(rootFd)), resolver, lookupFlags, followLinks,
                    maxDepth, st.mountId());
            walk.pending = walk.enter(start, st, path, 0);
            start = null; // enter took it
        } finally {
            if (start != null) {
                start.close();
            }
        }
        return walk;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !closed) {
            pending = advance();
            if (pending == null) {
                close();
            }
        }
        return pending != null;
    }

    @Override
    public WalkEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        WalkEntry e = pending;
        pending = null;
        return e;
    }

    /** The next entry, or null at the end. */
    private WalkEntry advance() {
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next == f.entries.size()) {
                pop();
                continue;
            }
            Sys.Dirent d = f.entries.get(f.next++);
            String path = f.path.endsWith("/") ? f.path + PathBytes.decode(d.name())
                    : f.path + "/" + PathBytes.decode(d.name());
            int parent;
            try {
                parent = descriptorOf(f);
            } catch (SyscallException e) {
                pop();
                return new WalkEntry(f.path, f.depth, FileType.DIRECTORY, f.identity.ino(),
                        Failures.translate(e, f.path));
            }
            OwnedFd child;
            Statx st;
            try {
                child = OwnedFd.adopt(Sys.openat(parent, d.name(), Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0));
            } catch (SyscallException e) {
                if (e.errno() == ErrnoNames.ENOENT) {
                    continue; // removed since the listing: nothing to report
                }
                return new WalkEntry(path, f.depth + 1, typeOf(d), d.ino(), Failures.translate(e, path));
            }
            try {
                st = Sys.fstatx(child.get(), Linux.STATX_TYPE | Linux.STATX_INO | Linux.STATX_MNT_ID);
                if (followLinks && st.isSymlink()) {
                    OwnedFd target;
                    try {
                        target = resolver.resolve(root.get(), PathBytes.of(path), followFlags);
                    } catch (SyscallException e) {
                        child.close();
                        // a dangling link is reported as the link it is, as Files.walk does
                        return new WalkEntry(path, f.depth + 1, FileType.SYMLINK, st.ino(),
                                e.errno() == ErrnoNames.ENOENT ? null : Failures.translate(e, path));
                    }
                    child.close();
                    child = target;
                    st = Sys.fstatx(child.get(), Linux.STATX_TYPE | Linux.STATX_INO | Linux.STATX_MNT_ID);
                }
            } catch (SyscallException e) {
                child.close();
                return new WalkEntry(path, f.depth + 1, typeOf(d), d.ino(), Failures.translate(e, path));
            }
            return enter(child, st, path, f.depth + 1);
        }
        return null;
    }

    /**
     * Reports {@code fd} (owned from here on) at {@code path}; a directory within the depth
     * limit is listed and pushed, or reported with the reason it cannot be.
     */
    private WalkEntry enter(OwnedFd fd, Statx st, String path, int depth) {
        FileType type = FileType.ofMode(st.mode());
        if (type != FileType.DIRECTORY || depth >= maxDepth) {
            fd.close();
            return new WalkEntry(path, depth, type, st.ino(), null);
        }
        Identity identity = Identity.of(st);
        SyscallException refused = null;
        if (stack.stream().anyMatch(f -> f.identity.equals(identity))) {
            refused = new SyscallException(ErrnoNames.ELOOP, "walk: a link back to a directory being walked");
        } else if (noXdev && st.mountId() != startMount) {
            refused = new SyscallException(ErrnoNames.EXDEV, "walk: will not cross into another mount");
        }
        if (refused != null) {
            fd.close();
            return new WalkEntry(path, depth, type, st.ino(), Failures.translate(refused, path));
        }
        List<Sys.Dirent> entries;
        try (OwnedFd listing = OwnedFd.adopt(Sys.openat(fd.get(), Components.DOT,
                Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            entries = Sys.readDirectory(listing.get());
        } catch (SyscallException e) {
            fd.close();
            return new WalkEntry(path, depth, type, st.ino(), Failures.translate(e, path));
        }
        stack.push(new Frame(path, depth, identity, entries, fd));
        held++;
        letGo();
        return new WalkEntry(path, depth, type, st.ino(), null);
    }

    /** The descriptor of {@code f}, resolved again (and checked to be the same directory) if it was let go. */
    private int descriptorOf(Frame f) throws SyscallException {
        if (f.fd == null) {
            OwnedFd again = resolver.resolve(root.get(), PathBytes.of(f.path), followFlags);
            try {
                if (!f.identity.equals(Identity.of(again.get()))) {
                    throw new SyscallException(ErrnoNames.ESTALE, "walk: the directory changed during the walk");
                }
            } catch (SyscallException | RuntimeException e) {
                again.close();
                throw e;
            }
            f.fd = again;
            held++;
            letGo();
        }
        return f.fd.get();
    }

    /** Closes the shallowest held descriptors until at most {@link #HELD} are held. */
    private void letGo() {
        for (var it = stack.descendingIterator(); held > HELD && it.hasNext(); ) {
            Frame f = it.next();
            if (f.fd != null && f != stack.peek()) {
                f.fd.close();
                f.fd = null;
                held--;
            }
        }
    }

    private void pop() {
        Frame f = stack.pop();
        if (f.fd != null) {
            f.fd.close();
            held--;
        }
    }

    private static FileType typeOf(Sys.Dirent d) {
        return d.type() != Linux.DT_UNKNOWN ? FileType.ofMode(d.type() << 12) : FileType.REGULAR_FILE;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!stack.isEmpty()) {
            pop();
        }
        root.close();
    }
}
