package dev.beneath.nio;

import dev.beneath.Backend;
import dev.beneath.ResolveOptions;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens a {@link FileSystem} whose {@code /} is a directory on the host, with every
 * operation confined to it. Existing code that works on {@link Path} and
 * {@link java.nio.file.Files} becomes confined by taking its paths from this file system:
 *
 * <pre>{@code
 * try (FileSystem volume = BeneathFileSystems.open(Path.of("/srv/uploads"))) {
 *     Path p = volume.getPath(untrustedName);          // "/" is /srv/uploads
 *     Files.writeString(p, body, StandardOpenOption.CREATE_NEW);
 * }
 * }</pre>
 *
 * <p>Protected: every lookup is done by the root's resolver from a pinned descriptor, so
 * symlinks (absolute, relative, planted beforehand or swapped in during an operation),
 * {@code ..} at the root, and directories moved away mid-walk never take an operation
 * outside the directory; directory streams, walks and watch services work from descriptors,
 * never from host path strings. Not protected: mounts made inside the directory by a
 * privileged party (crossed unless {@code noXdev}), hard links to outside files planted
 * beforehand, and the contents of files, which whoever controls the tree may change.
 *
 * <p>The same file systems are reachable through the provider as
 * {@code FileSystems.newFileSystem(URI.create("beneath:" + dir.toUri().getPath()), env)}
 * with the {@code env} keys below; those are registered by their directory so that
 * {@code Path.of(path.toUri())} finds them, while the ones opened here are not registered
 * (open as many as you like on the same directory).
 */
public final class BeneathFileSystems {
    /** {@code env} key: {@code "IN_ROOT"} (default) or {@code "BENEATH"}, or a {@link dev.beneath.Scope}. */
    public static final String SCOPE = "scope";
    /** {@code env} key: {@code true} refuses every symlink ({@code ELOOP}). */
    public static final String NO_SYMLINKS = "noSymlinks";
    /** {@code env} key: {@code true} refuses to cross a mount point ({@code EXDEV}). */
    public static final String NO_XDEV = "noXdev";
    /** {@code env} key: {@code "AUTO"} (default), {@code "OPENAT2"} or {@code "EMULATED"}, or a {@link Backend}. */
    public static final String BACKEND = "backend";

    private BeneathFileSystems() {
    }

    /**
     * A file system on {@code directory} with the default options (in-root scope) and backend.
     *
     * @param directory the host directory that becomes {@code /} (trusted: symlinks in this path are followed)
     * @return an open file system; close it to release the directory's descriptor
     * @throws IOException the directory cannot be opened
     */
    public static FileSystem open(Path directory) throws IOException {
        return open(directory, ResolveOptions.DEFAULT, Backend.AUTO);
    }

    /**
     * A file system on {@code directory} resolving every path with {@code options}
     * ({@code noFollow} is ignored: each operation decides that as java.nio says).
     *
     * @param directory the host directory that becomes {@code /}
     * @param options   scope, noSymlinks and noXdev for every lookup
     * @return an open file system
     * @throws IOException the directory cannot be opened
     */
    public static FileSystem open(Path directory, ResolveOptions options) throws IOException {
        return open(directory, options, Backend.AUTO);
    }

    /**
     * {@link #open(Path, ResolveOptions)} with a chosen backend (tests and diagnostics).
     *
     * @param directory the host directory that becomes {@code /}
     * @param options   scope, noSymlinks and noXdev for every lookup
     * @param backend   the resolver; {@link Backend#AUTO} probes the kernel
     * @return an open file system
     * @throws IOException the directory cannot be opened
     */
    public static FileSystem open(Path directory, ResolveOptions options, Backend backend) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(backend, "backend");
        return BeneathFileSystemProvider.instance().open(directory, options, backend, false);
    }
}
