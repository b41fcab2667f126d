package dev.beneath;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.resolve.Components;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An open reference ({@code O_PATH} descriptor) to one object inside a {@link Root}, as
 * {@link Root#resolve} found it. Everything done through a handle acts on that object, even
 * if its path is renamed, replaced or swapped for a symlink afterwards: attributes are read
 * from the descriptor, I/O reopens the descriptor through a verified procfs, listing opens
 * the directory relative to the descriptor.
 *
 * <p>Not protected: the object's contents, which whoever controls the tree may change at any
 * time; a hard link to a file outside the root that was planted before (the same inode is
 * reachable both ways; see {@link FileAttributes#linkCount()}). A handle is safe to use from
 * several threads; close it once you are done. A closed handle throws
 * {@link ClosedFileSystemException}, as a closed {@link Root} does.
 */
public final class Handle implements AutoCloseable {
    private final OwnedFd fd;
    private final String path;
    private final Path rootPath;
    private final Backend backend;
    private final ResolveOptions options;

    Handle(OwnedFd fd, String path, Path rootPath, Backend backend, ResolveOptions options) {
        this.fd = fd;
        this.path = path;
        this.rootPath = rootPath;
        this.backend = backend;
        this.options = options;
    }

    /**
     * Runs {@code call} on the descriptor, held open meanwhile (a closed handle is
     * {@link ClosedFileSystemException}); a failure is translated for this handle's path.
     */
    private <T> T withFd(Root.Operation<T> call) throws IOException {
        return Root.held(fd, path, call);
    }

    /**
     * Opens the directory this handle holds as a root of its own, confined to it: paths given
     * to the new root start there, and {@code ..} and absolute symlinks stop there. The new
     * root resolves with the backend and options of the root this handle came from, and holds
     * its own descriptor (a duplicate of this one): it stays usable after this handle is
     * closed, and must be closed itself.
     *
     * @return the new root
     * @throws java.nio.file.NotDirectoryException this handle is not on a directory ({@code ENOTDIR})
     * @throws IOException                         any other failure, as a {@link PathError}
     * @throws ClosedFileSystemException           this handle is closed
     */
    public Root openRoot() throws IOException {
        return withFd(n -> {
            if (!Sys.fstatx(n, Linux.STATX_TYPE).isDirectory()) {
                throw new SyscallException(ErrnoNames.ENOTDIR, "openRoot: not a directory");
            }
            return Root.pinned(OwnedFd.adopt(Sys.dupCloexec(n)), subRootPath(), backend, options);
        });
    }

    /** The root's path joined with this handle's, for display; the root's own when that is not a valid Path. */
    private Path subRootPath() {
        String relative = path;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        try {
            return rootPath.resolve(relative);
        } catch (InvalidPathException e) {
            return rootPath;
        }
    }

    /**
     * The path this handle was resolved from, as given.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The descriptor number, for system calls this API does not offer. Borrowed: valid until
     * {@link #close()}, and never to be closed by the caller.
     *
     * @return the descriptor number
     * @throws ClosedFileSystemException this handle is closed
     */
    public int fd() {
        if (fd.isClosed()) {
            throw new ClosedFileSystemException();
        }
        return fd.get();
    }

    /** Holds the descriptor open for a call made by another class of this package. */
    int acquireDescriptor() {
        return Root.hold(fd);
    }

    void releaseDescriptor() {
        fd.release();
    }

    /**
     * What kind of object this is, read from the descriptor (a symlink handle says {@code SYMLINK}).
     *
     * @return the type
     * @throws IOException the descriptor cannot be queried, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public FileType type() throws IOException {
        return FileType.ofMode(statx(Linux.STATX_TYPE).mode());
    }

    /**
     * The object's attributes, read from the descriptor (a symlink's own, not its target's).
     *
     * @return a snapshot of the attributes
     * @throws IOException the descriptor cannot be queried, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public FileAttributes attributes() throws IOException {
        return FileAttributes.of(statx(Linux.STATX_BASIC_STATS | Linux.STATX_BTIME | Linux.STATX_MNT_ID));
    }

    private Statx statx(int mask) throws IOException {
        return withFd(n -> Sys.fstatx(n, mask));
    }

    /**
     * Sets the permission bits of this object to exactly {@code mode} (setuid, setgid and
     * sticky included). Acts on the inode this handle holds, never on whatever its path names
     * now. Linux cannot change a symlink's own mode: {@code EOPNOTSUPP}.
     *
     * <p>Setting setuid or setgid on a regular file with more than one link is refused
     * ({@code EPERM}) unless {@link PermissionOption#SETID_ON_LINKED_FILE} is given: the other
     * link may be a file outside the root that whoever controls the tree hard-linked in. The
     * link count is read from the descriptor just before the change; a link added afterwards
     * needs write access where it is added, which the tree's owner has only inside the root.
     *
     * @param mode    the exact permission bits, such as {@code 0644} or {@code 02750}
     * @param options {@link PermissionOption#SETID_ON_LINKED_FILE} to allow setuid/setgid on a
     *                file with several links
     * @throws IOException {@code EPERM} as above, {@code EOPNOTSUPP} on a symlink, or the
     *                     errno of the change, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public void setPermissions(int mode, PermissionOption... options) throws IOException {
        boolean setIdOnLinked = Arrays.asList(options).contains(PermissionOption.SETID_ON_LINKED_FILE);
        withFd(n -> {
            Statx st = Sys.fstatx(n, Linux.STATX_TYPE | Linux.STATX_NLINK);
            if (st.isSymlink()) {
                throw new SyscallException(ErrnoNames.EOPNOTSUPP, "chmod: a symlink has no mode of its own");
            }
            if ((mode & (Linux.S_ISUID | Linux.S_ISGID)) != 0 && st.isRegularFile() && st.nlink() > 1
                    && !setIdOnLinked) {
                throw new SyscallException(ErrnoNames.EPERM,
                        "chmod: setuid or setgid on a file with several links (one may be outside the root)");
            }
            RootOperations.chmod(n, mode & 07777);
            return null;
        });
    }

    /**
     * {@link #setPermissions(int, PermissionOption...)} with a java.nio permission set.
     *
     * @param permissions the permission bits to set (setuid, setgid and sticky are cleared)
     * @throws IOException as {@link #setPermissions(int, PermissionOption...)}
     * @throws ClosedFileSystemException this handle is closed
     */
    public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
        setPermissions(Root.modeOf(permissions));
    }

    /**
     * Changes the owner and group of this object ({@code -1} leaves one unchanged). On a
     * symlink handle (resolved with noFollow) the link itself changes.
     *
     * @param uid the new owner, or {@code -1} to leave it
     * @param gid the new group, or {@code -1} to leave it
     * @throws IOException {@code EPERM} when not allowed, or any other failure, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public void setOwner(int uid, int gid) throws IOException {
        withFd(n -> {
            Sys.fchownat(n, Components.EMPTY, uid, gid, Linux.AT_EMPTY_PATH);
            return null;
        });
    }

    /**
     * Sets the modification and access times of this object; a null time is left unchanged.
     *
     * @param lastModified the new modification time, or null
     * @param lastAccess   the new access time, or null
     * @throws IOException the times cannot be set, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public void setTimes(FileTime lastModified, FileTime lastAccess) throws IOException {
        long[] mtime = lastModified == null ? null : timespec(lastModified);
        long[] atime = lastAccess == null ? null : timespec(lastAccess);
        withFd(n -> {
            try {
                Sys.utimensat(n, Components.EMPTY, atime, mtime, Linux.AT_EMPTY_PATH);
            } catch (SyscallException e) {
                if (e.errno() != ErrnoNames.EINVAL) {
                    throw e;
                }
                ProcFs.shared().setTimes(n, atime, mtime); // kernels without AT_EMPTY_PATH here
            }
            return null;
        });
    }

    private static long[] timespec(FileTime t) {
        java.time.Instant i = t.toInstant();
        return new long[] {i.getEpochSecond(), i.getNano()};
    }

    /**
     * Where the object is now, as the kernel names it: for display and logs only. Acting on
     * this string would reopen the race the handle exists to avoid.
     * The name is byte-exact ({@link PathNames}), which is why it is a string and not a
     * {@link Path}.
     *
     * @return the kernel's path of the object, for display
     * @throws IOException the path cannot be read, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public String realPath() throws IOException {
        return withFd(n -> PathBytes.decode(ProcFs.shared().pathOf(n)));
    }

    /**
     * Opens the object for I/O. {@link StandardOpenOption#READ}, {@code WRITE}, {@code APPEND},
     * {@code TRUNCATE_EXISTING}, {@code SYNC} and {@code DSYNC} apply; {@code CREATE} and
     * {@link LinkOption#NOFOLLOW_LINKS} are accepted and change nothing (the object exists and
     * is already chosen); {@code CREATE_NEW} fails with {@code EEXIST}. No option means READ.
     * A symlink handle cannot be opened ({@code ELOOP}); opening a fifo blocks until the other
     * end is opened, as {@code open(2)} does. A regular file is opened without waiting for a
     * lease break: while another process holds a lease on it ({@code F_SETLEASE}), the open
     * fails at once with {@code EAGAIN} ({@code EWOULDBLOCK}) instead of waiting out the
     * kernel's lease-break time; the channel itself does blocking I/O.
     *
     * @param options {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS}; duplicates are ignored
     * @return an open channel on exactly this object, to be closed by the caller
     * @throws IOException {@code EAGAIN} for a leased file, {@code ELOOP} for a symlink handle,
     *                     {@code EEXIST} for CREATE_NEW, or any other failure to reopen the
     *                     object, as a {@link PathError}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      APPEND with READ or TRUNCATE_EXISTING
     * @throws ClosedFileSystemException this handle is closed
     */
    public FileChannel newChannel(OpenOption... options) throws IOException {
        int flags = openFlags(Set.copyOf(Arrays.asList(options)), path);
        return channel(reopen(flags, false).fd(), flags, path);
    }

    /**
     * A descriptor open for I/O on exactly this handle's object, and what the {@code statx}
     * made before opening it saw (type, inode, size).
     */
    record Reopened(OwnedFd fd, Statx seen) {
    }

    /**
     * Reopens the object through the verified procfs with {@code flags}. With
     * {@code regularOnly}, anything but a regular file is refused before it is opened
     * ({@code EISDIR}, {@code ELOOP} for a symlink, {@code EINVAL} for the rest): a fifo cannot
     * block the caller and a device node is never opened.
     *
     * <p>The system calls, and why each is there: one {@code statx} of the handle, for the type
     * (the refusal above, and {@code O_NONBLOCK} for a regular file) and the inode and size
     * (for {@link ProcFs#reopenExactly}, and for callers that size a buffer); the
     * {@code openat} through procfs (plus what {@link ProcFs#reopenExactly} needs on sources
     * other than a private instance); for a regular file one {@code fcntl(F_SETFL)} that clears
     * {@code O_NONBLOCK} again. The open is non-blocking because a lease held by whoever owns the
     * file would otherwise stall it for the whole lease-break time (45 s by default); the kernel
     * answers {@code EWOULDBLOCK} instead. The flags to restore are known, so no
     * {@code F_GETFL} is needed: {@code F_SETFL} changes only {@code O_APPEND},
     * {@code O_NONBLOCK} (and flags never set here) and ignores the rest.
     */
    Reopened reopen(int flags, boolean regularOnly) throws IOException {
        // written out rather than through withFd, as Root.resolve is: every open passes here, and
        // the lambda's three extra frames put the downcalls below past the JIT's inlining depth,
        // where the errno capture areas they slice were no longer removed (80 bytes per open)
        int n = Root.hold(fd);
        try {
            Statx seen = Sys.fstatx(n, Linux.STATX_INO | Linux.STATX_TYPE | Linux.STATX_SIZE);
            boolean regular = seen.isRegularFile();
            if (regularOnly && !regular) {
                int errno = seen.isDirectory() ? ErrnoNames.EISDIR
                        : seen.isSymlink() ? ErrnoNames.ELOOP // NOFOLLOW_LINKS on a link, as O_NOFOLLOW answers
                        : ErrnoNames.EINVAL;
                throw new SyscallException(errno, "open: not a regular file");
            }
            OwnedFd reopened = ProcFs.shared().reopenExactly(n, regular ? flags | Linux.O_NONBLOCK : flags, seen);
            if (regular) {
                try {
                    Sys.fcntl(reopened.get(), Linux.F_SETFL, flags & ~Linux.O_NONBLOCK);
                } catch (SyscallException | RuntimeException e) {
                    reopened.close();
                    throw e;
                }
            }
            return new Reopened(reopened, seen);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    static int openFlags(Set<? extends OpenOption> options, String path) throws IOException {
        boolean read = options.contains(StandardOpenOption.READ);
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = options.contains(StandardOpenOption.WRITE) || append;
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            throw Failures.translate(new SyscallException(ErrnoNames.EEXIST, "open"), path);
        }
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("DELETE_ON_CLOSE is not supported on a handle");
        }
        if (append && (read || options.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            throw new IllegalArgumentException("APPEND cannot be combined with READ or TRUNCATE_EXISTING");
        }
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption) && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("unsupported open option: " + o);
            }
        }
        int flags = Linux.O_NOCTTY;
        flags |= write ? (read ? Linux.O_RDWR : Linux.O_WRONLY) : Linux.O_RDONLY;
        if (append) {
            flags |= Linux.O_APPEND;
        }
        if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            flags |= Linux.O_TRUNC;
        }
        if (options.contains(StandardOpenOption.SYNC)) {
            flags |= Linux.O_SYNC;
        }
        if (options.contains(StandardOpenOption.DSYNC)) {
            flags |= Linux.O_DSYNC;
        }
        return flags;
    }

    static FileChannel channel(OwnedFd fd, int flags, String path) {
        return new FdChannel(fd, flags, (e, call) -> Failures.translate(e, path));
    }

    /**
     * A stream reading the object from its start.
     *
     * @return an open stream, to be closed by the caller
     * @throws IOException as {@link #newChannel(OpenOption...)}
     * @throws ClosedFileSystemException this handle is closed
     */
    public InputStream newInputStream() throws IOException {
        return Channels.newInputStream(newChannel(StandardOpenOption.READ));
    }

    /**
     * A stream writing to the object; with no option, the file is truncated first
     * ({@code WRITE, TRUNCATE_EXISTING}), as {@link java.nio.file.Files#newOutputStream} does.
     *
     * @param options {@link StandardOpenOption}s; none means {@code WRITE, TRUNCATE_EXISTING}
     * @return an open stream, to be closed by the caller
     * @throws IOException as {@link #newChannel(OpenOption...)}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      APPEND with READ or TRUNCATE_EXISTING
     * @throws ClosedFileSystemException this handle is closed
     */
    public OutputStream newOutputStream(OpenOption... options) throws IOException {
        OpenOption[] effective = options.length == 0
                ? new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : options;
        return Channels.newOutputStream(newChannel(effective));
    }

    /**
     * The entries of this directory (without {@code .} and {@code ..}), in the order the
     * filesystem returns them. Symlinks are reported as symlinks and not followed.
     * Names are byte-exact ({@link PathNames}).
     *
     * @return the entries, a new list
     * @throws java.nio.file.NotDirectoryException this handle is not on a directory ({@code ENOTDIR})
     * @throws IOException the directory cannot be opened or read, as a {@link PathError}
     * @throws ClosedFileSystemException this handle is closed
     */
    public List<DirectoryEntry> list() throws IOException {
        return withFd(n -> {
            try (OwnedFd dir = OwnedFd.adopt(Sys.openat(n, Components.DOT,
                    Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
                List<DirectoryEntry> entries = new ArrayList<>();
                for (Sys.Dirent d : Sys.readDirectory(dir.get())) {
                    int mode = d.type() != Linux.DT_UNKNOWN
                            ? d.type() << 12
                            : Sys.statx(dir.get(), d.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE).mode();
                    entries.add(new DirectoryEntry(PathBytes.decode(d.name()), d.ino(), FileType.ofMode(mode)));
                }
                return entries;
            }
        });
    }

    /** Closes the descriptor; later use throws {@link ClosedFileSystemException}. Closing twice does nothing. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Handle[" + path + "]";
    }
}
