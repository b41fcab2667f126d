package dev.beneath.archive;

/**
 * Told after every entry an {@link Extractor} handles, on the extracting thread: keep it
 * quick. A progress bar is the intended use.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that does nothing. */
    ProgressListener NONE = progress -> { };

    /**
     * One more entry was handled.
     *
     * @param progress the totals so far and the entry just handled
     */
    void entryDone(Progress progress);

    /**
     * Totals so far.
     *
     * @param entries      entries handled
     * @param bytesWritten bytes of file content written
     * @param archiveRead  bytes of the archive read, as stored (compressed)
     * @param archiveSize  the archive's size when known (a file), or -1
     * @param last         the entry just handled
     */
    record Progress(long entries, long bytesWritten, long archiveRead, long archiveSize, EntryReport last) {
    }
}
