package dev.beneath.archive;

/**
 * Limits against archive bombs and exhaustion. Exceeding any of them stops the extraction
 * with an {@link ExtractionLimitException} that names the limit and reports what was written
 * so far; the entry that crossed the limit is not left behind. Immutable; start from
 * {@link #DEFAULT} and change with the {@code with} methods.
 *
 * @param maxEntries     entries in the archive, whatever happens to them (default 100,000)
 * @param maxTotalBytes  bytes of content written in all (default 4 GiB); an entry declaring more
 *                       than is left stops the extraction before anything of it is written
 * @param maxEntryRatio  uncompressed bytes of one entry per byte it occupies in the archive,
 *                       checked once an entry has produced more than {@link #RATIO_GRACE_BYTES}
 *                       (default 100, as Apache POI's zip bomb check); not judged for a
 *                       tar sparse file, whose holes the byte limit counts instead
 * @param maxPathBytes   length of an entry's normalized path in bytes (default 4,095)
 * @param maxDepth       components in an entry's normalized path (default 128)
 * @param maxSymlinks    symlink entries (default 10,000)
 */
public record Limits(long maxEntries, long maxTotalBytes, long maxEntryRatio, int maxPathBytes, int maxDepth,
                     long maxSymlinks) {

    /** An entry may compress arbitrarily well up to this size (1 MiB): small files often do. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    /** The defaults: large enough for real archives, small enough to stop a bomb in seconds. */
    public static final Limits DEFAULT = new Limits(100_000, 4L << 30, 100, 4095, 128, 10_000);

    /**
     * Checks the limits.
     *
     * @param maxEntries    entries in the archive
     * @param maxTotalBytes bytes of content written in all
     * @param maxEntryRatio uncompressed bytes per stored byte of one entry
     * @param maxPathBytes  bytes of an entry's normalized path
     * @param maxDepth      components of an entry's normalized path
     * @param maxSymlinks   symlink entries
     * @throws IllegalArgumentException a limit is negative (or, for a ratio, path or depth, below 1)
     */
    public Limits {
        if (maxEntries < 0 || maxTotalBytes < 0 || maxEntryRatio < 1 || maxPathBytes < 1 || maxDepth < 1
                || maxSymlinks < 0) {
            throw new IllegalArgumentException("limits must be positive: " + this);
        }
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxEntries = value}
     */
    public Limits withMaxEntries(long value) {
        return new Limits(value, maxTotalBytes, maxEntryRatio, maxPathBytes, maxDepth, maxSymlinks);
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxTotalBytes = value}
     */
    public Limits withMaxTotalBytes(long value) {
        return new Limits(maxEntries, value, maxEntryRatio, maxPathBytes, maxDepth, maxSymlinks);
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxEntryRatio = value}
     */
    public Limits withMaxEntryRatio(long value) {
        return new Limits(maxEntries, maxTotalBytes, value, maxPathBytes, maxDepth, maxSymlinks);
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxPathBytes = value}
     */
    public Limits withMaxPathBytes(int value) {
        return new Limits(maxEntries, maxTotalBytes, maxEntryRatio, value, maxDepth, maxSymlinks);
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxDepth = value}
     */
    public Limits withMaxDepth(int value) {
        return new Limits(maxEntries, maxTotalBytes, maxEntryRatio, maxPathBytes, value, maxSymlinks);
    }

    /**
     * A copy with one limit changed.
     *
     * @param value the new limit
     * @return a copy with {@code maxSymlinks = value}
     */
    public Limits withMaxSymlinks(long value) {
        return new Limits(maxEntries, maxTotalBytes, maxEntryRatio, maxPathBytes, maxDepth, value);
    }
}
