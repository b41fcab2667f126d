package dev.beneath.nio;

import dev.beneath.PathError;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * The errno of a system call this module makes itself, as the java.nio exception the default
 * provider throws for it, naming the path in the root (never a host path).
 */
final class Errors {
    private Errors() {
    }

    static IOException of(SyscallException e, Object path) {
        return of(e.errno(), path == null ? null : path.toString(), e.errnoName() + " (" + e.description() + ")");
    }

    static IOException of(int errno, String file, String reason) {
        return switch (errno) {
            case ErrnoNames.ENOENT -> new NoSuchFileException(file, null, reason);
            case ErrnoNames.EEXIST -> new FileAlreadyExistsException(file, null, reason);
            case ErrnoNames.EACCES, ErrnoNames.EPERM -> new AccessDeniedException(file, null, reason);
            case ErrnoNames.ENOTEMPTY -> new DirectoryNotEmptyException(file);
            case ErrnoNames.ENOTDIR -> new NotDirectoryException(file);
            default -> new FileSystemException(file, null, reason);
        };
    }

    /**
     * {@code e}, thrown for a path given relative to a directory held on the way, as the same
     * failure about {@code path}.
     */
    static IOException named(FileSystemException e, Object path) {
        int errno = errno(e);
        if (errno < 0) {
            return e;
        }
        IOException named = of(errno, path.toString(), e.getReason());
        named.initCause(e);
        return named;
    }

    /** The errno a core exception carries, or -1. */
    static int errno(IOException e) {
        return e instanceof PathError p ? p.errnoNumber() : -1;
    }

    static NotLinkException notLink(Object path) {
        return new NotLinkException(path.toString());
    }
}
