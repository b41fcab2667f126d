package dev.beneath;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * A safety check failed, so the operation was refused: the procfs instance used to reopen a
 * descriptor is not a genuine, unobstructed procfs (something is mounted over it, or it is
 * another file system), or a descriptor reopened through it turned out to be another object.
 * This is tampering with the system, or a system beneath cannot verify, not a path that leads
 * out of the root ({@link PathEscapeException}). The errno is the one the check reports
 * ({@code EXDEV}); the reason says which check failed.
 */
public final class SafetyCheckException extends FileSystemException implements PathError {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The errno number, as {@link #errnoNumber()} returns it. */
    private final int errnoNumber;

    /**
     * A failed safety check about {@code path}. Public so that the modules above the core
     * (subPath's mount verification) report their own checks with this type.
     *
     * @param path        what the check was about, as the caller may show it
     * @param errnoNumber the errno the check reports ({@code EXDEV})
     * @param reason      which check failed
     */
    public SafetyCheckException(String path, int errnoNumber, String reason) {
        super(path, null, reason);
        this.errnoNumber = errnoNumber;
    }

    /**
     * The errno number the failed check reports.
     *
     * @return the number
     */
    @Override
    public int errnoNumber() {
        return errnoNumber;
    }
}
