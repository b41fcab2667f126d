package dev.beneath;

import dev.beneath.internal.resolve.Lookup;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.resolve.Resolver;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A directory that paths are resolved inside of, whoever controls its contents. The directory
 * is pinned by a descriptor when the root is opened; every path given afterwards is taken
 * relative to it, and no lookup ever returns an object outside it, whatever symlinks,
 * {@code ..} components or concurrent renames the tree holds.
 *
 * <pre>{@code
 * try (Root volume = Root.open(Path.of("/var/lib/volumes/data"));
 *      Handle h = volume.resolve(untrustedPath);
 *      InputStream in = h.newInputStream()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Protected: symlinks (absolute, relative, chained, planted or swapped in mid-lookup),
 * {@code ..} at the root, directories moved out of the root during a lookup, magic links such
 * as {@code /proc/self/root} (always refused), and blocking opens (resolution uses
 * {@code O_PATH}, so a fifo does not block). Not protected: mounts inside the root made by a
 * privileged party (crossed unless {@link ResolveOptions#noXdev()}), hard links to outside
 * files planted beforehand, and the path the root itself was opened with, which is trusted.
 *
 * <p>A root may be shared between threads. Closing it does not invalidate handles already
 * resolved.
 */
public final class Root implements AutoCloseable {
    private final OwnedFd fd;
    private final Path path;
    private final Backend backend;
    private final Resolver resolver;
    private final RootOperations operations;

    private Root(OwnedFd fd, Path path, Backend backend) {
        this.fd = fd;
        this.path = path;
        this.backend = backend;
        this.resolver = backend.resolver();
        this.operations = new RootOperations(resolver);
    }

    /** One operation on the pinned root descriptor. */
    private interface Operation<T> {
        T apply(int rootFd) throws SyscallException;
    }

    /** Runs {@code op} with the root descriptor held open, translating its errno for {@code path}. */
    private <T> T run(String path, Operation<T> op) throws IOException {
        Objects.requireNonNull(path, "path");
        int rootFd = fd.acquire();
        try {
            return op.apply(rootFd);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    /** Opens {@code directory} (a trusted path; symlinks in it are followed) with the automatic backend. */
    public static Root open(Path directory) throws IOException {
        return open(directory, Backend.AUTO);
    }

    /** Opens {@code directory} with a chosen backend; {@link Backend#AUTO} probes the kernel. */
    public static Root open(Path directory, Backend backend) throws IOException {
        Objects.requireNonNull(directory, "directory");
        String text = directory.toString();
        try {
            byte[] bytes = PathBytes.of(text);
            int n = Sys.openat(Linux.AT_FDCWD, bytes, Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            return new Root(OwnedFd.adopt(n), directory, backend.concrete());
        } catch (SyscallException e) {
            throw Failures.translate(e, text);
        }
    }

    /**
     * {@link #run} for an operation on two paths: the error names the path it is about
     * ({@link RootOperations#aboutTarget} marks failures that concern the second).
     */
    private void runTwo(String first, String second, Operation<Void> op) throws IOException {
        Objects.requireNonNull(first, "first path");
        Objects.requireNonNull(second, "second path");
        int rootFd = fd.acquire();
        try {
            op.apply(rootFd);
        } catch (SyscallException e) {
            throw Failures.translate(e, RootOperations.isAboutTarget(e) ? second : first);
        } finally {
            fd.release();
        }
    }

    /** Resolves {@code path} with {@link ResolveOptions#DEFAULT}. */
    public Handle resolve(String path) throws IOException {
        return resolve(path, ResolveOptions.DEFAULT);
    }

    /**
     * Resolves {@code path} inside this root. Absolute paths are taken from the root
     * ({@link Scope#IN_ROOT}) or refused ({@link Scope#BENEATH}).
     *
     * @throws java.nio.file.NoSuchFileException    a component is missing, or a symlink dangles ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException  a non-directory where a directory is needed ({@code ENOTDIR})
     * @throws java.nio.file.FileSystemLoopException more than 40 symlinks, a refused symlink or magic link ({@code ELOOP})
     * @throws PathEscapeException                   leaving the root under BENEATH, or crossing a mount under noXdev ({@code EXDEV})
     * @throws java.nio.file.FileSystemException     {@code EINVAL} for a NUL byte, {@code ENAMETOOLONG}, {@code EAGAIN}
     *                                               after 128 retries, and others; all implement {@link PathError}
     */
    public Handle resolve(String path, ResolveOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        return run(path, rootFd -> new Handle(resolver.resolve(rootFd, PathBytes.of(path), options.lookupFlags()), path));
    }

    /**
     * {@code mkdir -p} inside the root, returning a handle on the directory. The part of the
     * path that exists is resolved like {@link #resolve(String)} (symlinks inside the root are
     * followed); each missing directory is created with one {@code mkdirat} on its pinned
     * parent and given exactly {@code mode} (setuid, setgid and sticky included; the umask does
     * not apply; setgid is inherited from the parent as the kernel does). A directory created
     * by a racing caller is accepted. A dangling symlink is never followed to create its
     * target, and {@code ..} in the missing part is refused ({@code ENOENT}); a non-directory
     * in the way is {@code ENOTDIR}.
     *
     * @param mode permission bits such as {@code 0750} or {@code 02775}
     */
    public Handle mkdirAll(String path, int mode) throws IOException {
        return mkdirAll(path, mode, ResolveOptions.DEFAULT);
    }

    /**
     * {@link #mkdirAll(String, int)} resolving the existing part with {@code options}: with
     * {@link Scope#BENEATH}, a symlink or {@code ..} that would leave the root fails with
     * {@link PathEscapeException} instead of being taken inside it. ({@code noFollow} has no
     * meaning here: every component must end up a directory.)
     */
    public Handle mkdirAll(String path, int mode, ResolveOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        return run(path, rootFd -> new Handle(operations.mkdirAll(rootFd, path, mode, options.lookupFlags()), path));
    }

    /** {@link #mkdirAll(String, int)} with permissions as a java.nio set. */
    public Handle mkdirAll(String path, Set<PosixFilePermission> permissions) throws IOException {
        return mkdirAll(path, modeOf(permissions));
    }

    /**
     * Creates one directory with exactly {@code mode}; its parent must exist. Fails with
     * {@code EEXIST} when anything (a symlink included) already has that name.
     */
    public void mkdir(String path, int mode) throws IOException {
        run(path, rootFd -> {
            operations.mkdir(rootFd, path, mode);
            return null;
        });
    }

    /**
     * Creates a new, empty regular file with exactly {@code mode} and returns a handle on it.
     * Exclusive: an existing entry of that name, a symlink included (dangling or not), fails
     * with {@code EEXIST}, so no symlink is ever followed to create its target.
     */
    public Handle createFile(String path, int mode) throws IOException {
        return run(path, rootFd -> new Handle(operations.createFile(rootFd, path, mode), path));
    }

    /**
     * Creates a symlink at {@code path} whose content is exactly {@code target}. beneath
     * resolves such a link inside the root when it is followed later; programs that follow it
     * without beneath do not, which is why the target is stored as given and not checked.
     */
    public void symlink(String target, String path) throws IOException {
        Objects.requireNonNull(target, "target");
        run(path, rootFd -> {
            operations.symlink(rootFd, target, path);
            return null;
        });
    }

    /** The content of the symlink {@code path} names ({@code EINVAL} when it is not a symlink). */
    public String readlink(String path) throws IOException {
        return run(path, rootFd -> new String(operations.readlink(rootFd, path), StandardCharsets.UTF_8));
    }

    /** Removes a file, symlink (itself, never its target), fifo, socket or device node. */
    public void removeFile(String path) throws IOException {
        run(path, rootFd -> {
            operations.removeFile(rootFd, path);
            return null;
        });
    }

    /** Removes an empty directory ({@code ENOTEMPTY} otherwise). */
    public void removeDir(String path) throws IOException {
        run(path, rootFd -> {
            operations.removeDir(rootFd, path);
            return null;
        });
    }

    /**
     * Removes {@code path} and everything below it, like {@code rm -rf}: a missing path is not
     * an error, symlinks are removed and never followed, entries that vanish concurrently are
     * tolerated, and the walk never descends into another mount (a mount point is
     * {@code EBUSY}, as {@code rmdir} reports it) nor follows a
     * directory that was moved away during the removal ({@code ESTALE}). Memory does not grow
     * with the size of the tree, and open descriptors do not grow with its depth.
     */
    public void removeAll(String path) throws IOException {
        run(path, rootFd -> {
            operations.removeAll(rootFd, path);
            return null;
        });
    }

    /**
     * Renames {@code from} to {@code to}, both inside this root, with one {@code renameat2}.
     * Neither final component is followed if it is a symlink: the link itself is renamed or
     * replaced.
     */
    public void rename(String from, String to, RenameOption... options) throws IOException {
        Objects.requireNonNull(to, "to");
        int flags = 0;
        for (RenameOption o : options) {
            flags |= o == RenameOption.NO_REPLACE ? Linux.RENAME_NOREPLACE : Linux.RENAME_EXCHANGE;
        }
        int renameFlags = flags;
        runTwo(from, to, rootFd -> {
            operations.rename(rootFd, from, to, renameFlags);
            return null;
        });
    }

    /**
     * Opens a file inside the root for I/O, as {@link java.nio.file.Files#newByteChannel}
     * does for a path. {@code CREATE} creates the file when nothing has the name, exclusively
     * and never through a symlink: a dangling trailing symlink fails with {@code ELOOP}
     * instead of creating its target; an existing file is opened (a trailing symlink followed
     * inside the root unless {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}). {@code
     * CREATE_NEW} fails with {@code EEXIST} when anything has the name. A
     * {@code PosixFilePermissions.asFileAttribute} sets the new file's exact mode; without one
     * the mode is 0666 less the umask.
     *
     * <p>Only regular files are opened: a directory fails with {@code EISDIR}, a symlink (with
     * {@code NOFOLLOW_LINKS}) with {@code ELOOP}, and a fifo, socket or device with {@code EINVAL}, so a planted fifo cannot block the caller forever.
     * {@link Handle#newChannel} opens anything a handle names.
     */
    public FileChannel open(String path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        return open(path, options, exactMode(attributes));
    }

    /**
     * {@link #open(String, Set, FileAttribute[])} giving a file it creates exactly {@code mode}
     * (setuid, setgid and sticky included).
     */
    public FileChannel open(String path, Set<? extends OpenOption> options, int mode) throws IOException {
        return open(path, options, Integer.valueOf(mode & 07777));
    }

    private FileChannel open(String path, Set<? extends OpenOption> options, Integer exactMode) throws IOException {
        boolean create = options.contains(StandardOpenOption.CREATE);
        boolean createNew = options.contains(StandardOpenOption.CREATE_NEW);
        boolean noFollow = options.contains(LinkOption.NOFOLLOW_LINKS);
        Set<OpenOption> reopen = new HashSet<>(options);
        reopen.remove(StandardOpenOption.CREATE);
        reopen.remove(StandardOpenOption.CREATE_NEW);
        int flags = Handle.openFlags(reopen, path);
        int createMode = exactMode != null ? exactMode : 0666;
        int accessFlags = flags & ~(Linux.O_TRUNC | Linux.O_NOCTTY);
        if (createNew) {
            return run(path, rootFd -> Handle.channel(
                    operations.createExclusive(rootFd, path, accessFlags, createMode, exactMode != null), flags, path));
        }
        ResolveOptions lookup = ResolveOptions.DEFAULT.withNoFollow(noFollow);
        for (int attempt = 0; ; attempt++) {
            try (Handle existing = resolve(path, lookup)) {
                FileType type = existing.type();
                if (type != FileType.REGULAR_FILE) {
                    int errno = switch (type) {
                        case DIRECTORY -> ErrnoNames.EISDIR;
                        case SYMLINK -> ErrnoNames.ELOOP; // NOFOLLOW_LINKS on a link, as O_NOFOLLOW answers
                        default -> ErrnoNames.EINVAL;
                    };
                    throw Failures.translate(new SyscallException(errno, "open: not a regular file"), path);
                }
                return existing.newChannel(reopen.toArray(OpenOption[]::new));
            } catch (NoSuchFileException missing) {
                if (!create) {
                    throw missing;
                }
            }
            try {
                return run(path, rootFd -> Handle.channel(
                        operations.createExclusive(rootFd, path, accessFlags, createMode, exactMode != null),
                        flags, path));
            } catch (FileAlreadyExistsException raced) {
                // a racing creator won, or the name is a dangling symlink
                if (run(path, rootFd -> operations.isSymlink(rootFd, path))) {
                    throw Failures.translate(new SyscallException(ErrnoNames.ELOOP,
                            "open: a dangling symlink is not followed to create its target"), path);
                }
                if (attempt >= 8) {
                    throw raced;
                }
            }
        }
    }

    /** {@link #open(String, Set, FileAttribute[])} with options as varargs; none means READ. */
    public FileChannel open(String path, OpenOption... options) throws IOException {
        return open(path, Set.of(options));
    }

    private static Integer exactMode(FileAttribute<?>... attributes) {
        Integer mode = null;
        for (FileAttribute<?> a : attributes) {
            if (!a.name().equals("posix:permissions")) {
                throw new UnsupportedOperationException("unsupported attribute: " + a.name());
            }
            @SuppressWarnings("unchecked")
            Set<PosixFilePermission> perms = (Set<PosixFilePermission>) a.value();
            mode = modeOf(perms);
        }
        return mode;
    }

    /**
     * Makes {@code newPath} another name of the object {@code existing} names; a symlink
     * there is linked itself. The object is linked through its descriptor.
     */
    public void hardlink(String existing, String newPath) throws IOException {
        Objects.requireNonNull(newPath, "newPath");
        runTwo(existing, newPath, rootFd -> {
            operations.hardlink(rootFd, existing, newPath);
            return null;
        });
    }

    /**
     * Makes {@code link} another name of the object {@code existing} holds, with one
     * {@code linkat} through the handle's descriptor: whatever the handle was resolved from may
     * have been renamed or swapped since, and the object linked is still the one the handle
     * holds. The new name is created in its pinned parent and never through a symlink
     * ({@code EEXIST} when anything has that name). The handle may come from another root;
     * both must be on one filesystem ({@code EXDEV} otherwise).
     *
     * @param link     the new name, inside this root
     * @param existing a handle on the object to link (a symlink handle links the symlink itself)
     * @throws IOException {@code EEXIST}, {@code EXDEV}, {@code EPERM} (a directory), and the
     *                     errors of {@link #resolve} for the parent of {@code link}
     */
    public void createLink(String link, Handle existing) throws IOException {
        Objects.requireNonNull(existing, "existing");
        run(link, rootFd -> {
            int source = existing.acquireFd();
            try {
                operations.linkDescriptor(rootFd, source, link);
            } finally {
                existing.releaseFd();
            }
            return null;
        });
    }

    /**
     * Opens the directory {@code path} names as a root of its own: a new descriptor, pinned
     * now, with this root's backend. Paths given to the new root are confined to that
     * directory (its {@code ..} stays there), so a single name acts on the pinned directory
     * and nothing else, however the tree above it changes afterwards.
     *
     * @param path    the directory, resolved inside this root
     * @param options how {@code path} is resolved
     * @return a root the caller closes
     * @throws java.nio.file.NotDirectoryException {@code path} is not a directory
     * @throws IOException                         the errors of {@link #resolve(String, ResolveOptions)}
     */
    public Root openRoot(String path, ResolveOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        return run(path, rootFd -> {
            OwnedFd dir = resolver.resolve(rootFd, PathBytes.of(path), options.lookupFlags() & ~Lookup.NO_FOLLOW);
            try {
                if (!Sys.fstatx(dir.get(), Linux.STATX_TYPE).isDirectory()) {
                    throw new SyscallException(ErrnoNames.ENOTDIR, "openRoot: not a directory");
                }
                return new Root(dir, this.path.resolve(path), backend);
            } catch (SyscallException | RuntimeException e) {
                dir.close();
                throw e;
            }
        });
    }

    /**
     * Sets the exact permission bits of what {@code path} names (a trailing symlink is
     * followed inside the root); see {@link Handle#setPermissions(int)}.
     */
    public void setPermissions(String path, int mode) throws IOException {
        try (Handle h = resolve(path)) {
            h.setPermissions(mode);
        }
    }

    /** Changes owner and group of what {@code path} names; see {@link Handle#setOwner(int, int)}. */
    public void setOwner(String path, int uid, int gid, ResolveOptions options) throws IOException {
        try (Handle h = resolve(path, options)) {
            h.setOwner(uid, gid);
        }
    }

    /** Sets the times of what {@code path} names; see {@link Handle#setTimes(FileTime, FileTime)}. */
    public void setTimes(String path, FileTime lastModified, FileTime lastAccess) throws IOException {
        try (Handle h = resolve(path)) {
            h.setTimes(lastModified, lastAccess);
        }
    }

    static int modeOf(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 0400 >> p.ordinal();
        }
        return mode;
    }

    /** The backend this root resolves with: {@link Backend#OPENAT2} or {@link Backend#EMULATED}. */
    public Backend backend() {
        return backend;
    }

    /** The path this root was opened with. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Root[" + path + ", " + backend + "]";
    }

}
