package dev.beneath;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * The path would leave the root ({@link Scope#BENEATH}: an absolute path or symlink, or
 * {@code ..} at the root) or cross a mount point when {@link ResolveOptions#noXdev()} is set.
 * The errno is {@code EXDEV}.
 */
public final class PathEscapeException extends FileSystemException implements PathError {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The errno number, as {@link #errnoNumber()} returns it. */
    private final int errnoNumber;

    PathEscapeException(String path, int errnoNumber, String reason) {
        super(path, null, reason);
        this.errnoNumber = errnoNumber;
    }

    /**
     * The errno number: {@code EXDEV}.
     *
     * @return 18
     */
    @Override
    public int errnoNumber() {
        return errnoNumber;
    }
}
