package dev.beneath;

import dev.beneath.internal.resolve.Lookup;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.resolve.Resolver;
import dev.beneath.internal.resolve.RootMount;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.SelfCheck;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A directory that paths are resolved inside of, whoever controls its contents. The directory
 * is pinned by a descriptor when the root is opened; every path given afterwards is taken
 * relative to it, and no lookup ever returns an object outside it, whatever symlinks,
 * {@code ..} components or concurrent renames the tree holds.
 *
 * <pre>{@code
 * try (Root volume = Root.open(Path.of("/var/lib/volumes/data"));
 *      InputStream in = volume.newInputStream(untrustedPath)) {
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
 * <h2>Options</h2>
 * A root carries one {@link ResolveOptions}, chosen when it is opened
 * ({@link #open(Path, ResolveOptions)}, {@link ResolveOptions#DEFAULT} otherwise), and every
 * operation that takes a path resolves it with them: with {@link Scope#BENEATH}, an upload
 * named {@code ../../x} is refused with {@link PathEscapeException} by {@code createFile},
 * {@code newOutputStream}, {@code rename} and all the others alike, instead of being taken
 * inside the root. {@link #withOptions} gives a view of the same root with other options
 * (no system call, same pinned directory). The one per-call override is
 * {@link #resolve(String, ResolveOptions)}, because the {@link Handle} it returns offers every
 * per-object operation. Where {@link java.nio.file.Files} takes
 * {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}, so does the matching method here, adding
 * noFollow for that call. Operations that never follow a trailing symlink (creation, removal,
 * rename, {@code readSymbolicLink}, {@code createLink}) ignore noFollow; the parent of the
 * final component is always followed (inside the root).
 *
 * <h2>Names</h2>
 * Paths are strings that carry Linux names, which are bytes, exactly; see {@link PathNames}.
 *
 * <p>A root may be shared between threads. Closing it does not invalidate handles or sub-roots
 * already made; an operation on a closed root throws
 * {@link java.nio.file.ClosedFileSystemException}: the unchecked exception Java code already
 * expects from a file system used after close (and a programming error rather than an I/O
 * failure, so it is not an {@link IOException}).
 */
public final class Root implements AutoCloseable {
    private final Pin pin;
    private final OwnedFd fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path path;
    private final Backend backend;
    private final ResolveOptions options;
    private final Resolver resolver;
    private final RootOperations operations;

    private Root(Pin pin, Path path, Backend backend, ResolveOptions options) {
        this.pin = pin;
        this.fd = pin.fd;
        this.path = path;
        this.backend = backend;
        this.options = options;
        this.resolver = backend.resolver();
        this.operations = new RootOperations(resolver, options.lookupFlags());
    }

    /**
     * The pinned directory descriptor, shared by a root and the views {@link #withOptions}
     * makes of it: each holds one reference, and the descriptor is closed when the last one
     * is released.
     */
    private static final class Pin {
        final OwnedFd fd;
        private final AtomicInteger references = new AtomicInteger(1);
        /**
         * {@link Lookup#ROOT_ON_PLAIN_FILESYSTEM} once the root directory was seen on neither
         * procfs nor sysfs (its filesystem never changes), 0 when it is on one, -1 before the
         * first lookup asks.
         */
        private volatile int rootFlags = -1;
        /** What {@link #rootMount} learnt; null before the first lookup asks. */
        private volatile RootMount rootMount;

        /** The facts about the root directory that lookups use, learnt once with one fstatfs. */
        int rootFlags() throws SyscallException {
            int flags = rootFlags;
            if (flags < 0) {
                long type = Sys.fstatfsType(fd.get());
                flags = type == Linux.PROC_SUPER_MAGIC || type == Linux.SYSFS_MAGIC ? 0 : Lookup.ROOT_ON_PLAIN_FILESYSTEM;
                rootFlags = flags;
            }
            return flags;
        }

        /** The root's mount as {@code resolver} wants it (see {@link Resolver#rootMount}), learnt once. */
        RootMount rootMount(Resolver resolver) throws SyscallException {
            RootMount mount = rootMount;
            if (mount == null) {
                mount = resolver.rootMount(fd.get());
                rootMount = mount;
            }
            return mount;
        }

        Pin(OwnedFd fd) {
            this.fd = fd;
        }

        void retain() {
            references.updateAndGet(n -> {
                if (n == 0) {
                    throw new ClosedFileSystemException();
                }
                return n + 1;
            });
        }

        void release() {
            if (references.decrementAndGet() == 0) {
                fd.close();
            }
        }
    }

    /** Wraps a directory descriptor the caller owns; it is closed with the root. */
    static Root pinned(OwnedFd directory, Path path, Backend backend, ResolveOptions options) {
        return new Root(new Pin(directory), path, backend, options);
    }

    /**
     * Marks one use of the root descriptor; pair with {@code fd.release()}. A closed root is
     * {@link ClosedFileSystemException}: the unchecked exception Java code already expects
     * from a {@link java.nio.file.FileSystem} used after close.
     */
    private int acquire() {
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
        return hold(fd);
    }

    /** Marks one use of {@code fd} (pair with {@code fd.release()}); a closed one is {@link ClosedFileSystemException}. */
    static int hold(OwnedFd fd) {
        try {
            return fd.acquire();
        } catch (IllegalStateException e) {
            throw new ClosedFileSystemException();
        }
    }

    /** One operation on a descriptor held open for it (the root's here, a handle's in {@link Handle}). */
    @FunctionalInterface
    interface Operation<T> {
        T apply(int fd) throws SyscallException;
    }

    /** Runs {@code op} with the root descriptor held open, translating its errno for {@code path}. */
    private <T> T run(String path, Operation<T> op) throws IOException {
        Objects.requireNonNull(path, "path");
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
        return held(fd, path, op);
    }

    /**
     * Runs {@code op} with {@code fd} held open for it (a closed one is
     * {@link ClosedFileSystemException}), translating its errno for {@code path}.
     */
    static <T> T held(OwnedFd fd, String path, Operation<T> op) throws IOException {
        int n = hold(fd);
        try {
            return op.apply(n);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    /**
     * Opens {@code directory} with the automatic backend and {@link ResolveOptions#DEFAULT}.
     *
     * @param directory a trusted path (symlinks in it are followed) to an existing directory
     * @return the root, pinned on that directory until closed
     * @throws java.nio.file.NoSuchFileException   the directory does not exist ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException it is not a directory ({@code ENOTDIR})
     * @throws IOException                         any other failure to open it, as a {@link PathError}
     */
    public static Root open(Path directory) throws IOException {
        return open(directory, Backend.AUTO, ResolveOptions.DEFAULT);
    }

    /**
     * Opens {@code directory} with a chosen backend; {@link Backend#AUTO} probes the kernel.
     *
     * @param directory a trusted path (symlinks in it are followed) to an existing directory
     * @param backend   how paths are resolved
     * @return the root, pinned on that directory until closed
     * @throws java.nio.file.NoSuchFileException   the directory does not exist ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException it is not a directory ({@code ENOTDIR})
     * @throws IOException                         any other failure to open it, as a {@link PathError}
     */
    public static Root open(Path directory, Backend backend) throws IOException {
        return open(directory, backend, ResolveOptions.DEFAULT);
    }

    /**
     * Opens {@code directory} with the automatic backend; every operation of the root uses
     * {@code options}. {@code Root.open(dir, ResolveOptions.DEFAULT.withScope(Scope.BENEATH))}
     * gives a root where any path that would leave it fails with {@link PathEscapeException}
     * instead of being taken inside it.
     *
     * @param directory a trusted path (symlinks in it are followed) to an existing directory
     * @param options   how every path given to this root is resolved
     * @return the root, pinned on that directory until closed
     * @throws java.nio.file.NoSuchFileException   the directory does not exist ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException it is not a directory ({@code ENOTDIR})
     * @throws IOException                         any other failure to open it, as a {@link PathError}
     */
    public static Root open(Path directory, ResolveOptions options) throws IOException {
        return open(directory, Backend.AUTO, options);
    }

    /**
     * Opens {@code directory} with a chosen backend and the options every operation uses.
     *
     * @param directory a trusted path (symlinks in it are followed) to an existing directory
     * @param backend   how paths are resolved; {@link Backend#AUTO} probes the kernel
     * @param options   how every path given to this root is resolved
     * @return the root, pinned on that directory until closed
     * @throws java.nio.file.NoSuchFileException   the directory does not exist ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException it is not a directory ({@code ENOTDIR})
     * @throws IOException                         any other failure to open it, as a {@link PathError}
     * @throws UnsupportedOperationException       not Linux on x86_64 or aarch64, or the kernel's
     *                                             answers to the first-use check of the open flags
     *                                             and system call numbers were not the expected
     *                                             ones: nothing is resolved with unverified constants
     */
    public static Root open(Path directory, Backend backend, ResolveOptions options) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        SelfCheck.require();
        String text = directory.toString();
        try {
            byte[] bytes = PathBytes.of(text);
            int n = Sys.openat(Linux.AT_FDCWD, bytes, Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            return pinned(OwnedFd.adopt(n), directory, backend.concrete(), options);
        } catch (SyscallException e) {
            throw Failures.translate(e, text);
        }
    }

    /**
     * A view of this root whose every operation uses {@code newOptions}. The view shares this
     * root's pinned descriptor: no system call is made, and the descriptor stays open until
     * this root and every view of it are closed. Closing the view releases only its own
     * reference; close it like the root (try-with-resources).
     *
     * @param newOptions how every path given to the view is resolved
     * @return a new view, to be closed on its own
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Root withOptions(ResolveOptions newOptions) {
        Objects.requireNonNull(newOptions, "newOptions");
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
        pin.retain();
        return new Root(pin, path, backend, newOptions);
    }

    /**
     * The options every operation of this root resolves paths with.
     *
     * @return the options chosen at {@link #open(Path, ResolveOptions)} or {@link #withOptions}
     */
    public ResolveOptions options() {
        return options;
    }

    /**
     * Opens the directory {@code path} names as a root of its own, confined to it: {@code ..}
     * and absolute symlinks in the new root stop at that directory, not at this root. The new
     * root keeps this root's backend and options and holds its own descriptor: it stays usable
     * after this root is closed, and must be closed itself. As Go's {@code Root.OpenRoot}.
     *
     * @param path a path inside this root naming a directory (a trailing symlink is followed
     *             inside this root unless the options say noFollow)
     * @return the new root
     * @throws java.nio.file.NotDirectoryException {@code path} names something other than a
     *                                             directory ({@code ENOTDIR})
     * @throws java.nio.file.NoSuchFileException   nothing has that name ({@code ENOENT})
     * @throws PathEscapeException                 leaving the root under {@link Scope#BENEATH} ({@code EXDEV})
     * @throws IOException                         any other failure of the lookup, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Root openRoot(String path) throws IOException {
        try (Handle directory = resolve(path)) {
            return directory.openRoot();
        }
    }

    /**
     * {@link #run} for an operation on two paths: the error names the path it is about
     * ({@link SyscallException#aboutSecondPath} marks failures that concern the second); one
     * about the first carries the second as {@link java.nio.file.FileSystemException#getOtherFile()}.
     */
    private void runTwo(String first, String second, Operation<Void> op) throws IOException {
        Objects.requireNonNull(first, "first path");
        Objects.requireNonNull(second, "second path");
        int rootFd = acquire();
        try {
            op.apply(rootFd);
        } catch (SyscallException e) {
            // as the JDK's copy and move: a failure about the target names it alone, any other
            // names the source and, as the other file, the target
            throw e.isAboutSecondPath() ? Failures.translate(e, second, null) : Failures.translate(e, first, second);
        } finally {
            fd.release();
        }
    }

    /**
     * Resolves {@code path} inside this root with the root's {@link #options()}.
     *
     * @param path a path inside the root; absolute paths start at the root ({@link Scope#IN_ROOT})
     *             or are refused ({@link Scope#BENEATH})
     * @return a handle on the object the path names, to be closed by the caller
     * @throws IOException as {@link #resolve(String, ResolveOptions)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Handle resolve(String path) throws IOException {
        return resolve(path, options);
    }

    /**
     * Resolves {@code path} inside this root with {@code options} instead of the root's: the
     * one operation that takes options per call, because the handle it returns offers every
     * per-object operation (attributes, I/O, listing, changes) on exactly what was found.
     *
     * @param path    a path inside the root; absolute paths start at the root
     *                ({@link Scope#IN_ROOT}) or are refused ({@link Scope#BENEATH})
     * @param options how to resolve it
     * @return a handle on the object the path names, to be closed by the caller
     * @throws java.nio.file.NoSuchFileException    a component is missing, or a symlink dangles ({@code ENOENT})
     * @throws java.nio.file.NotDirectoryException  a non-directory where a directory is needed ({@code ENOTDIR})
     * @throws java.nio.file.FileSystemLoopException more than 40 symlinks, a refused symlink or magic link ({@code ELOOP})
     * @throws PathEscapeException                   leaving the root under BENEATH, or crossing a mount under noXdev ({@code EXDEV})
     * @throws IOException                           {@code EINVAL} for a NUL or a name not in canonical
     *                                               form ({@link PathNames}), {@code ENAMETOOLONG},
     *                                               {@code EAGAIN} after 128 retries, and others; all
     *                                               implement {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Handle resolve(String path, ResolveOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(path, "path");
        // written out rather than through run(): the hottest call of the API, and a lambda
        // passed to a call site shared by every operation is an allocation the JIT cannot remove
        int rootFd = acquire();
        try {
            return handle(resolver.resolve(rootFd, PathBytes.of(path), options.lookupFlags() | pin.rootFlags(),
                    pin.rootMount(resolver)), path);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    /** A handle on {@code fd}, remembering this root's backend and options for {@link Handle#openRoot()}. */
    Handle handle(OwnedFd resolved, String name) {
        return new Handle(resolved, name, path, backend, options);
    }

    /**
     * {@code mkdir -p} inside the root, returning a handle on the directory. The part of the
     * path that exists is resolved with the root's options (symlinks inside the root are
     * followed; under {@link Scope#BENEATH} one that would leave it fails with
     * {@link PathEscapeException}); each missing directory is created with one {@code mkdirat}
     * on its pinned parent and given exactly {@code mode} (setuid, setgid and sticky included;
     * the umask does not apply; setgid is inherited from the parent as the kernel does). A
     * directory created by a racing caller is accepted. A dangling symlink is never followed
     * to create its target, and {@code ..} in the missing part is refused ({@code ENOENT}); a
     * non-directory in the way is {@code ENOTDIR}. (noFollow has no meaning here: every
     * component must end up a directory.)
     *
     * @param path a path inside the root
     * @param mode permission bits such as {@code 0750} or {@code 02775}
     * @return a handle on the directory, to be closed by the caller
     * @throws java.nio.file.NotDirectoryException a non-directory in the way ({@code ENOTDIR})
     * @throws java.nio.file.NoSuchFileException   an empty path, or {@code ..} in the missing part ({@code ENOENT})
     * @throws PathEscapeException                 leaving the root under BENEATH ({@code EXDEV})
     * @throws IOException                         any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Handle mkdirAll(String path, int mode) throws IOException {
        return run(path, rootFd -> handle(operations.mkdirAll(rootFd, path, mode, options.lookupFlags()), path));
    }

    /**
     * {@link #mkdirAll(String, int)} with permissions as a java.nio set.
     *
     * @param path        a path inside the root
     * @param permissions the permission bits of each directory created
     * @return a handle on the directory, to be closed by the caller
     * @throws IOException as {@link #mkdirAll(String, int)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Handle mkdirAll(String path, Set<PosixFilePermission> permissions) throws IOException {
        return mkdirAll(path, modeOf(permissions));
    }

    /**
     * Creates one directory with exactly {@code mode}; its parent must exist.
     *
     * @param path a path inside the root
     * @param mode the exact permission bits
     * @throws java.nio.file.FileAlreadyExistsException anything (a symlink included) already has that name ({@code EEXIST})
     * @throws java.nio.file.NoSuchFileException        the parent is missing ({@code ENOENT})
     * @throws PathEscapeException                      the parent is outside the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void mkdir(String path, int mode) throws IOException {
        createDirectoryHeld(path, mode).close();
    }

    /** {@link #mkdir}, returning a handle on the very directory it made. */
    Handle createDirectoryHeld(String path, int mode) throws IOException {
        return run(path, rootFd -> handle(operations.mkdir(rootFd, path, mode), path));
    }

    /**
     * Creates a new, empty regular file with exactly {@code mode} and returns a handle on it.
     * Exclusive: an existing entry of that name, a symlink included (dangling or not), fails
     * with {@code EEXIST}, so no symlink is ever followed to create its target.
     *
     * @param path a path inside the root
     * @param mode the exact permission bits
     * @return a handle on the new file, to be closed by the caller
     * @throws java.nio.file.FileAlreadyExistsException anything already has that name ({@code EEXIST})
     * @throws java.nio.file.NoSuchFileException        the parent is missing ({@code ENOENT})
     * @throws PathEscapeException                      the parent is outside the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Handle createFile(String path, int mode) throws IOException {
        return run(path, rootFd -> handle(operations.createFile(rootFd, path, mode), path));
    }

    /**
     * Creates a symbolic link at {@code link} whose content is exactly {@code target}, as
     * {@link java.nio.file.Files#createSymbolicLink}. beneath resolves such a link inside the
     * root when it is followed later; programs that follow it without beneath do not, which
     * is why the target is stored as given and not checked.
     *
     * @param link   where to create the link, a path inside the root
     * @param target the link's content, any non-empty text (its bytes as {@link PathNames} encodes them)
     * @throws java.nio.file.FileAlreadyExistsException anything already has the name {@code link} ({@code EEXIST})
     * @throws java.nio.file.NoSuchFileException        the parent is missing, or {@code target} is empty ({@code ENOENT})
     * @throws PathEscapeException                      the parent is outside the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void createSymbolicLink(String link, String target) throws IOException {
        Objects.requireNonNull(target, "target");
        run(link, rootFd -> {
            operations.symlink(rootFd, target, link);
            return null;
        });
    }

    /**
     * Makes {@code link} another name of the object {@code existing} names, as
     * {@link java.nio.file.Files#createLink}; a symlink at {@code existing} is linked itself,
     * not followed. The object is linked through its descriptor, so a swap of
     * {@code existing} after it was resolved changes nothing.
     *
     * @param link     the new name, a path inside the root
     * @param existing the object to link, a path inside the root
     * @throws java.nio.file.FileAlreadyExistsException anything already has the name {@code link} ({@code EEXIST})
     * @throws java.nio.file.NoSuchFileException        {@code existing} or the parent of {@code link} is missing ({@code ENOENT})
     * @throws java.nio.file.AccessDeniedException      {@code existing} is a directory ({@code EPERM})
     * @throws PathEscapeException                      either path leaves the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError} naming the path it is about
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void createLink(String link, String existing) throws IOException {
        Objects.requireNonNull(link, "link");
        runTwo(existing, link, rootFd -> {
            operations.hardlink(rootFd, existing, link);
            return null;
        });
    }

    /**
     * Makes {@code link} another name of the object {@code existing} holds, with one
     * {@code linkat} through the handle's descriptor: whatever the handle was resolved from may
     * have been renamed or swapped since, and the object linked is still the one the handle
     * holds. The new name is created in its pinned parent and never through a symlink. The
     * handle may come from another root (a sub-root's parent, say); both must be on one
     * filesystem.
     *
     * @param link     the new name, a path inside this root
     * @param existing a handle on the object to link (a symlink handle links the symlink itself)
     * @throws java.nio.file.FileAlreadyExistsException anything already has the name {@code link} ({@code EEXIST})
     * @throws java.nio.file.AccessDeniedException      {@code existing} is a directory ({@code EPERM})
     * @throws PathEscapeException                      the two are on different filesystems, or
     *                                                  {@code link} leaves the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root or the handle is closed
     */
    public void createLink(String link, Handle existing) throws IOException {
        Objects.requireNonNull(existing, "existing");
        run(link, rootFd -> {
            int source = existing.acquireDescriptor();
            try {
                operations.linkDescriptor(rootFd, source, link);
            } finally {
                existing.releaseDescriptor();
            }
            return null;
        });
    }

    /**
     * The content of the symbolic link {@code path} names, as
     * {@link java.nio.file.Files#readSymbolicLink}; the link itself is read, never followed.
     *
     * @param path a path inside the root
     * @return the link's content, in the form {@link PathNames} describes (byte-exact)
     * @throws java.nio.file.NoSuchFileException nothing has that name ({@code ENOENT})
     * @throws IOException                       {@code EINVAL} when it is not a symlink, or any
     *                                           other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public String readSymbolicLink(String path) throws IOException {
        return run(path, rootFd -> PathBytes.decode(operations.readlink(rootFd, path)));
    }

    /**
     * Removes a file, symlink (itself, never its target), fifo, socket or device node.
     *
     * @param path a path inside the root
     * @throws java.nio.file.NoSuchFileException nothing has that name ({@code ENOENT})
     * @throws IOException                       {@code EISDIR} for a directory, or any other
     *                                           failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void removeFile(String path) throws IOException {
        run(path, rootFd -> {
            operations.removeFile(rootFd, path);
            return null;
        });
    }

    /**
     * Removes an empty directory.
     *
     * @param path a path inside the root
     * @throws java.nio.file.DirectoryNotEmptyException the directory has entries ({@code ENOTEMPTY})
     * @throws java.nio.file.NotDirectoryException      it is not a directory ({@code ENOTDIR})
     * @throws java.nio.file.NoSuchFileException        nothing has that name ({@code ENOENT})
     * @throws IOException                              any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
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
     * directory that was moved away during the removal ({@code ESTALE}). The cost is linear in
     * the number of entries; memory grows with the depth only (one batch of names per level),
     * and open descriptors do not grow at all (about ten whatever the depth).
     *
     * <p>The window that remains: entries are unlinked in batches of one directory read (8 KiB
     * of names, at most a few hundred), and before each batch the walk checks that the
     * directory's {@code ..} is still the directory it came down from. A directory moved out
     * of the root between that check and the end of its batch loses the rest of that batch
     * outside the root, and nothing more: the next check, or the climb back up, stops the
     * removal with {@code ESTALE}. Moving a directory out requires write access outside the
     * root, which the tree's owner does not normally have.
     *
     * @param path a path inside the root
     * @throws IOException any failure but a missing path, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
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
     *
     * @param from    the entry to rename, a path inside the root
     * @param to      its new name, a path inside the root
     * @param options {@link RenameOption#NO_REPLACE} or {@link RenameOption#EXCHANGE}; none replaces an existing {@code to}
     * @throws java.nio.file.NoSuchFileException        {@code from} is missing ({@code ENOENT})
     * @throws java.nio.file.FileAlreadyExistsException {@code to} exists with NO_REPLACE ({@code EEXIST})
     * @throws PathEscapeException                      either path leaves the root under BENEATH ({@code EXDEV})
     * @throws IOException                              any other failure, as a {@link PathError} naming the path it is about
     * @throws java.nio.file.ClosedFileSystemException this root is closed
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
     * Opens a regular file inside the root for I/O, as {@link java.nio.file.Files#newByteChannel}
     * does for a path. {@code CREATE} creates the file when nothing has the name, exclusively
     * and never through a symlink: a dangling trailing symlink fails with {@code ELOOP}
     * instead of creating its target; an existing file is opened (a trailing symlink followed
     * inside the root unless {@link java.nio.file.LinkOption#NOFOLLOW_LINKS} or the root's
     * noFollow). {@code CREATE_NEW} fails with {@code EEXIST} when anything has the name. A
     * {@code PosixFilePermissions.asFileAttribute} sets the new file's exact mode; without one
     * the mode is 0666 less the umask. An option given twice counts once.
     *
     * <p>Only regular files are opened: a directory fails with {@code EISDIR}, a symlink (with
     * {@code NOFOLLOW_LINKS}) with {@code ELOOP}, and a fifo, socket or device with
     * {@code EINVAL}, so a planted fifo cannot block the caller forever; nor can a lease its
     * owner never gives up: a leased file fails at once with {@code EAGAIN} ({@code EWOULDBLOCK}).
     * {@link Handle#newChannel} opens anything a handle names.
     *
     * @param path       a path inside the root
     * @param options    {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS}; none means READ
     * @param attributes at most a {@code posix:permissions} attribute for a file it creates
     * @return an open channel, to be closed by the caller
     * @throws java.nio.file.NoSuchFileException        nothing has the name and CREATE was not given ({@code ENOENT})
     * @throws java.nio.file.FileAlreadyExistsException CREATE_NEW and the name exists ({@code EEXIST})
     * @throws java.nio.file.FileSystemLoopException    a symlink refused by the options or by NOFOLLOW_LINKS ({@code ELOOP})
     * @throws PathEscapeException                      leaving the root under BENEATH ({@code EXDEV})
     * @throws IOException                              {@code EISDIR}, {@code EINVAL} for a non-regular
     *                                                  file, or any other failure, as a {@link PathError}
     * @throws UnsupportedOperationException           an option or attribute this method does not support
     * @throws IllegalArgumentException                 APPEND with READ or TRUNCATE_EXISTING
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public FileChannel newFileChannel(String path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        return open(path, options, exactMode(attributes));
    }

    /**
     * {@link #newFileChannel(String, Set, FileAttribute[])} giving a file it creates exactly
     * {@code mode} (setuid, setgid and sticky included; the umask does not apply).
     *
     * @param path    a path inside the root
     * @param options {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS}; none means READ
     * @param mode    the exact permission bits of a file it creates
     * @return an open channel, to be closed by the caller
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      APPEND with READ or TRUNCATE_EXISTING
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public FileChannel newFileChannel(String path, Set<? extends OpenOption> options, int mode) throws IOException {
        return open(path, options, Integer.valueOf(mode & 07777));
    }

    private FileChannel open(String path, Set<? extends OpenOption> openOptions, Integer exactMode) throws IOException {
        boolean create = openOptions.contains(StandardOpenOption.CREATE);
        boolean createNew = openOptions.contains(StandardOpenOption.CREATE_NEW);
        boolean noFollow = openOptions.contains(LinkOption.NOFOLLOW_LINKS);
        Set<? extends OpenOption> reopen = openOptions;
        if (create || createNew) {
            Set<OpenOption> copy = new HashSet<>(openOptions);
            copy.remove(StandardOpenOption.CREATE);
            copy.remove(StandardOpenOption.CREATE_NEW);
            reopen = copy;
        }
        int flags = Handle.openFlags(reopen, path);
        int createMode = exactMode != null ? exactMode : 0666;
        int accessFlags = flags & ~(Linux.O_TRUNC | Linux.O_NOCTTY);
        if (createNew) {
            return run(path, rootFd -> Handle.channel(
                    operations.createExclusive(rootFd, path, accessFlags, createMode, exactMode != null), flags, path));
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return Handle.channel(openExisting(path, noFollow, flags).fd(), flags, path);
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

    /**
     * Opens the regular file {@code path} names with {@code flags}: the resolve (with the
     * root's options, and noFollow when asked), the checked reopen of {@link Handle#reopen},
     * and the {@code close} of the lookup's {@code O_PATH} descriptor. With openat2 that is five
     * system calls: {@code openat2}, {@code statx}, {@code openat}, {@code fcntl}, {@code close}.
     */
    private Handle.Reopened openExisting(String path, boolean noFollow, int flags) throws IOException {
        try (Handle existing = resolve(path, noFollow ? options.withNoFollow(true) : options)) {
            return existing.reopen(flags, true);
        }
    }

    /**
     * {@link #newFileChannel(String, Set, FileAttribute[])} with options as varargs.
     *
     * @param path    a path inside the root
     * @param options {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS}; none
     *                means READ; duplicates are ignored
     * @return an open channel, to be closed by the caller
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      APPEND with READ or TRUNCATE_EXISTING
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public FileChannel newFileChannel(String path, OpenOption... options) throws IOException {
        return open(path, options.length == 0 ? READ_ONLY : optionSet(options), (Integer) null);
    }

    /**
     * A stream reading a regular file inside the root, as {@link java.nio.file.Files#newInputStream}.
     *
     * @param path    a path inside the root
     * @param options READ is implied; {@link LinkOption#NOFOLLOW_LINKS} refuses a trailing symlink
     * @return an open stream, to be closed by the caller
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws UnsupportedOperationException WRITE or APPEND, or an option this method does not support
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public InputStream newInputStream(String path, OpenOption... options) throws IOException {
        Set<OpenOption> set = optionSet(options);
        if (set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("an input stream cannot be opened for writing");
        }
        set.add(StandardOpenOption.READ);
        return Channels.newInputStream(open(path, set, (Integer) null));
    }

    /**
     * A stream writing a regular file inside the root, as {@link java.nio.file.Files#newOutputStream}:
     * with no option, {@code CREATE}, {@code TRUNCATE_EXISTING} and {@code WRITE}.
     *
     * @param path    a path inside the root
     * @param options {@link StandardOpenOption}s and {@link LinkOption#NOFOLLOW_LINKS}; WRITE is implied
     * @return an open stream, to be closed by the caller
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      READ, or APPEND with TRUNCATE_EXISTING
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public OutputStream newOutputStream(String path, OpenOption... options) throws IOException {
        Set<OpenOption> set = optionSet(options);
        if (set.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("an output stream cannot be opened for reading");
        }
        if (options.length == 0) {
            set.add(StandardOpenOption.CREATE);
            set.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        set.add(StandardOpenOption.WRITE);
        return Channels.newOutputStream(open(path, set, (Integer) null));
    }

    /** The options as a mutable set; a duplicate counts once, as java.nio.file.Files takes them. */
    /** No option, which means READ: the common case, without a set made per call. */
    private static final Set<OpenOption> READ_ONLY = Set.of(StandardOpenOption.READ);

    static Set<OpenOption> optionSet(OpenOption... options) {
        Set<OpenOption> set = new HashSet<>();
        for (OpenOption o : options) {
            set.add(Objects.requireNonNull(o, "option"));
        }
        return set;
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
     * Whether {@code path} names something, as {@link java.nio.file.Files#exists}: a trailing
     * symlink is followed inside the root unless {@code NOFOLLOW_LINKS} is given or the root's
     * options say noFollow (so a dangling link does not exist unless asked about itself).
     * Unlike {@code Files.exists}, only an answer of absence ({@code ENOENT}, or {@code ENOTDIR}
     * for a non-directory on the way) is false; any other failure, such as a path leaving the
     * root under {@link Scope#BENEATH}, is thrown rather than mistaken for absence.
     *
     * @param path    a path inside the root
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to ask about a trailing symlink itself
     * @return true when the lookup finds an object
     * @throws PathEscapeException leaving the root under BENEATH, or crossing a mount under noXdev ({@code EXDEV})
     * @throws IOException         any failure other than absence, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public boolean exists(String path, LinkOption... options) throws IOException {
        try (Handle h = resolve(path, linkOptions(options))) {
            return true;
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException absent) {
            return false;
        }
    }

    /** The root's options, with noFollow added when {@code NOFOLLOW_LINKS} is among {@code options}. */
    private ResolveOptions linkOptions(LinkOption... linkOptions) {
        boolean noFollow = options.noFollow();
        for (LinkOption o : linkOptions) {
            if (Objects.requireNonNull(o, "option") == LinkOption.NOFOLLOW_LINKS) {
                noFollow = true;
            }
        }
        return options.withNoFollow(noFollow);
    }

    /**
     * The attributes of what {@code path} names, a trailing symlink followed inside the root
     * (unless the root's options say noFollow), read from the descriptor the lookup returned.
     *
     * @param path a path inside the root
     * @return a snapshot of the attributes
     * @throws IOException as {@link #resolve(String)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public FileAttributes stat(String path) throws IOException {
        try (Handle h = resolve(path)) {
            return h.attributes();
        }
    }

    /**
     * The attributes of what {@code path} names, a trailing symlink reported itself.
     *
     * @param path a path inside the root
     * @return a snapshot of the attributes
     * @throws IOException as {@link #resolve(String)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public FileAttributes lstat(String path) throws IOException {
        try (Handle h = resolve(path, options.withNoFollow(true))) {
            return h.attributes();
        }
    }

    /**
     * The whole content of a regular file, as {@link java.nio.file.Files#readAllBytes}. The
     * file is opened as {@link #newFileChannel(String, OpenOption...)} opens it: a fifo,
     * device or directory is refused, so the call cannot block on a planted fifo.
     *
     * @param path a path inside the root
     * @return the bytes
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}
     * @throws OutOfMemoryError the file is larger than an array can hold
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public byte[] readAllBytes(String path) throws IOException {
        int flags = Handle.openFlags(READ_ONLY, path);
        Handle.Reopened file = openExisting(path, false, flags);
        try (FileChannel channel = Handle.channel(file.fd(), flags, path)) {
            // the size the open's statx saw is a hint: the file is read to its end whatever it holds
            long size = file.seen().size();
            if (size > MAX_ARRAY) {
                throw new OutOfMemoryError("file too large for an array: " + size + " bytes");
            }
            byte[] buffer = new byte[(int) size];
            int n = 0;
            while (true) {
                if (n < buffer.length) {
                    int got = channel.read(ByteBuffer.wrap(buffer, n, buffer.length - n));
                    if (got < 0) {
                        return Arrays.copyOf(buffer, n); // it shrank
                    }
                    n += got;
                    continue;
                }
                // full: one more read tells the end of the file from growth
                ByteBuffer next = ByteBuffer.allocate(1);
                if (channel.read(next) < 0) {
                    return buffer;
                }
                if (buffer.length == MAX_ARRAY) {
                    throw new OutOfMemoryError("file too large for an array");
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_ARRAY, Math.max(8192, 2L * buffer.length)));
                buffer[n++] = next.get(0);
            }
        }
    }

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * The whole content of a regular file as UTF-8 text, as {@link java.nio.file.Files#readString(Path)}.
     *
     * @param path a path inside the root
     * @return the text
     * @throws java.nio.charset.CharacterCodingException the content is not valid UTF-8
     * @throws IOException as {@link #readAllBytes(String)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public String readString(String path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * The whole content of a regular file as text, as
     * {@link java.nio.file.Files#readString(Path, Charset)}.
     *
     * @param path    a path inside the root
     * @param charset how the content is encoded
     * @return the text
     * @throws java.nio.charset.CharacterCodingException the content is malformed or unmappable in {@code charset}
     * @throws IOException as {@link #readAllBytes(String)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public String readString(String path, Charset charset) throws IOException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(readAllBytes(path))).toString();
    }

    /**
     * Writes {@code bytes} to a regular file, as {@link java.nio.file.Files#write(Path, byte[], OpenOption...)}:
     * with no option, {@code CREATE}, {@code TRUNCATE_EXISTING} and {@code WRITE}, the file
     * opened as {@link #newFileChannel(String, Set, FileAttribute[])} opens it (never created
     * through a symlink). With {@link WriteOption#ATOMIC_REPLACE} the file is instead replaced
     * as a whole: see there; it creates the file when nothing has the name.
     *
     * @param path    a path inside the root
     * @param bytes   the content
     * @param options {@link StandardOpenOption}s, {@link LinkOption#NOFOLLOW_LINKS} and {@link WriteOption}s
     * @throws IOException as {@link #newFileChannel(String, Set, FileAttribute[])}; with ATOMIC_REPLACE,
     *                     {@code EISDIR} for a directory at the name and {@code EEXIST} for CREATE_NEW
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      READ, or APPEND with TRUNCATE_EXISTING or ATOMIC_REPLACE
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void write(String path, byte[] bytes, OpenOption... options) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Set<OpenOption> set = optionSet(options);
        if (set.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("READ not allowed");
        }
        if (set.remove(WriteOption.ATOMIC_REPLACE)) {
            if (set.contains(StandardOpenOption.APPEND)) {
                throw new IllegalArgumentException("APPEND cannot be combined with ATOMIC_REPLACE");
            }
            Handle.openFlags(set, path); // the same checks as any open
            boolean noReplace = set.contains(StandardOpenOption.CREATE_NEW);
            run(path, rootFd -> {
                operations.replaceAtomically(rootFd, path, noReplace, file -> writeFully(file.get(), bytes));
                return null;
            });
            return;
        }
        if (options.length == 0) {
            set.add(StandardOpenOption.CREATE);
            set.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        set.add(StandardOpenOption.WRITE);
        try (FileChannel channel = open(path, set, (Integer) null)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void writeFully(int fd, byte[] bytes) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            int chunk = Math.min(bytes.length, 1 << 20);
            MemorySegment buffer = arena.allocate(Math.max(1, chunk));
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(chunk, bytes.length - at);
                MemorySegment.copy(bytes, at, buffer, ValueLayout.JAVA_BYTE, 0, n);
                for (long written = 0; written < n; ) {
                    written += Sys.write(fd, buffer.asSlice(written, n - written), -1);
                }
                at += n;
            }
        }
    }

    /**
     * Writes text as UTF-8, as {@link java.nio.file.Files#writeString(Path, CharSequence, OpenOption...)};
     * see {@link #write(String, byte[], OpenOption...)} for the options.
     *
     * @param path    a path inside the root
     * @param text    the content
     * @param options {@link StandardOpenOption}s, {@link LinkOption#NOFOLLOW_LINKS} and {@link WriteOption}s
     * @throws java.nio.charset.CharacterCodingException {@code text} holds an unpaired surrogate
     * @throws IOException as {@link #write(String, byte[], OpenOption...)}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      READ, or APPEND with TRUNCATE_EXISTING or ATOMIC_REPLACE
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void writeString(String path, CharSequence text, OpenOption... options) throws IOException {
        writeString(path, text, StandardCharsets.UTF_8, options);
    }

    /**
     * Writes text in {@code charset}, as
     * {@link java.nio.file.Files#writeString(Path, CharSequence, Charset, OpenOption...)};
     * see {@link #write(String, byte[], OpenOption...)} for the options.
     *
     * @param path    a path inside the root
     * @param text    the content
     * @param charset how to encode it
     * @param options {@link StandardOpenOption}s, {@link LinkOption#NOFOLLOW_LINKS} and {@link WriteOption}s
     * @throws java.nio.charset.CharacterCodingException {@code text} cannot be encoded in {@code charset}
     * @throws IOException as {@link #write(String, byte[], OpenOption...)}
     * @throws UnsupportedOperationException an option this method does not support
     * @throws IllegalArgumentException      READ, or APPEND with TRUNCATE_EXISTING or ATOMIC_REPLACE
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void writeString(String path, CharSequence text, Charset charset, OpenOption... options)
            throws IOException {
        ByteBuffer encoded = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        write(path, bytes, options);
    }

    /**
     * {@link #walk(String, int, FileVisitOption...)} with no depth limit.
     *
     * @param path    where to start, a path inside the root
     * @param options {@link FileVisitOption#FOLLOW_LINKS} to follow symlinks (inside the root)
     * @return a lazy stream of entries, to be closed (try-with-resources) to release its descriptors
     * @throws IOException the start cannot be resolved, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Stream<WalkEntry> walk(String path, FileVisitOption... options) throws IOException {
        return walk(path, Integer.MAX_VALUE, options);
    }

    /**
     * Walks the tree below {@code path}, depth first, each directory before its entries, as
     * {@link java.nio.file.Files#walk(Path, int, FileVisitOption...)} but over descriptors:
     * each directory is opened from its parent's descriptor, never through a path string
     * rebuilt from the top. Symlinks are reported as symlinks and not followed unless
     * {@link FileVisitOption#FOLLOW_LINKS} is given; a followed link is resolved inside the
     * root, so the walk never leaves it, and a link back to a directory being walked is
     * reported with {@code ELOOP} instead of entered. An entry the walk cannot read (a
     * directory it cannot open or list, a directory replaced during the walk) is reported
     * with its {@link WalkEntry#error()}, never dropped; an entry removed during the walk is
     * skipped. Names are byte-exact, so every {@link WalkEntry#path()} reaches its entry
     * again. Under noXdev, directories on other mounts are reported with {@code EXDEV} and not
     * entered. At most a fixed number of descriptors are held whatever the depth; closing the
     * stream closes them all (the walk also closes them when it reaches its end).
     *
     * @param path     where to start, a path inside the root (a trailing symlink is followed
     *                 only with FOLLOW_LINKS)
     * @param maxDepth how deep to go: 0 for the start only
     * @param visitOptions {@link FileVisitOption#FOLLOW_LINKS} to follow symlinks (inside the root)
     * @return a lazy stream of entries, to be closed (try-with-resources) to release its descriptors
     * @throws IllegalArgumentException {@code maxDepth} is negative
     * @throws IOException the start cannot be resolved, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public Stream<WalkEntry> walk(String path, int maxDepth, FileVisitOption... visitOptions) throws IOException {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth < 0");
        }
        boolean follow = false;
        for (FileVisitOption o : visitOptions) {
            follow |= Objects.requireNonNull(o, "option") == FileVisitOption.FOLLOW_LINKS;
        }
        boolean followLinks = follow;
        TreeWalk walk = run(path, rootFd -> TreeWalk.start(rootFd, resolver, options.lookupFlags(), path, maxDepth,
                followLinks));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(walk::close);
    }

    /**
     * Copies one object, as {@link java.nio.file.Files#copy(Path, Path, CopyOption...)}, both
     * paths inside this root. A regular file's content is copied by descriptor
     * ({@code copy_file_range}, or a buffer where the file systems cannot), into a new file
     * created exclusively (never through a symlink) with the source's permission bits; a
     * directory is copied as a new empty directory; a symlink (with {@code NOFOLLOW_LINKS}) as
     * a new link with the same content. The source is read through the descriptor its lookup
     * returned, so a swap after the lookup changes nothing. A source that is the target itself
     * is left alone. A regular file is copied all or nothing: the content goes to a new file
     * with an exclusive random name beside the target and is renamed to the target once
     * complete (never over an existing name unless {@code REPLACE_EXISTING}, and then in one
     * step, so the old target stays whole until the copy is), and the temporary name is
     * removed if anything fails; a failed copy leaves the old target, or none, never a part of
     * the new one. The copy is not flushed to disk (it is not durable across a crash).
     *
     * @param source  what to copy, a path inside the root (a trailing symlink is followed
     *                unless {@code NOFOLLOW_LINKS} or the root's noFollow)
     * @param target  where, a path inside the root
     * @param options {@link StandardCopyOption#REPLACE_EXISTING} (the target, if a file, link or
     *                empty directory, is removed first), {@link StandardCopyOption#COPY_ATTRIBUTES}
     *                (the modification and access times too) and {@link LinkOption#NOFOLLOW_LINKS}
     * @throws java.nio.file.FileAlreadyExistsException the target exists and REPLACE_EXISTING was not given ({@code EEXIST})
     * @throws java.nio.file.DirectoryNotEmptyException REPLACE_EXISTING and the target is a non-empty directory
     * @throws java.nio.file.NoSuchFileException        the source, or the target's parent, is missing ({@code ENOENT})
     * @throws IOException                              {@code EINVAL} for a fifo, socket or device, or any other
     *                                                  failure, as a {@link PathError}
     * @throws UnsupportedOperationException           {@code ATOMIC_MOVE} or another option this method does not support
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void copy(String source, String target, CopyOption... options) throws IOException {
        FileCopy.copy(this, source, target, options);
    }

    /**
     * Writes a copy to {@code target} through an exclusive temporary name beside it (mode
     * 0600 until {@code content} sets the final bits), renamed into place once complete;
     * {@code noReplace} never renames over an existing name ({@code EEXIST}).
     */
    void writeCopy(String target, boolean noReplace, RootOperations.Content content) throws IOException {
        run(target, rootFd -> {
            operations.writeCopy(rootFd, target, noReplace, content);
            return null;
        });
    }

    /**
     * Copies the whole tree at {@code source} to {@code target}, which must not exist, both
     * inside this root. Links are never followed: each is copied as a link with the same
     * content; each entry is copied as
     * {@link #copy(String, String, CopyOption...)} copies it with {@code NOFOLLOW_LINKS}:
     * directories and files are created exclusively, so nothing that appears in the target
     * while the copy runs is written through. The copy holds a descriptor on the source
     * directory it reads and on the target directory it fills at every level, and reaches
     * each entry from them with one call, never through a path resolved again from the root:
     * a directory renamed or swapped for a symlink while the copy runs cannot redirect it, on
     * either side (two descriptors per level of depth are held; a tree deeper than the
     * process' descriptor limit fails with {@code EMFILE}). Each directory is made 0700 and
     * given the source's permission bits (and times) once its entries are in. The first entry
     * that cannot be read or copied stops the copy with its error; what was copied until then
     * stays (each file in it complete).
     *
     * @param source  the tree to copy, a path inside the root (a trailing symlink is copied as a link)
     * @param target  where, a path inside the root that does not exist yet
     * @param options {@link StandardCopyOption#COPY_ATTRIBUTES} for the times of every entry;
     *                {@link LinkOption#NOFOLLOW_LINKS} is accepted and implied
     * @throws java.nio.file.FileAlreadyExistsException the target exists ({@code EEXIST})
     * @throws IOException                              the first failure of the walk or of a copy, as a {@link PathError}
     * @throws UnsupportedOperationException           another option
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void copyTree(String source, String target, CopyOption... options) throws IOException {
        FileCopy.copyTree(this, source, target, options);
    }

    /**
     * Creates a new, empty file with a random name in the directory {@code dir} names, as
     * {@link java.nio.file.Files#createTempFile(Path, String, String, FileAttribute[])}:
     * exclusively (a name that exists is never reused, a symlink never followed) and with
     * mode 0600.
     *
     * @param dir    a directory inside the root
     * @param prefix the start of the name, or null for none
     * @param suffix the end of the name, or null for {@code ".tmp"}
     * @return the new file's path inside the root: {@code dir}, a slash, and the name
     * @throws IllegalArgumentException {@code prefix} or {@code suffix} holds a {@code /} or is not a
     *                                  canonical name ({@link PathNames})
     * @throws java.nio.file.NotDirectoryException {@code dir} is not a directory ({@code ENOTDIR})
     * @throws IOException any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public String createTempFile(String dir, String prefix, String suffix) throws IOException {
        return createTemporary(dir, prefix, suffix == null ? ".tmp" : suffix, false);
    }

    /**
     * Creates a new, empty directory with a random name in the directory {@code dir} names, as
     * {@link java.nio.file.Files#createTempDirectory(Path, String, FileAttribute[])}:
     * exclusively and with mode 0700.
     *
     * @param dir    a directory inside the root
     * @param prefix the start of the name, or null for none
     * @return the new directory's path inside the root: {@code dir}, a slash, and the name
     * @throws IllegalArgumentException {@code prefix} holds a {@code /} or is not a canonical name ({@link PathNames})
     * @throws java.nio.file.NotDirectoryException {@code dir} is not a directory ({@code ENOTDIR})
     * @throws IOException any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public String createTempDirectory(String dir, String prefix) throws IOException {
        return createTemporary(dir, prefix, "", true);
    }

    private String createTemporary(String dir, String prefix, String suffix, boolean directory) throws IOException {
        byte[] before = namePart(prefix == null ? "" : prefix);
        byte[] after = namePart(suffix);
        byte[] name = run(dir, rootFd -> operations.createTemporary(rootFd, dir, before, after, directory));
        return (dir.endsWith("/") ? dir : dir + "/") + PathBytes.decode(name);
    }

    private static byte[] namePart(String part) {
        if (part.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a prefix or suffix cannot hold a slash: " + part);
        }
        return PathNames.encode(part);
    }

    /**
     * Removes a file, symlink (itself) or empty directory if something has the name, as
     * {@link java.nio.file.Files#deleteIfExists}.
     *
     * @param path a path inside the root
     * @return true when something was removed, false when nothing had the name
     * @throws java.nio.file.DirectoryNotEmptyException a directory with entries ({@code ENOTEMPTY})
     * @throws IOException any other failure, as a {@link PathError}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public boolean removeIfExists(String path) throws IOException {
        return run(path, rootFd -> operations.removeIfExists(rootFd, path));
    }

    /**
     * Sets the exact permission bits of what {@code path} names (a trailing symlink is
     * followed inside the root unless the root's options say noFollow); see
     * {@link Handle#setPermissions(int, PermissionOption...)}: setuid or setgid on a regular
     * file with several links is refused ({@code EPERM}) unless
     * {@link PermissionOption#SETID_ON_LINKED_FILE} is given.
     *
     * @param path    a path inside the root
     * @param mode    the exact permission bits, setuid, setgid and sticky included
     * @param options {@link PermissionOption#SETID_ON_LINKED_FILE} to allow setuid/setgid on a
     *                file with several links
     * @throws IOException as {@link #resolve(String)} and {@link Handle#setPermissions(int, PermissionOption...)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void setPermissions(String path, int mode, PermissionOption... options) throws IOException {
        try (Handle h = resolve(path)) {
            h.setPermissions(mode, options);
        }
    }

    /**
     * Changes owner and group of what {@code path} names, resolved with the root's options
     * (with noFollow, a trailing symlink itself changes); see {@link Handle#setOwner(int, int)}.
     *
     * @param path a path inside the root
     * @param uid  the new owner, or {@code -1} to leave it
     * @param gid  the new group, or {@code -1} to leave it
     * @throws IOException as {@link #resolve(String)} and {@link Handle#setOwner(int, int)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
    public void setOwner(String path, int uid, int gid) throws IOException {
        try (Handle h = resolve(path)) {
            h.setOwner(uid, gid);
        }
    }

    /**
     * Sets the times of what {@code path} names; see {@link Handle#setTimes(FileTime, FileTime)}.
     *
     * @param path         a path inside the root
     * @param lastModified the new modification time, or null to leave it
     * @param lastAccess   the new access time, or null to leave it
     * @throws IOException as {@link #resolve(String)} and {@link Handle#setTimes(FileTime, FileTime)}
     * @throws java.nio.file.ClosedFileSystemException this root is closed
     */
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

    /**
     * The backend this root resolves with.
     *
     * @return {@link Backend#OPENAT2} or {@link Backend#EMULATED}, never AUTO
     */
    public Backend backend() {
        return backend;
    }

    /**
     * The path this root was opened with; for a root made by {@link #openRoot(String)}, the
     * parent's path joined with the path given there. For display: it is never used to act.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Closes this root (or view). The pinned descriptor is closed once this root and every
     * view of it made by {@link #withOptions} are closed. Handles and sub-roots already made
     * stay valid. Any later operation throws {@link ClosedFileSystemException}. Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pin.release();
        }
    }

    @Override
    public String toString() {
        return "Root[" + path + ", " + backend + ", " + options + "]";
    }
}
