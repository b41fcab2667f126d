package dev.beneath;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one place where an errno becomes the java.nio exception a caller expects. */
final class Failures {
    private Failures() {
    }

    static IOException translate(SyscallException e, String path) {
        return translate(e, path, null);
    }

    /**
     * The exception for {@code e}, about {@code path}; {@code other} is the second path of a
     * two-path operation (carried as {@link FileSystemException#getOtherFile()} where the JDK's
     * exception type has one), or null.
     */
    static IOException translate(SyscallException e, String path, String other) {
        int errno = e.errno();
        String reason = e.errnoName() + " (" + e.description() + ")";
        if (e.isSafetyCheck()) {
            return new SafetyCheckException(path, errno, reason + ": " + e.call());
        }
        return switch (errno) {
            case ErrnoNames.ENOENT -> new NoSuchFile(path, other, errno, reason);
            case ErrnoNames.ENOTDIR -> new NotDirectory(path, errno, reason);
            case ErrnoNames.ELOOP -> new Loop(path, errno, reason);
            case ErrnoNames.EACCES, ErrnoNames.EPERM -> new AccessDenied(path, other, errno, reason);
            case ErrnoNames.EEXIST -> new AlreadyExists(path, other, errno, reason);
            case ErrnoNames.ENOTEMPTY -> new NotEmpty(path, errno, reason);
            case ErrnoNames.EXDEV -> new PathEscapeException(path, other, errno, reason);
            default -> new Other(path, other, errno, reason);
        };
    }

    static final class NoSuchFile extends NoSuchFileException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;

        NoSuchFile(String path, String other, int errno, String reason) {
            super(path, other, reason);
            this.errno = errno;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class NotDirectory extends NotDirectoryException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;
        private final String reason;

        NotDirectory(String path, int errno, String reason) {
            super(path);
            this.errno = errno;
            this.reason = reason;
        }

        @Override
        public String getReason() {
            return reason;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class Loop extends FileSystemLoopException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;
        private final String reason;

        Loop(String path, int errno, String reason) {
            super(path);
            this.errno = errno;
            this.reason = reason;
        }

        @Override
        public String getReason() {
            return reason;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class AccessDenied extends AccessDeniedException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;

        AccessDenied(String path, String other, int errno, String reason) {
            super(path, other, reason);
            this.errno = errno;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class AlreadyExists extends FileAlreadyExistsException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;

        AlreadyExists(String path, String other, int errno, String reason) {
            super(path, other, reason);
            this.errno = errno;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class NotEmpty extends DirectoryNotEmptyException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;
        private final String reason;

        NotEmpty(String path, int errno, String reason) {
            super(path);
            this.errno = errno;
            this.reason = reason;
        }

        @Override
        public String getReason() {
            return reason;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }

    static final class Other extends FileSystemException implements PathError {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int errno;

        Other(String path, String other, int errno, String reason) {
            super(path, other, reason);
            this.errno = errno;
        }

        @Override
        public int errnoNumber() {
            return errno;
        }
    }
}
