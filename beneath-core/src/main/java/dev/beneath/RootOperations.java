package dev.beneath;

import dev.beneath.internal.procfs.ProcFs;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The mutating operations of a {@link Root}. Each resolves the parent of the final component
 * with the root's resolver, pins it by descriptor, and makes exactly one {@code *at()} call
 * with that single component (DESIGN §4 rule 2); nothing here ever follows a symlink in the
 * final component when creating or removing.
 */
final class RootOperations {
    private static final int MODE_BITS = 07777;

    private final Resolver resolver;
    /** The root's {@link Lookup} flags, applied to every path these operations resolve. */
    private final int lookupFlags;
    private final IntConsumer lookedUp;

    RootOperations(Resolver resolver, int lookupFlags) {
        this(resolver, lookupFlags, bytes -> { });
    }

    /** With {@code lookedUp} told the length of every path {@link #mkdirAll} looks up (tests bound the cost with it). */
    RootOperations(Resolver resolver, int lookupFlags, IntConsumer lookedUp) {
        this.resolver = resolver;
        this.lookupFlags = lookupFlags;
        this.lookedUp = lookedUp;
    }

    /** The flags for resolving the parent of a final component: always followed. */
    private int parentFlags() {
        return lookupFlags & ~Lookup.NO_FOLLOW;
    }

    /** The flags for resolving an entry that is acted on itself, never followed. */
    private int entryFlags() {
        return lookupFlags | Lookup.NO_FOLLOW;
    }

    /** A pinned parent directory and the single final component to act on in it. */
    record Entry(OwnedFd parent, byte[] name, boolean trailingSlash) implements AutoCloseable {
        @Override
        public void close() {
            parent.close();
        }
    }

    /**
     * Splits {@code path} into its parent (resolved, in the root, following symlinks) and its
     * final component. A path naming the root itself fails with {@code rootErrno}; a final
     * {@code .} or {@code ..} fails with {@code EINVAL}, because it names no entry of its own.
     */
    Entry entry(int rootFd, String path, int rootErrno) throws SyscallException {
        byte[] bytes = PathBytes.of(path);
        if (bytes.length == 0) {
            throw new SyscallException(ErrnoNames.ENOENT, "empty path");
        }
        int end = Components.trimSlashes(bytes, bytes.length);
        boolean slash = end < bytes.length;
        int start = Components.nameStart(bytes, end);
        byte[] name = Arrays.copyOfRange(bytes, start, end);
        if (bytes[0] == '/' && Lookup.has(lookupFlags, Lookup.BENEATH)) {
            throw new SyscallException(ErrnoNames.EXDEV, "an absolute path under BENEATH");
        }
        if (name.length == 0 || start == 0 && Components.isDot(name)) {
            throw new SyscallException(rootErrno, "the path names the root");
        }
        if (Components.isDot(name) || Components.isDotDot(name)) {
            throw new SyscallException(ErrnoNames.EINVAL, "the final component is . or ..");
        }
        if (name.length > Linux.NAME_MAX) {
            throw new SyscallException(ErrnoNames.ENAMETOOLONG, "final component");
        }
        byte[] parentPath = start == 0 ? Components.DOT : Arrays.copyOfRange(bytes, 0, start);
        OwnedFd parent = resolver.resolve(rootFd, parentPath, parentFlags());
        try {
            if (!Sys.fstatx(parent.get(), Linux.STATX_TYPE).isDirectory()) {
                throw new SyscallException(ErrnoNames.ENOTDIR, "parent");
            }
            return new Entry(parent, name, slash);
        } catch (SyscallException | RuntimeException e) {
            parent.close();
            throw e;
        }
    }

    /**
     * A trailing slash demands a directory, as the kernel does for rename and removal: the
     * entry itself (a symlink is not followed) must be one, or the answer is {@code ENOTDIR}.
     */
    private static void slashMeansDirectory(Entry e, boolean slash) throws SyscallException {
        if (slash && !Sys.statx(e.parent().get(), e.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE)
                .isDirectory()) {
            throw new SyscallException(ErrnoNames.ENOTDIR, "trailing slash on a non-directory");
        }
    }

    // ---- directories ----------------------------------------------------------------------

    /**
     * {@code mkdir} of one entry with exactly {@code mode} (setgid inherited as the kernel does),
     * returning an {@code O_PATH} descriptor on the directory it made.
     */
    OwnedFd mkdir(int rootFd, String path, int mode) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EEXIST)) {
            return makeDirectory(e.parent(), e.name(), mode, false);
        }
    }

    /**
     * Creates {@code name} in {@code parent} (or, when {@code mayExist}, accepts a directory a
     * racing creator made) and returns an {@code O_PATH} descriptor on it. A symlink there,
     * dangling or not, is never followed: {@code ENOTDIR}.
     */
    static OwnedFd makeDirectory(OwnedFd parent, byte[] name, int mode, boolean mayExist)
            throws SyscallException {
        boolean created = true;
        try {
            Sys.mkdirat(parent.get(), name, mode & MODE_BITS);
        } catch (SyscallException e) {
            if (!mayExist || e.errno() != ErrnoNames.EEXIST) {
                throw e;
            }
            created = false;
        }
        OwnedFd dir = OwnedFd.adopt(Sys.openat(parent.get(), name,
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0));
        try {
            if (created) {
                Statx parentStat = Sys.fstatx(parent.get(), Linux.STATX_MODE);
                int inherited = parentStat.mode() & Linux.S_ISGID;
                chmod(dir.get(), (mode & MODE_BITS) | inherited);
            }
            return dir;
        } catch (SyscallException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Sets the exact mode of the object {@code fd} holds, without going back to a path. */
    static void chmod(int fd, int mode) throws SyscallException {
        try {
            Sys.fchmodat2(fd, Components.EMPTY, mode, Linux.AT_EMPTY_PATH);
        } catch (SyscallException e) {
            if (e.errno() != ErrnoNames.ENOSYS && e.errno() != ErrnoNames.EINVAL
                    && e.errno() != ErrnoNames.EOPNOTSUPP && e.errno() != ErrnoNames.EPERM) {
                throw e;
            }
            ProcFs.shared().chmod(fd, mode);
        }
    }

    /**
     * {@code mkdir -p}: the existing part of the path is resolved in the root (symlinks
     * followed inside it); each missing directory is created with one {@code mkdirat} on its
     * pinned parent. {@code ..} in the missing part fails with {@code ENOENT}; a racing
     * creator's directory is accepted; a symlink or file in the way is {@code ENOTDIR}.
     *
     * <p>The cost is linear in the path: one lookup of the whole path (enough when it all
     * exists), then, when something is missing, one forward walk that steps each component
     * from the directory before it. A step is a lookup of that single component confined
     * beneath the current directory; only what cannot be answered from there (a symlink that
     * climbs above it or is absolute, a {@code ..} above where the walk knows its way back) is
     * looked up again from the root, and that happens at most once per symlink the path
     * follows (40 at most) and once per run of such {@code ..}.
     */
    OwnedFd mkdirAll(int rootFd, String path, int mode, int lookupFlags) throws SyscallException {
        byte[] bytes = PathBytes.of(path);
        if (bytes.length == 0) {
            throw new SyscallException(ErrnoNames.ENOENT, "mkdirAll: empty path");
        }
        int flags = lookupFlags & ~Lookup.NO_FOLLOW;
        try {
            OwnedFd whole = lookup(rootFd, bytes, flags);
            try {
                requireDirectory(whole);
                return whole;
            } catch (SyscallException | RuntimeException e) {
                whole.close();
                throw e;
            }
        } catch (SyscallException e) {
            if (e.errno() != ErrnoNames.ENOENT) {
                throw e;
            }
        }
        List<byte[]> components = Components.split(bytes);
        try (ExistingPart existing = new ExistingPart(rootFd, bytes[0] == '/', components, flags)) {
            int missing = existing.walk();
            // check the whole missing part before creating anything, so a refusal leaves no trace
            for (int i = missing; i < components.size(); i++) {
                byte[] name = components.get(i);
                if (Components.isDotDot(name)) {
                    throw new SyscallException(ErrnoNames.ENOENT, "mkdirAll: .. in the part that does not exist");
                }
                if (name.length > Linux.NAME_MAX) {
                    throw new SyscallException(ErrnoNames.ENAMETOOLONG, "mkdirAll");
                }
            }
            OwnedFd current = existing.take();
            try {
                requireDirectory(current);
                for (int i = missing; i < components.size(); i++) {
                    byte[] name = components.get(i);
                    if (Components.isDot(name)) {
                        continue;
                    }
                    OwnedFd next = makeDirectory(current, name, mode, true);
                    current.close();
                    current = next;
                }
                return current;
            } catch (SyscallException | RuntimeException e) {
                current.close();
                throw e;
            }
        }
    }

    private static void requireDirectory(OwnedFd fd) throws SyscallException {
        if (!Sys.fstatx(fd.get(), Linux.STATX_TYPE).isDirectory()) {
            throw new SyscallException(ErrnoNames.ENOTDIR, "mkdirAll");
        }
    }

    /** Every lookup this class makes goes through here, so that tests can count what is looked up. */
    private OwnedFd lookup(int dirFd, byte[] path, int flags) throws SyscallException {
        lookedUp.accept(path.length);
        return resolver.resolve(dirFd, path, flags);
    }

    /**
     * The forward walk of {@link #mkdirAll} through the part of the path that exists. It
     * stands in a directory (null: the root) and remembers, by dev/ino, the directories it
     * stepped down from since it last knew where it was, so that a {@code ..} can go back
     * without a lookup from the root.
     */
    private final class ExistingPart implements AutoCloseable {
        private final int rootFd;
        private final boolean absolute;
        private final List<byte[]> components;
        private final int flags;
        private OwnedFd current;
        /** The directories stepped down from, nearest last; the first is the root (null) when {@link #fromRoot}. */
        private final ArrayList<Identity> above = new ArrayList<>();
        /** True while the walk's way back leads to the root, not to a directory a lookup landed in. */
        private boolean fromRoot = true;

        ExistingPart(int rootFd, boolean absolute, List<byte[]> components, int flags) {
            this.rootFd = rootFd;
            this.absolute = absolute;
            this.components = components;
            this.flags = flags;
        }

        /** Walks as far as the path exists; returns the index of the first missing component. */
        int walk() throws SyscallException {
            if (absolute && Lookup.has(flags, Lookup.BENEATH)) {
                throw new SyscallException(ErrnoNames.EXDEV, "mkdirAll: absolute path");
            }
            for (int i = 0; i < components.size(); i++) {
                byte[] name = components.get(i);
                if (Components.isDot(name)) {
                    continue;
                }
                if (Components.isDotDot(name)) {
                    if (!climb()) {
                        // unknown way back: one lookup from the root through the whole run of ..
                        int end = i;
                        while (end + 1 < components.size() && isDots(components.get(end + 1))) {
                            end++;
                        }
                        if (!lookUpFromRoot(end + 1)) {
                            return i;
                        }
                        i = end;
                    }
                    continue;
                }
                OwnedFd next;
                try {
                    next = lookup(dir(), name, flags | Lookup.BENEATH);
                } catch (SyscallException e) {
                    if (e.errno() == ErrnoNames.ENOENT) {
                        return i;
                    }
                    if (e.errno() != ErrnoNames.EXDEV) {
                        throw e;
                    }
                    // a symlink that leaves the directory it is in: ask from the root
                    if (!lookUpFromRoot(i + 1)) {
                        return i;
                    }
                    continue;
                }
                Identity here;
                try {
                    here = current == null ? null : Identity.of(current.get());
                } catch (SyscallException | RuntimeException e) {
                    next.close();
                    throw e;
                }
                above.add(here);
                replace(next);
            }
            return components.size();
        }

        private boolean isDots(byte[] name) {
            return Components.isDot(name) || Components.isDotDot(name);
        }

        private int dir() {
            return current == null ? rootFd : current.get();
        }

        /** {@code ..} by the remembered way back; false when the walk does not know it. */
        private boolean climb() throws SyscallException {
            if (above.isEmpty()) {
                if (!fromRoot || current != null) {
                    return false;
                }
                if (Lookup.has(flags, Lookup.BENEATH)) {
                    throw new SyscallException(ErrnoNames.EXDEV, "mkdirAll: .. at the root");
                }
                return true; // .. at the root stays there
            }
            Identity expected = above.removeLast();
            if (expected == null) {
                replace(null); // back at the root, whose descriptor is pinned
                return true;
            }
            OwnedFd parent = expected.openAsParentOf(current.get(), Identity.PATH_DIRECTORY);
            if (parent == null) {
                // moved since the walk came down: the way back is unknown now
                above.clear();
                fromRoot = false;
                return false;
            }
            replace(parent);
            return true;
        }

        /** Looks up the first {@code count} components from the root; false when that is missing. */
        private boolean lookUpFromRoot(int count) throws SyscallException {
            OwnedFd found;
            try {
                found = lookup(rootFd, Components.join(absolute, components, count), flags);
            } catch (SyscallException e) {
                if (e.errno() == ErrnoNames.ENOENT) {
                    return false;
                }
                throw e;
            }
            replace(found);
            above.clear();
            fromRoot = false;
            return true;
        }

        private void replace(OwnedFd next) {
            if (current != null) {
                current.close();
            }
            current = next;
        }

        /** The directory the walk stands in, now owned by the caller. */
        OwnedFd take() throws SyscallException {
            OwnedFd out = current != null ? current : OwnedFd.adopt(Sys.dupCloexec(rootFd));
            current = null;
            return out;
        }

        @Override
        public void close() {
            replace(null);
        }
    }

    // ---- files and links ------------------------------------------------------------------

    /**
     * Creates a new regular file, exclusively ({@code O_CREAT|O_EXCL|O_NOFOLLOW}: an existing
     * entry, a symlink included, is {@code EEXIST}), with exactly {@code mode}, and returns an
     * {@code O_PATH} descriptor on it.
     */
    OwnedFd createFile(int rootFd, String path, int mode) throws SyscallException {
        try (OwnedFd file = createExclusive(rootFd, path, Linux.O_WRONLY, mode, true)) {
            return ProcFs.shared().reopen(file.get(), Linux.O_PATH);
        }
    }

    /**
     * Creates and opens a new regular file with {@code O_CREAT|O_EXCL|O_NOFOLLOW} and the
     * given access flags. With {@code exactMode} the mode is set exactly afterwards; otherwise
     * the umask applies, as for {@link java.nio.file.Files#newByteChannel}.
     */
    OwnedFd createExclusive(int rootFd, String path, int accessFlags, int mode, boolean exactMode)
            throws SyscallException {
        byte[] single = singleName(path);
        if (single != null) {
            return createIn(rootFd, single, accessFlags, mode, exactMode);
        }
        try (Entry e = entry(rootFd, path, ErrnoNames.EEXIST)) {
            if (e.trailingSlash()) {
                throw new SyscallException(ErrnoNames.EISDIR, "create: trailing slash");
            }
            return createIn(e.parent().get(), e.name(), accessFlags, mode, exactMode);
        }
    }

    private static OwnedFd createIn(int parentFd, byte[] name, int accessFlags, int mode, boolean exactMode)
            throws SyscallException {
        OwnedFd file = OwnedFd.adopt(Sys.openat(parentFd, name,
                Linux.O_CREAT | Linux.O_EXCL | Linux.O_NOFOLLOW | Linux.O_NOCTTY | Linux.O_CLOEXEC | accessFlags,
                mode & MODE_BITS));
        try {
            if (exactMode) {
                Sys.fchmod(file.get(), mode & MODE_BITS);
            }
            return file;
        } catch (SyscallException | RuntimeException ex) {
            file.close();
            throw ex;
        }
    }

    /**
     * {@code path} itself when it is one plain name (no slash, not {@code .} or {@code ..},
     * within NAME_MAX): its parent is the root, pinned and a directory, so the single-component
     * call goes to the root's descriptor without a lookup, as {@link #entry} would resolve
     * {@code .} to the same directory. Null for anything else, which {@link #entry} handles.
     */
    private static byte[] singleName(String path) throws SyscallException {
        byte[] bytes = PathBytes.of(path);
        return Components.isPlainName(bytes) ? bytes : null;
    }

    /** True when {@code path}'s final component is a symlink (not followed). */
    boolean isSymlink(int rootFd, String path) throws SyscallException {
        try (OwnedFd fd = resolver.resolve(rootFd, PathBytes.of(path), entryFlags())) {
            return Sys.fstatx(fd.get(), Linux.STATX_TYPE).isSymlink();
        }
    }

    void symlink(int rootFd, String target, String path) throws SyscallException {
        byte[] targetBytes = PathBytes.of(target);
        if (targetBytes.length == 0) {
            throw new SyscallException(ErrnoNames.ENOENT, "symlink: empty target");
        }
        try (Entry e = entry(rootFd, path, ErrnoNames.EEXIST)) {
            if (e.trailingSlash()) {
                throw new SyscallException(ErrnoNames.ENOENT, "symlink: trailing slash");
            }
            Sys.symlinkat(targetBytes, e.parent().get(), e.name());
        }
    }

    byte[] readlink(int rootFd, String path) throws SyscallException {
        try (OwnedFd link = resolver.resolve(rootFd, PathBytes.of(path), entryFlags())) {
            if (!Sys.fstatx(link.get(), Linux.STATX_TYPE).isSymlink()) {
                throw new SyscallException(ErrnoNames.EINVAL, "readlink: not a symlink");
            }
            return Sys.readlinkat(link.get(), Components.EMPTY);
        }
    }

    /**
     * Makes {@code newPath} a second name of the object {@code existing} names (a symlink
     * there is linked itself, not followed). The object is linked through its descriptor, so
     * a swap of {@code existing} after it was resolved changes nothing.
     */
    void hardlink(int rootFd, String existing, String newPath) throws SyscallException {
        try (OwnedFd source = resolver.resolve(rootFd, PathBytes.of(existing), entryFlags());
             Entry target = targetEntry(rootFd, newPath, ErrnoNames.EEXIST)) {
            link(source.get(), target);
        }
    }

    /** Links the object {@code sourceFd} holds at {@code newPath}; failures concern {@code newPath}. */
    void linkDescriptor(int rootFd, int sourceFd, String newPath) throws SyscallException {
        try (Entry target = entry(rootFd, newPath, ErrnoNames.EEXIST)) {
            link(sourceFd, target); // one path: its caller names newPath whatever the mark says
        }
    }

    private static void link(int sourceFd, Entry target) throws SyscallException {
        if (target.trailingSlash()) {
            throw new SyscallException(ErrnoNames.ENOENT, "hardlink: trailing slash").aboutSecondPath();
        }
        try {
            Sys.linkat(sourceFd, Components.EMPTY, target.parent().get(), target.name(), Linux.AT_EMPTY_PATH);
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.EEXIST) {
                throw e.aboutSecondPath();
            }
            if (e.errno() != ErrnoNames.ENOENT && e.errno() != ErrnoNames.EPERM) {
                throw e;
            }
            // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the magic link does the same job
            try {
                ProcFs.shared().link(sourceFd, target.parent().get(), target.name());
            } catch (SyscallException again) {
                throw again.errno() == ErrnoNames.EEXIST ? again.aboutSecondPath() : again;
            }
        }
    }

    /** {@link #entry} for the second path of a two-path operation: failures are marked so. */
    private Entry targetEntry(int rootFd, String path, int rootErrno) throws SyscallException {
        try {
            return entry(rootFd, path, rootErrno);
        } catch (SyscallException e) {
            throw e.aboutSecondPath();
        }
    }

    // ---- removal --------------------------------------------------------------------------

    /** Removes a non-directory (a symlink itself, never its target). */
    void removeFile(int rootFd, String path) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EISDIR)) {
            if (e.trailingSlash()) {
                Statx st = Sys.statx(e.parent().get(), e.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE);
                throw new SyscallException(st.isDirectory() ? ErrnoNames.EISDIR : ErrnoNames.ENOTDIR, "removeFile");
            }
            Sys.unlinkat(e.parent().get(), e.name(), 0);
        }
    }

    /** Removes an empty directory. */
    void removeDir(int rootFd, String path) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EBUSY)) {
            Sys.unlinkat(e.parent().get(), e.name(), Linux.AT_REMOVEDIR);
        }
    }

    /**
     * Removes {@code path} and, if it is a directory, everything below it. Never follows a
     * symlink (a symlink is removed itself), never leaves the tree it started in, tolerates
     * entries vanishing under it, reads each directory once (linear in the entries), and holds
     * a fixed number of directory descriptors whatever the depth (see {@link TreeRemoval}).
     */
    void removeAll(int rootFd, String path) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EBUSY)) {
            slashMeansDirectory(e, e.trailingSlash());
            TreeRemoval.removeEntry(e.parent(), e.name());
        } catch (SyscallException e) {
            if (e.errno() != ErrnoNames.ENOENT) {
                throw e;
            }
        }
    }

    // ---- renaming and attributes ----------------------------------------------------------

    void rename(int rootFd, String from, String to, int flags) throws SyscallException {
        byte[] singleFrom = singleName(from);
        byte[] singleTo = singleName(to);
        if (singleFrom != null && singleTo != null) {
            renameIn(rootFd, singleFrom, rootFd, singleTo, flags);
            return;
        }
        try (Entry source = entry(rootFd, from, ErrnoNames.EBUSY);
             Entry target = targetEntry(rootFd, to, ErrnoNames.EBUSY)) {
            // a slash after either name says the source is a directory
            slashMeansDirectory(source, source.trailingSlash() || target.trailingSlash());
            renameIn(source.parent().get(), source.name(), target.parent().get(), target.name(), flags);
        }
    }

    private static void renameIn(int fromDir, byte[] from, int toDir, byte[] to, int flags) throws SyscallException {
        try {
            Sys.renameat2(fromDir, from, toDir, to, flags);
        } catch (SyscallException e) {
            // these say something about what is at the target's name
            boolean aboutTarget = e.errno() == ErrnoNames.EEXIST || e.errno() == ErrnoNames.ENOTEMPTY
                    || e.errno() == ErrnoNames.EISDIR;
            throw aboutTarget ? e.aboutSecondPath() : e;
        }
    }

    // ---- conditional removal, atomic replacement, temporary names --------------------------

    /**
     * Removes a non-directory or an empty directory, as {@link java.nio.file.Files#deleteIfExists}:
     * false when nothing has the name (or its parent is missing).
     */
    boolean removeIfExists(int rootFd, String path) throws SyscallException {
        Entry e;
        try {
            e = entry(rootFd, path, ErrnoNames.EBUSY);
        } catch (SyscallException missing) {
            if (missing.errno() == ErrnoNames.ENOENT) {
                return false;
            }
            throw missing;
        }
        try (e) {
            // a trailing slash demands a directory: a file of that name is ENOTDIR, never unlinked
            return TreeRemoval.removeOne(e.parent().get(), e.name(),
                    e.trailingSlash() ? TreeRemoval.Order.DIRECTORY_ONLY : TreeRemoval.Order.FILE_FIRST);
        }
    }

    /** How many random names {@link #createTemporary} tries before it gives up with {@code EEXIST}. */
    private static final int TEMPORARY_ATTEMPTS = 100;

    /** A fresh random name {@code prefix + digits + suffix}; the caller checked both are single components. */
    private static byte[] temporaryName(byte[] prefix, byte[] suffix) {
        byte[] digits = Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] name = Arrays.copyOf(prefix, prefix.length + digits.length + suffix.length);
        System.arraycopy(digits, 0, name, prefix.length, digits.length);
        System.arraycopy(suffix, 0, name, prefix.length + digits.length, suffix.length);
        return name;
    }

    /**
     * Creates, exclusively, a new file ({@code directory == false}, mode 0600) or directory
     * (mode 0700) with a random name in the directory {@code dir} names, and returns the
     * name. Nothing existing is ever reused: a taken name is tried again with another.
     */
    byte[] createTemporary(int rootFd, String dir, byte[] prefix, byte[] suffix, boolean directory)
            throws SyscallException {
        try (OwnedFd parent = resolver.resolve(rootFd, PathBytes.of(dir), parentFlags())) {
            if (!Sys.fstatx(parent.get(), Linux.STATX_TYPE).isDirectory()) {
                throw new SyscallException(ErrnoNames.ENOTDIR, "createTemp: not a directory");
            }
            for (int attempt = 1; ; attempt++) {
                byte[] name = temporaryName(prefix, suffix);
                if (name.length > Linux.NAME_MAX) {
                    throw new SyscallException(ErrnoNames.ENAMETOOLONG, "createTemp: prefix and suffix too long");
                }
                try {
                    if (directory) {
                        makeDirectory(parent, name, 0700, false).close();
                    } else {
                        Sys.close(Sys.openat(parent.get(), name, Linux.O_CREAT | Linux.O_EXCL | Linux.O_NOFOLLOW
                                | Linux.O_WRONLY | Linux.O_NOCTTY | Linux.O_CLOEXEC, 0600));
                    }
                    return name;
                } catch (SyscallException e) {
                    if (e.errno() != ErrnoNames.EEXIST || attempt >= TEMPORARY_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /** What an atomic replacement needs of the caller: the bytes, and whether to fsync them. */
    interface Content {
        void writeTo(OwnedFd file) throws SyscallException;
    }

    private static final byte[] TEMPORARY_PREFIX = ".beneath-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TEMPORARY_SUFFIX = ".tmp".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Replaces {@code path} atomically: the content is written to a new file with an exclusive
     * random name in the same pinned directory, flushed to disk, and renamed over the target
     * with one {@code renameat2}, so a reader sees the old file or the new one, never a mix,
     * and a symlink at the target is replaced, never followed. The new file keeps the
     * permission bits of the regular file it replaces (0666 less the umask for a new name).
     * {@code noReplace} fails with {@code EEXIST} when the name exists. The temporary file is
     * removed if anything fails.
     */
    void replaceAtomically(int rootFd, String path, boolean noReplace, Content content) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EISDIR)) {
            if (e.trailingSlash()) {
                throw new SyscallException(ErrnoNames.EISDIR, "write: trailing slash");
            }
            int mode = 0666;
            boolean keepMode = false;
            try {
                Statx old = Sys.statx(e.parent().get(), e.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE
                        | Linux.STATX_MODE);
                if (old.isDirectory()) {
                    throw new SyscallException(ErrnoNames.EISDIR, "write: a directory has the name");
                }
                if (old.type() == Linux.S_IFREG) {
                    mode = old.mode() & 0777;
                    keepMode = true;
                }
            } catch (SyscallException absent) {
                if (absent.errno() != ErrnoNames.ENOENT) {
                    throw absent;
                }
            }
            writeReplacing(e.parent(), e.name(), noReplace, mode, keepMode, true, content);
        }
    }

    /**
     * The target side of {@link Root#copy}: the content goes to an exclusive temporary file
     * beside {@code path} and is renamed into place only once complete, so a failed copy
     * leaves the old target (or no target), never a part of the new one.
     */
    void writeCopy(int rootFd, String path, boolean noReplace, Content content) throws SyscallException {
        try (Entry e = entry(rootFd, path, ErrnoNames.EEXIST)) {
            if (e.trailingSlash()) {
                throw new SyscallException(ErrnoNames.EISDIR, "copy: trailing slash");
            }
            writeReplacing(e.parent(), e.name(), noReplace, 0600, false, false, content);
        }
    }

    /**
     * The core of {@link #replaceAtomically}, in a directory already pinned: {@code content} is
     * written to a new file with an exclusive random name in {@code parent}, created with
     * {@code mode} (exactly that mode when {@code exactMode}, otherwise less the umask), and
     * renamed to {@code name} with one {@code renameat2} ({@code RENAME_NOREPLACE} when
     * {@code noReplace}); {@code durable} flushes the file and the directory to disk. Anything
     * that fails removes the temporary name, so {@code name} holds what it held before or the
     * whole new content, never a part of it.
     */
    static void writeReplacing(OwnedFd parent, byte[] name, boolean noReplace, int mode, boolean exactMode,
                               boolean durable, Content content) throws SyscallException {
        for (int attempt = 1; ; attempt++) {
            byte[] temporary = temporaryName(TEMPORARY_PREFIX, TEMPORARY_SUFFIX);
            OwnedFd file;
            try {
                file = OwnedFd.adopt(Sys.openat(parent.get(), temporary, Linux.O_CREAT | Linux.O_EXCL
                        | Linux.O_NOFOLLOW | Linux.O_WRONLY | Linux.O_NOCTTY | Linux.O_CLOEXEC, mode));
            } catch (SyscallException taken) {
                if (taken.errno() != ErrnoNames.EEXIST || attempt >= TEMPORARY_ATTEMPTS) {
                    throw taken;
                }
                continue;
            }
            try {
                try (file) {
                    if (exactMode) {
                        Sys.fchmod(file.get(), mode);
                    }
                    content.writeTo(file);
                    if (durable) {
                        Sys.fsync(file.get(), true);
                    }
                }
                Sys.renameat2(parent.get(), temporary, parent.get(), name, noReplace ? Linux.RENAME_NOREPLACE : 0);
            } catch (SyscallException | RuntimeException failed) {
                try {
                    Sys.unlinkat(parent.get(), temporary, 0);
                } catch (SyscallException ignored) {
                    failed.addSuppressed(ignored);
                }
                throw failed;
            }
            if (durable) {
                try (OwnedFd directory = OwnedFd.adopt(Sys.openat(parent.get(), Components.DOT,
                        Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
                    Sys.fsync(directory.get(), true); // the rename itself survives a crash
                }
            }
            return;
        }
    }
}
