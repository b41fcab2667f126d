package dev.beneath;

import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.resolve.Resolver;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

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

    private Root(OwnedFd fd, Path path, Backend backend) {
        this.fd = fd;
        this.path = path;
        this.backend = backend;
        this.resolver = backend.resolver();
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
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        int rootFd = fd.acquire();
        try {
            return new Handle(resolver.resolve(rootFd, PathBytes.of(path), options.lookupFlags()), path);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
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
