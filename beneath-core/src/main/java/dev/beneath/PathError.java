package dev.beneath;

import java.nio.file.FileSystemException;

/**
 * Implemented by every {@link java.io.IOException} beneath throws for a failed operation:
 * names the cause as the kernel would ({@link Errno#ENOENT}, {@link Errno#EXDEV}, ...) and the
 * path as the caller gave it. The exceptions themselves are the java.nio types a caller already
 * catches: {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.NotDirectoryException},
 * {@link java.nio.file.FileSystemLoopException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.FileAlreadyExistsException},
 * {@link java.nio.file.DirectoryNotEmptyException}, {@link PathEscapeException}, or a plain
 * {@link java.nio.file.FileSystemException} for anything else.
 *
 * <pre>{@code
 * try (Handle h = root.resolve(untrusted)) {
 *     ...
 * } catch (PathEscapeException e) {
 *     reject(e.path() + " leaves the root");
 * } catch (IOException e) {
 *     if (e instanceof PathError pe && pe.errno() == Errno.ENOENT) {
 *         notFound();
 *     }
 * }
 * }</pre>
 *
 * <p>Messages contain the given path and the errno only, never a host path outside the root,
 * so they can be shown to whoever supplied the path.
 */
public sealed interface PathError
        permits Failures.NoSuchFile, Failures.NotDirectory, Failures.Loop, Failures.AccessDenied,
                Failures.AlreadyExists, Failures.NotEmpty, Failures.Other, PathEscapeException {

    /**
     * The errno number on this platform.
     *
     * @return the number, as {@code errno().number()}
     */
    int errnoNumber();

    /**
     * The cause, as the kernel names it; {@code errno().name()} is the symbolic name such as
     * {@code "ENOTDIR"}.
     *
     * @return the errno
     */
    default Errno errno() {
        return Errno.of(errnoNumber());
    }

    /**
     * The path as the caller gave it (for a two-path operation, the one the failure is about).
     *
     * @return the path
     */
    default String path() {
        return ((FileSystemException) this).getFile();
    }
}
