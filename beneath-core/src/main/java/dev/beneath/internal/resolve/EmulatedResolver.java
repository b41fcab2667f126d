package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayDeque;

/**
 * The resolver for kernels (or sandboxes) without {@code openat2}: a walk of single
 * components, each opened with {@code openat(parent, name, O_PATH|O_NOFOLLOW)}, symlinks read
 * with {@code readlinkat} and expanded by the walker itself.
 *
 * <p>{@code ..} is never asked of the kernel. The walker keeps the descriptors of the
 * directories it came down through and {@code ..} returns to the previous one, so a directory
 * moved out of the root mid-walk cannot lead the walk out with it, and {@code ..} at the root
 * stays there (IN_ROOT) or fails with {@code EXDEV} (BENEATH), as {@code openat2} does.
 *
 * <p>Magic links ({@code /proc/PID/fd/N}, {@code cwd}, {@code root}, {@code exe},
 * {@code map_files/*}, {@code ns/*}) live only in the per-process part of procfs; the ordinary
 * procfs symlinks ({@code self}, {@code thread-self}, {@code mounts}, {@code fs/xfs/stat}, ...)
 * are registered entries, numbered from {@link Linux#PROC_DYNAMIC_FIRST} up. A procfs symlink
 * below that number is refused with {@code ELOOP}, as {@code RESOLVE_NO_MAGICLINKS} does; one
 * above it is expanded like any symlink, whatever its text (it may be absolute). The readlink
 * text of a magic link says nothing reliable: {@code /dev/null}, {@code pipe:[123]} and
 * {@code anon_inode:inotify} are all magic.
 */
public final class EmulatedResolver implements Resolver {
    private static final int STEP_FLAGS = Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;
    private static final byte[] EMPTY = new byte[0];

    /** One path component, and whether a slash followed it in the text it came from. */
    private record Component(byte[] name, boolean slashAfter) {
        boolean isDot() {
            return name.length == 1 && name[0] == '.';
        }

        boolean isDotDot() {
            return name.length == 2 && name[0] == '.' && name[1] == '.';
        }
    }

    @Override
    public OwnedFd resolve(int rootFd, byte[] path, int flags) throws SyscallException {
        if (path.length == 0) {
            throw new SyscallException(ErrnoNames.ENOENT, "resolve: empty path");
        }
        try (Walk walk = new Walk(rootFd, flags)) {
            return walk.run(path);
        }
    }

    /** The state of one resolution; owns every descriptor it opened until it hands one out. */
    private static final class Walk implements AutoCloseable {
        private final int rootFd;
        private final boolean beneath;
        private final boolean noSymlinks;
        private final boolean noXdev;
        private final boolean noFollow;
        private final long rootMountId;
        /** Directories between the root (exclusive) and {@link #current}, outermost first. */
        private final ArrayDeque<OwnedFd> parents = new ArrayDeque<>();
        private final ArrayDeque<Component> pending = new ArrayDeque<>();
        /** The directory the walk stands in; null for the root itself. */
        private OwnedFd current;
        private boolean currentIsDirectory = true;
        private int linksFollowed;

        Walk(int rootFd, int flags) throws SyscallException {
            this.rootFd = rootFd;
            this.beneath = Lookup.has(flags, Lookup.BENEATH);
            this.noSymlinks = Lookup.has(flags, Lookup.NO_SYMLINKS);
            this.noXdev = Lookup.has(flags, Lookup.NO_XDEV);
            this.noFollow = Lookup.has(flags, Lookup.NO_FOLLOW);
            this.rootMountId = noXdev ? Sys.fstatx(rootFd, Linux.STATX_MNT_ID).mountId() : 0;
        }

        OwnedFd run(byte[] path) throws SyscallException {
            if (path[0] == '/') {
                startOver();
            }
            pushFront(path, false);
            while (!pending.isEmpty()) {
                Component c = pending.pollFirst();
                boolean last = pending.isEmpty();
                if (!currentIsDirectory) {
                    throw new SyscallException(ErrnoNames.ENOTDIR, "resolve");
                }
                if (c.isDot()) {
                    continue;
                }
                if (c.isDotDot()) {
                    up();
                    continue;
                }
                if ((!last || c.slashAfter()) && !noXdev) {
                    OwnedFd directory = openDirectory(c.name());
                    if (directory != null) {
                        if (last) {
                            return directory;
                        }
                        descend(directory, true);
                        continue;
                    }
                }
                OwnedFd next = OwnedFd.adopt(Sys.openat(dir(), c.name(), STEP_FLAGS, 0));
                Statx st;
                try {
                    st = Sys.fstatx(next.get(), Linux.STATX_TYPE | (noXdev ? Linux.STATX_MNT_ID : 0));
                    if (noXdev && st.mountId() != rootMountId) {
                        throw new SyscallException(ErrnoNames.EXDEV, "resolve: crosses a mount");
                    }
                } catch (SyscallException | RuntimeException e) {
                    next.close();
                    throw e;
                }
                if (st.isSymlink()) {
                    boolean trailing = last && !c.slashAfter();
                    if (trailing && noFollow) {
                        return next;
                    }
                    follow(next, c.slashAfter());
                    continue;
                }
                if (last) {
                    if (c.slashAfter() && !st.isDirectory()) {
                        next.close();
                        throw new SyscallException(ErrnoNames.ENOTDIR, "resolve");
                    }
                    return next;
                }
                descend(next, st.isDirectory());
            }
            return takeCurrent();
        }

        /**
         * The fast step for a component that must be a directory: {@code O_DIRECTORY} makes the
         * kernel refuse anything else, a symlink included ({@code O_NOFOLLOW}), so no statx is
         * needed to learn the type. Null when the entry is not a directory; the caller then
         * takes the general step, which opens the entry again and looks at what it is then.
         */
        private OwnedFd openDirectory(byte[] name) throws SyscallException {
            try {
                return OwnedFd.adopt(Sys.openat(dir(), name, STEP_FLAGS | Linux.O_DIRECTORY, 0));
            } catch (SyscallException e) {
                if (e.errno() == ErrnoNames.ENOTDIR) {
                    return null;
                }
                throw e;
            }
        }

        private int dir() {
            return current == null ? rootFd : current.get();
        }

        private void descend(OwnedFd next, boolean isDirectory) {
            if (current != null) {
                parents.addLast(current);
            }
            current = next;
            currentIsDirectory = isDirectory;
        }

        private void up() throws SyscallException {
            if (current == null) {
                if (beneath) {
                    throw new SyscallException(ErrnoNames.EXDEV, "resolve: .. at the root");
                }
                return;
            }
            current.close();
            current = parents.pollLast();
            currentIsDirectory = true;
        }

        private void startOver() throws SyscallException {
            if (beneath) {
                throw new SyscallException(ErrnoNames.EXDEV, "resolve: absolute path");
            }
            closeStack();
            currentIsDirectory = true;
        }

        /** Expands the symlink {@code link} (consumed) in place of the component that named it. */
        private void follow(OwnedFd link, boolean slashAfter) throws SyscallException {
            byte[] target;
            try {
                if (noSymlinks || ++linksFollowed > Linux.MAXSYMLINKS) {
                    throw new SyscallException(ErrnoNames.ELOOP, "resolve");
                }
                if (isMagicLink(link)) {
                    throw new SyscallException(ErrnoNames.ELOOP, "resolve: magic link");
                }
                target = Sys.readlinkat(link.get(), EMPTY);
            } finally {
                link.close();
            }
            if (target.length == 0) {
                throw new SyscallException(ErrnoNames.ENOENT, "resolve: empty symlink");
            }
            if (target[0] == '/') {
                startOver();
            }
            pushFront(target, slashAfter);
        }

        private static boolean isMagicLink(OwnedFd link) throws SyscallException {
            return Sys.fstatfsType(link.get()) == Linux.PROC_SUPER_MAGIC
                    && Sys.fstatx(link.get(), Linux.STATX_INO).ino() < Linux.PROC_DYNAMIC_FIRST;
        }

        /**
         * Queues the components of {@code text} ahead of what is pending. {@code slashAfter}
         * carries a slash that followed the symlink naming {@code text} to its last component.
         */
        private void pushFront(byte[] text, boolean slashAfter) {
            int end = text.length;
            boolean slash = slashAfter;
            while (end > 0) {
                while (end > 0 && text[end - 1] == '/') {
                    end--;
                    slash = true;
                }
                if (end == 0) {
                    break;
                }
                int start = end;
                while (start > 0 && text[start - 1] != '/') {
                    start--;
                }
                byte[] name = new byte[end - start];
                System.arraycopy(text, start, name, 0, name.length);
                pending.addFirst(new Component(name, slash));
                end = start;
                slash = false;
            }
        }

        private OwnedFd takeCurrent() throws SyscallException {
            if (current == null) {
                return OwnedFd.adopt(Sys.dupCloexec(rootFd));
            }
            OwnedFd result = current;
            current = null;
            return result;
        }

        private void closeStack() {
            if (current != null) {
                current.close();
                current = null;
            }
            for (OwnedFd fd; (fd = parents.pollLast()) != null; ) {
                fd.close();
            }
        }

        @Override
        public void close() {
            closeStack();
        }
    }
}
