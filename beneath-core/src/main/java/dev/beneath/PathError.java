package dev.beneath;

import dev.beneath.internal.sys.ErrnoNames;
import java.nio.file.FileSystemException;

/**
 * Implemented by every {@link java.io.IOException} beneath throws for a failed operation:
 * names the cause as the kernel would ({@code "ENOENT"}, {@code "EXDEV"}, ...) and the path as
 * the caller gave it. The exceptions themselves are the java.nio types a caller already
 * catches: {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.NotDirectoryException},
 * {@link java.nio.file.FileSystemLoopException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.FileAlreadyExistsException},
 * {@link java.nio.file.DirectoryNotEmptyException}, {@link PathEscapeException}, or a plain
 * {@link java.nio.file.FileSystemException} for anything else.
 *
 * <p>Messages contain the given path and the errno only, never a host path outside the root,
 * so they can be shown to whoever supplied the path.
 */
public sealed interface PathError
        permits Failures.NoSuchFile, Failures.NotDirectory, Failures.Loop, Failures.AccessDenied,
                Failures.AlreadyExists, Failures.NotEmpty, Failures.Other, PathEscapeException {

    /** The errno number on this platform. */
    int errnoNumber();

    /** The errno name, such as {@code "ENOTDIR"}. */
    default String errno() {
        return ErrnoNames.name(errnoNumber());
    }

    /** The path as the caller gave it. */
    default String path() {
        return ((FileSystemException) this).getFile();
    }
}
