package dev.beneath.nio;

import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.RenameOption;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every operation of a beneath file system on the tree, each made through the {@link Root}:
 * the path is resolved by the root's resolver from its pinned descriptor, and what is done
 * to the object is done through the descriptor that resolution returned (or by the root's
 * own single-component {@code *at} calls). Error semantics follow the default provider's.
 */
final class RootFiles {
    private final BeneathFileSystem fs;
    private final Root root;
    private final ResolveOptions follow;
    private final ResolveOptions noFollow;

    RootFiles(BeneathFileSystem fs, Root root, ResolveOptions options) {
        this.fs = fs;
        this.root = root;
        this.follow = options.withNoFollow(false);
        this.noFollow = options.withNoFollow(true);
    }

    /** The string the core resolves: the path in the root ({@code "."} for the empty path). */
    static String name(BeneathPath p) {
        return p.isEmpty() ? "." : p.toString();
    }

    /** One operation, with a close of the file system during it reported as java.nio does. */
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T guard(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (IllegalStateException e) {
            if (!fs.isOpen()) {
                throw new ClosedFileSystemException();
            }
            throw e;
        }
    }

    Handle resolve(BeneathPath p, boolean followLinks) throws IOException {
        return guard(() -> root.resolve(name(p), followLinks ? follow : noFollow));
    }

    /** The attributes of what {@code p} names, read from its descriptor. */
    Statx stat(BeneathPath p, boolean followLinks) throws IOException {
        // a mount point's name would be crossed by statx, which noXdev forbids
        Statx listed = follow.noXdev() ? null : p.statListed(followLinks);
        if (listed != null) {
            return listed;
        }
        try (Handle h = resolve(p, followLinks)) {
            return statOf(h, p);
        } catch (NotDirectoryException e) {
            // as the default provider's stat: a file where a directory was needed means "no such file"
            throw new NoSuchFileException(p.toString());
        }
    }

    static Statx statOf(Handle h, Object p) throws IOException {
        try {
            return Sys.fstatx(h.fd(), Linux.STATX_BASIC_STATS | Linux.STATX_BTIME);
        } catch (SyscallException e) {
            throw Errors.of(e, p);
        }
    }

    /** {@link #stat} or null when nothing has that name. */
    private Statx statIfExists(BeneathPath p, boolean followLinks) throws IOException {
        try {
            return stat(p, followLinks);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A pinned parent directory and the single final name in it, for a call on two directories. */
    record Entry(Handle parent, byte[] name) implements AutoCloseable {
        @Override
        public void close() {
            parent.close();
        }
    }

    /** Resolves the parent of {@code p} (following links, inside the root) and keeps its final name. */
    Entry entry(BeneathPath p) throws IOException {
        BeneathPath name = p.getFileName();
        if (name == null || name.isEmpty() || name.toString().equals(".") || name.toString().equals("..")) {
            throw new FileSystemException(p.toString(), null, "names no entry of its own");
        }
        BeneathPath parent = p.getParent();
        Handle h = resolve(parent != null ? parent : BeneathPath.of(fs, new byte[] {'.'}), true);
        try {
            if (h.type() != FileType.DIRECTORY) {
                throw new NotDirectoryException(p.toString());
            }
            return new Entry(h, name.bytes());
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    // ---- channels -------------------------------------------------------------------------

    FileChannel newFileChannel(BeneathPath p, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Set<OpenOption> opts = new HashSet<>();
        for (OpenOption o : options) {
            opts.add(Objects.requireNonNull(o, "option"));
        }
        boolean deleteOnClose = opts.remove(StandardOpenOption.DELETE_ON_CLOSE);
        if (deleteOnClose) {
            opts.add(LinkOption.NOFOLLOW_LINKS); // as the default provider: never delete through a link
        }
        boolean append = opts.contains(StandardOpenOption.APPEND);
        boolean write = append || opts.contains(StandardOpenOption.WRITE);
        if (append && opts.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("READ + APPEND not allowed");
        }
        if (append && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
        }
        if (!write) {
            // as the default provider: creation and truncation need write access
            opts.remove(StandardOpenOption.CREATE);
            opts.remove(StandardOpenOption.CREATE_NEW);
            opts.remove(StandardOpenOption.TRUNCATE_EXISTING);
            opts.add(StandardOpenOption.READ);
        }
        opts.remove(StandardOpenOption.SPARSE);
        Integer mode = Attributes.creationMode(attrs);
        if (!deleteOnClose) {
            return guard(() -> openChannel(root, name(p), opts, mode, write));
        }
        // the parent is resolved once and the name opened in it, so the name removed at close
        // is the very one opened, whatever is renamed meanwhile
        Entry entry = entry(p);
        try (Root parent = guard(() -> entry.parent().openRoot())) {
            FileChannel channel = openChannel(parent, p.getFileName().toString(), opts, mode, write);
            try {
                return new DeletingChannel(channel, entry);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (FileSystemException e) {
            entry.close();
            throw Errors.named(e, p);
        } catch (IOException | RuntimeException e) {
            entry.close();
            throw e;
        }
    }

    private FileChannel openChannel(Root in, String path, Set<OpenOption> opts, Integer mode, boolean write)
            throws IOException {
        try {
            return mode == null ? in.newFileChannel(path, opts) : in.newFileChannel(path, opts, mode & ~Umask.get());
        } catch (FileSystemException e) {
            if (Errors.errno(e) == ErrnoNames.EISDIR && !write) {
                // a directory opens for reading, as with the default provider; reads then fail
                try (Handle h = in.resolve(path, opts.contains(LinkOption.NOFOLLOW_LINKS) ? noFollow : follow)) {
                    if (h.type() == FileType.DIRECTORY) {
                        return h.newChannel(StandardOpenOption.READ);
                    }
                }
            }
            throw e;
        }
    }

    // ---- directories and links ----------------------------------------------------------

    void createDirectory(BeneathPath dir, FileAttribute<?>... attrs) throws IOException {
        Integer mode = Attributes.creationMode(attrs);
        int m = (mode == null ? 0777 : mode) & ~Umask.get();
        guard(() -> {
            root.mkdir(name(dir), m);
            return null;
        });
    }

    void createSymbolicLink(BeneathPath link, BeneathPath target, FileAttribute<?>... attrs) throws IOException {
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("Initial file attributes not supported when creating symbolic link");
        }
        guard(() -> {
            root.createSymbolicLink(name(link), target.toString());
            return null;
        });
    }

    void createLink(BeneathPath link, BeneathPath existing) throws IOException {
        guard(() -> {
            root.createLink(name(link), name(existing));
            return null;
        });
    }

    BeneathPath readSymbolicLink(BeneathPath link) throws IOException {
        try {
            return BeneathPath.parse(fs, guard(() -> root.readSymbolicLink(name(link))));
        } catch (FileSystemException e) {
            if (Errors.errno(e) == ErrnoNames.EINVAL) {
                throw Errors.notLink(link);
            }
            throw e;
        }
    }

    /** Deletes a file, link or empty directory; false when nothing had the name and {@code mustExist} is false. */
    boolean delete(BeneathPath p, boolean mustExist) throws IOException {
        return guard(() -> {
            try {
                Statx st;
                try (Handle h = resolve(p, false)) {
                    st = statOf(h, p);
                }
                if ((st.mode() & Linux.S_IFMT) == Linux.S_IFDIR) {
                    try {
                        root.removeDir(name(p));
                    } catch (FileSystemException e) {
                        if (Errors.errno(e) == ErrnoNames.EEXIST) {
                            throw new DirectoryNotEmptyException(p.toString());
                        }
                        throw e;
                    }
                } else {
                    root.removeFile(name(p));
                }
                return true;
            } catch (NoSuchFileException e) {
                if (mustExist) {
                    throw e;
                }
                return false;
            }
        });
    }

    DirectoryStream<Path> newDirectoryStream(BeneathPath dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        try (Handle h = resolve(dir, true)) {
            if (h.type() != FileType.DIRECTORY) {
                throw new NotDirectoryException(dir.toString());
            }
            return new BeneathDirectoryStream(fs, dir, h, filter);
        }
    }

    // ---- copy and move --------------------------------------------------------------------

    /**
     * Clears the target's name for a copy or move as the default provider does: nothing to
     * do for the same file (returns false), {@link FileAlreadyExistsException} without
     * REPLACE_EXISTING, {@link DirectoryNotEmptyException} for a directory with entries.
     */
    private boolean clearTarget(Statx source, BeneathPath target, boolean replace) throws IOException {
        Statx existing = statIfExists(target, false);
        if (existing == null) {
            return true;
        }
        if (existing.sameInode(source)) {
            return false;
        }
        if (!replace) {
            throw new FileAlreadyExistsException(target.toString());
        }
        delete(target, false);
        return true;
    }

    void copy(BeneathPath source, BeneathPath target, Options.Copy options) throws IOException {
        if (options.atomic()) {
            throw new UnsupportedOperationException("Unsupported copy option: ATOMIC_MOVE");
        }
        guard(() -> {
            try (Handle src = resolveSource(source, options.follow())) {
                Statx st = statOf(src, source);
                if (!clearTarget(st, target, options.replace())) {
                    return null;
                }
                int mode = st.mode() & 07777;
                int createMode = options.copyAttributes() ? mode : mode & ~Umask.get();
                switch (st.mode() & Linux.S_IFMT) {
                    case Linux.S_IFDIR -> root.mkdir(name(target), createMode);
                    case Linux.S_IFLNK -> root.createSymbolicLink(name(target), root.readSymbolicLink(name(source)));
                    case Linux.S_IFREG -> {
                        // the core copies by descriptor (copy_file_range); the mode is then the
                        // default provider's: the source's less the umask
                        root.copy(name(source), name(target), options.follow()
                                ? new java.nio.file.CopyOption[0] : new java.nio.file.CopyOption[] {LinkOption.NOFOLLOW_LINKS});
                        setMode(target, false, createMode);
                    }
                    default -> throw new FileSystemException(source.toString(), target.toString(),
                            "copying a fifo, socket or device is not supported");
                }
                if (options.copyAttributes()) {
                    copyAttributes(st, target);
                }
                return null;
            }
        });
    }

    private Handle resolveSource(BeneathPath source, boolean followLinks) throws IOException {
        try {
            return resolve(source, followLinks);
        } catch (NotDirectoryException e) {
            throw new NoSuchFileException(source.toString());
        }
    }

    private void copyAttributes(Statx st, BeneathPath target) throws IOException {
        try (Handle h = resolve(target, false)) {
            try {
                h.setOwner(st.uid(), st.gid());
            } catch (FileSystemException e) {
                // the default provider ignores a failure to copy the owner
            }
            if ((st.mode() & Linux.S_IFMT) != Linux.S_IFLNK) {
                h.setPermissions(st.mode() & 07777);
            }
            h.setTimes(time(st.mtimeSeconds(), st.mtimeNanos()), time(st.atimeSeconds(), st.atimeNanos()));
        }
    }

    static FileTime time(long seconds, int nanos) {
        return FileTime.from(TimeUnit.SECONDS.toNanos(seconds) + nanos, TimeUnit.NANOSECONDS);
    }

    void move(BeneathPath source, BeneathPath target, Options.Copy options) throws IOException {
        guard(() -> {
            if (options.atomic()) {
                try {
                    root.rename(name(source), name(target));
                } catch (FileSystemException e) {
                    if (crossesMount(e)) {
                        throw new AtomicMoveNotSupportedException(source.toString(), target.toString(),
                                "source and target are on different file systems");
                    }
                    throw e;
                }
                return null;
            }
            Statx st;
            try {
                st = stat(source, false);
            } catch (NotDirectoryException e) {
                throw new NoSuchFileException(source.toString());
            }
            Statx existing = statIfExists(target, false);
            if (existing != null) {
                if (existing.sameInode(st)) {
                    return null;
                }
                if (!options.replace()) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                boolean sourceDir = (st.mode() & Linux.S_IFMT) == Linux.S_IFDIR;
                boolean targetDir = (existing.mode() & Linux.S_IFMT) == Linux.S_IFDIR;
                if (sourceDir != targetDir) {
                    delete(target, false); // rename cannot replace across kinds
                }
            }
            try {
                root.rename(name(source), name(target),
                        options.replace() ? new RenameOption[0] : new RenameOption[] {RenameOption.NO_REPLACE});
            } catch (FileSystemException e) {
                if (crossesMount(e) && (st.mode() & Linux.S_IFMT) != Linux.S_IFDIR) {
                    copy(source, target, new Options.Copy(true, true, false, false));
                    delete(source, false);
                    return null;
                }
                throw e;
            }
            return null;
        });
    }

    /**
     * True when a rename failed with {@code EXDEV} because source and target are on different
     * mounts inside the root (under {@code IN_ROOT} that is its only cause; under
     * {@code BENEATH} it may be an escape, which is never worked around).
     */
    private boolean crossesMount(FileSystemException e) {
        return Errors.errno(e) == ErrnoNames.EXDEV && fs.options().scope() == Scope.IN_ROOT;
    }

    // ---- questions ------------------------------------------------------------------------

    boolean isSameFile(BeneathPath a, BeneathPath b) throws IOException {
        return stat(a, true).sameInode(stat(b, true));
    }

    void checkAccess(BeneathPath p, AccessMode... modes) throws IOException {
        int mode = 0;
        for (AccessMode m : modes) {
            mode |= switch (Objects.requireNonNull(m)) {
                case READ -> 4;
                case WRITE -> 2;
                case EXECUTE -> 1;
            };
        }
        int wanted = mode;
        guard(() -> {
            try (Handle h = resolve(p, true)) {
                ProcFs.shared().access(h.fd(), wanted);
            } catch (NotDirectoryException e) {
                throw new NoSuchFileException(p.toString());
            } catch (SyscallException e) {
                throw Errors.of(e, p);
            }
            return null;
        });
    }

    FileStore fileStore(BeneathPath p) throws IOException {
        try (Handle h = resolve(p, true)) {
            return new BeneathFileStore(fs, Sys.fstatfs(h.fd()));
        } catch (SyscallException e) {
            throw Errors.of(e, p);
        }
    }

    /**
     * The absolute in-root path of what {@code p} names: the kernel's name for the resolved
     * descriptor, less the root's, and checked by resolving it again to the same inode.
     */
    BeneathPath realPath(BeneathPath p, boolean followLinks) throws IOException {
        if (!followLinks) {
            return realPathNoFollow(p);
        }
        return guard(() -> {
            try (Handle h = resolve(p, followLinks); Handle top = root.resolve(".", follow)) {
                Statx st = statOf(h, p);
                if ((st.mode() & Linux.S_IFMT) == Linux.S_IFLNK) {
                    BeneathPath parent = p.toAbsolutePath().getParent();
                    return realPath(parent, true).resolve(p.getFileName());
                }
                byte[] object = ProcFs.shared().pathOf(h.fd());
                byte[] base = ProcFs.shared().pathOf(top.fd());
                byte[] inRoot = inside(object, base);
                if (inRoot != null) {
                    BeneathPath candidate = BeneathPath.of(fs, inRoot);
                    Statx again = statIfExists(candidate, false);
                    if (again != null && again.sameInode(st)) {
                        return candidate;
                    }
                }
                throw new NoSuchFileException(p.toString(), null, "moved or removed while its real path was read");
            } catch (SyscallException e) {
                throw Errors.of(e, p);
            }
        });
    }

    /**
     * The default provider's answer without following links: the path made absolute, with
     * {@code .} dropped and {@code ..} applied textually except after a symlink, and the
     * result required to exist.
     */
    private BeneathPath realPathNoFollow(BeneathPath p) throws IOException {
        BeneathPath absolute = p.toAbsolutePath();
        BeneathPath result = fs.rootPath();
        boolean parentIsDotDot = false;
        for (int i = 0; i < absolute.getNameCount(); i++) {
            BeneathPath element = absolute.getName(i);
            String e = element.toString();
            if (e.equals(".")) {
                continue;
            }
            if (e.equals("..")) {
                if (!stat(result, false).isSymlink() && !parentIsDotDot) {
                    BeneathPath parent = result.getParent();
                    result = parent == null ? fs.rootPath() : parent;
                    continue;
                }
                parentIsDotDot = true;
            } else {
                parentIsDotDot = false;
            }
            result = result.resolve(element);
        }
        stat(result, false);
        return result;
    }

    private static byte[] inside(byte[] object, byte[] base) {
        if (base.length == 1 && base[0] == '/') {
            return object;
        }
        if (object.length < base.length || !java.util.Arrays.equals(object, 0, base.length, base, 0, base.length)) {
            return null;
        }
        if (object.length == base.length) {
            return new byte[] {'/'};
        }
        return object[base.length] == '/' ? java.util.Arrays.copyOfRange(object, base.length, object.length) : null;
    }

    // ---- attributes -----------------------------------------------------------------------

    void setTimes(BeneathPath p, boolean followLinks, FileTime modified, FileTime access) throws IOException {
        try (Handle h = resolve(p, followLinks)) {
            h.setTimes(modified, access);
        }
    }

    void setMode(BeneathPath p, boolean followLinks, int mode) throws IOException {
        try (Handle h = resolve(p, followLinks)) {
            h.setPermissions(mode);
        }
    }

    void setPermissions(BeneathPath p, boolean followLinks, Set<PosixFilePermission> perms) throws IOException {
        int mode = 0;
        for (PosixFilePermission perm : perms) {
            mode |= 0400 >> Objects.requireNonNull(perm).ordinal();
        }
        setMode(p, followLinks, mode); // setuid, setgid and sticky cleared, as chmod in the default provider
    }

    void setOwner(BeneathPath p, boolean followLinks, int uid, int gid) throws IOException {
        try (Handle h = resolve(p, followLinks)) {
            h.setOwner(uid, gid);
        }
    }
}
