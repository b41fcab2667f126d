package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The resolver for kernels (or sandboxes) without {@code openat2}: a walk of single
 * components, each opened with {@code openat(parent, name, O_PATH|O_NOFOLLOW)}, symlinks read
 * with {@code readlinkat} and expanded by the walker itself.
 *
 * <p>{@code ..} never climbs anywhere the walk did not come down through. The walker remembers
 * the directories it came down through and {@code ..} returns to the previous one, so a
 * directory moved out of the root mid-walk cannot lead the walk out with it, and {@code ..} at
 * the root stays there (IN_ROOT) or fails with {@code EXDEV} (BENEATH), as {@code openat2} does.
 * Descriptors are bounded whatever the depth: the {@link #WINDOW} nearest directories are held
 * open; farther ones are remembered by dev/ino only, and a {@code ..} back to one of them opens
 * the kernel's {@code ..} of the current directory and accepts it only if it is that very
 * directory. If it is not (a directory on the way was moved), the walk starts again, at most
 * {@link Openat2Resolver#EAGAIN_RETRIES} times, and then fails with {@code EAGAIN}. Unlike
 * {@code openat2}'s {@code EAGAIN}, which any rename anywhere on the system can cause, this one
 * needs a directory on this very path to move; the openat2 backend hands a lookup the kernel
 * keeps refusing to this walk for that reason.
 *
 * <p>Magic links ({@code /proc/PID/fd/N}, {@code cwd}, {@code root}, {@code exe},
 * {@code map_files/*}, {@code ns/*}) live only in the per-process part of procfs; the ordinary
 * procfs symlinks ({@code self}, {@code thread-self}, {@code mounts}, {@code fs/xfs/stat}, ...)
 * are registered entries, numbered from {@link Linux#PROC_DYNAMIC_FIRST} up. A procfs symlink
 * below that number is refused with {@code ELOOP}, as {@code RESOLVE_NO_MAGICLINKS} does; one
 * above it is expanded like any symlink, whatever its text (it may be absolute). The readlink
 * text of a magic link says nothing reliable: {@code /dev/null}, {@code pipe:[123]} and
 * {@code anon_inode:inotify} are all magic. The object found is refused with {@code EXDEV}
 * when it lies on procfs or sysfs, unless {@link Lookup#PSEUDO_FILESYSTEMS} is given (the same
 * check the openat2 backend makes); a path that only passes through them to another
 * filesystem mounted below them is not refused.
 */
public final class EmulatedResolver implements Resolver {
    private static final int STEP_FLAGS = Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;
    /** How many of the directories above the current one a walk holds open. */
    static final int WINDOW = 16;

    /** One path component, and whether a slash followed it in the text it came from. */
    private record Component(byte[] name, boolean slashAfter) {
        boolean isDot() {
            return Components.isDot(name);
        }

        boolean isDotDot() {
            return Components.isDotDot(name);
        }
    }

    @Override
    public OwnedFd resolve(int rootFd, byte[] path, int flags) throws SyscallException {
        return resolve(rootFd, path, flags, RootMount.UNKNOWN);
    }

    @Override
    public RootMount rootMount(int rootFd) throws SyscallException {
        return RootMount.of(rootFd);
    }

    /**
     * The walk's last {@code statx} also asks for the mount id when the root's is known and
     * the root is on neither procfs nor sysfs: an object on the root's own mount then needs
     * no {@code fstatfs}. Any other object (another mount, a kernel that does not report the
     * id, a path that ends in {@code .} or a slash) is checked with {@code fstatfs} as before.
     */
    @Override
    public OwnedFd resolve(int rootFd, byte[] path, int flags, RootMount rootMount) throws SyscallException {
        if (path.length == 0) {
            throw new SyscallException(ErrnoNames.ENOENT, "resolve: empty path");
        }
        RootMount trusted = Lookup.has(flags, Lookup.ROOT_ON_PLAIN_FILESYSTEM)
                && !Lookup.has(flags, Lookup.PSEUDO_FILESYSTEMS) ? rootMount : RootMount.UNKNOWN;
        for (int attempt = 1; ; attempt++) {
            try (Walk walk = new Walk(rootFd, flags, trusted)) {
                OwnedFd found = walk.run(path);
                return walk.foundOnRootMount ? found : Lookup.refusePseudoFilesystems(found, flags);
            } catch (SyscallException e) {
                if (e.errno() != ErrnoNames.EAGAIN || attempt >= Openat2Resolver.EAGAIN_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * A directory the walk came down through: its descriptor while it is among the
     * {@link #WINDOW} nearest, and its identity once the descriptor is closed.
     */
    private static final class Ancestor {
        OwnedFd fd;
        Identity identity;

        Ancestor(OwnedFd fd) {
            this.fd = fd;
        }

        /** Closes the descriptor and keeps what is needed to recognise the directory again. */
        void forget() throws SyscallException {
            identity = Identity.of(fd.get());
            fd.close();
            fd = null;
        }

        void close() {
            if (fd != null) {
                fd.close();
                fd = null;
            }
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
        /** The root's mount when it is on a plain filesystem and its id is known; else UNKNOWN. */
        private final RootMount plainRootMount;
        /** Set when the object returned was seen (statx) on {@link #plainRootMount}. */
        boolean foundOnRootMount;
        /**
         * Directories between the root (exclusive) and {@link #current}, outermost first; the
         * last {@link #openAncestors} of them hold a descriptor.
         */
        private final ArrayList<Ancestor> parents = new ArrayList<>();
        private int openAncestors;
        private final ArrayDeque<Component> pending = new ArrayDeque<>();
        /** The directory the walk stands in; null for the root itself. */
        private OwnedFd current;
        private boolean currentIsDirectory = true;
        private int linksFollowed;

        Walk(int rootFd, int flags, RootMount plainRootMount) throws SyscallException {
            this.rootFd = rootFd;
            this.plainRootMount = plainRootMount;
            this.beneath = Lookup.has(flags, Lookup.BENEATH);
            this.noSymlinks = Lookup.has(flags, Lookup.NO_SYMLINKS);
            this.noXdev = Lookup.has(flags, Lookup.NO_XDEV);
            this.noFollow = Lookup.has(flags, Lookup.NO_FOLLOW);
            this.rootMountId = noXdev ? Sys.fstatx(rootFd, Linux.STATX_MNT_ID).mountId() : 0;
        }

        OwnedFd run(byte[] path) throws SyscallException {
            // an absolute path starts at the root this walk was given, never at the host's /:
            // under BENEATH startOver refuses it, under IN_ROOT it drops every open ancestor
            if (path[0] == '/') {
                startOver();
            }
            // components are taken one at a time from a queue that link targets are pushed
            // onto, so no *at() call ever gets more than one name to resolve on its own
            pushFront(path, false);
            while (!pending.isEmpty()) {
                Component c = pending.pollFirst();
                boolean last = pending.isEmpty();
                // a file, fifo or socket in the middle is ENOTDIR, as the kernel says it: the
                // walk never opens through it (a fifo would block a read open forever)
                if (!currentIsDirectory) {
                    throw new SyscallException(ErrnoNames.ENOTDIR, "resolve");
                }
                if (c.isDot()) {
                    continue;
                }
                // .. pops the walk's own record of the directories it came through; the kernel's
                // .. is never asked, because a directory the attacker moved out of the root has a
                // .. outside it. At the root, .. stays there (IN_ROOT) or is EXDEV (BENEATH)
                if (c.isDotDot()) {
                    up();
                    continue;
                }
                // a component that must be a directory is opened with O_DIRECTORY|O_NOFOLLOW in
                // one call, which refuses a link or a non-directory without a statx. Skipped under
                // noXdev: that step must look at the mount id of what it opened anyway, so the
                // general step below (open, then statx of the descriptor) costs no more
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
                // O_PATH|O_NOFOLLOW: the entry itself is opened, a link included, and nothing is
                // read or blocked on; what it is is then asked of the descriptor, not the name, so
                // a swap after the open changes nothing
                OwnedFd next = OwnedFd.adopt(Sys.openat(dir(), c.name(), STEP_FLAGS, 0));
                Statx st;
                try {
                    // noXdev compares STATX_MNT_ID itself; otherwise the last component's statx
                    // asks for the mount id the root was learnt with (see resolve)
                    st = Sys.fstatx(next.get(), Linux.STATX_TYPE | (noXdev ? Linux.STATX_MNT_ID
                            : last ? plainRootMount.mask() : 0));
                    if (noXdev && st.mountId() != rootMountId) {
                        throw new SyscallException(ErrnoNames.EXDEV, "resolve: crosses a mount");
                    }
                } catch (SyscallException | RuntimeException e) {
                    next.close();
                    throw e;
                }
                // a link is read through its descriptor (readlinkat on the O_PATH fd) and its target
                // pushed onto the queue: the walk, not the kernel, follows it, counting to
                // MAXSYMLINKS (40); a magic link (known by its procfs inode, not its text) is
                // ELOOP; an absolute target starts over at the root
                if (st.isSymlink()) {
                    boolean trailing = last && !c.slashAfter();
                    if (trailing && noFollow) {
                        foundOnRootMount = plainRootMount.holds(st);
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
                    foundOnRootMount = plainRootMount.holds(st);
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

        private void descend(OwnedFd next, boolean isDirectory) throws SyscallException {
            if (current != null) {
                parents.add(new Ancestor(current));
                openAncestors++;
            }
            current = next;
            currentIsDirectory = isDirectory;
            if (openAncestors > WINDOW) {
                openAncestors--;
                parents.get(parents.size() - 1 - openAncestors).forget();
            }
        }

        private void up() throws SyscallException {
            if (current == null) {
                if (beneath) {
                    throw new SyscallException(ErrnoNames.EXDEV, "resolve: .. at the root");
                }
                return;
            }
            if (parents.isEmpty()) {
                current.close();
                current = null;
                currentIsDirectory = true;
                return;
            }
            Ancestor above = parents.removeLast();
            OwnedFd parent;
            if (above.fd != null) {
                openAncestors--;
                parent = above.fd;
            } else {
                parent = reopenAbove(above);
            }
            current.close();
            current = parent;
            currentIsDirectory = true;
        }

        /**
         * The kernel's {@code ..} of the current directory, accepted only when it is
         * {@code above}: otherwise a directory on the way was moved and the walk is asked again
         * ({@code EAGAIN}).
         */
        private OwnedFd reopenAbove(Ancestor above) throws SyscallException {
            OwnedFd parent = above.identity.openAsParentOf(current.get(), Identity.PATH_DIRECTORY);
            if (parent == null) {
                throw new SyscallException(ErrnoNames.EAGAIN, "resolve: a directory was moved during ..");
            }
            return parent;
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
                target = Sys.readlinkat(link.get(), Components.EMPTY);
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
            boolean slash = slashAfter;
            for (int end = text.length; ; ) {
                int nameEnd = Components.trimSlashes(text, end);
                if (nameEnd < end) {
                    slash = true;
                }
                if (nameEnd == 0) {
                    break;
                }
                int start = Components.nameStart(text, nameEnd);
                pending.addFirst(new Component(Arrays.copyOfRange(text, start, nameEnd), slash));
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
            parents.forEach(Ancestor::close);
            parents.clear();
            openAncestors = 0;
        }

        @Override
        public void close() {
            closeStack();
        }
    }
}
