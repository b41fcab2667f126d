package dev.beneath.archive;

import java.io.IOException;
import java.io.Serial;

/**
 * The input is not an archive this module reads (tar, optionally compressed with gzip, bzip2,
 * xz or zstd; zip), or it is damaged. Entries before the damage stay extracted.
 */
public final class ArchiveFormatException extends IOException {
    /** Serialization version. */
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception about input that cannot be read as an archive.
     *
     * @param message what is wrong with the input
     * @param cause   the parser's own exception, or null
     */
    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
