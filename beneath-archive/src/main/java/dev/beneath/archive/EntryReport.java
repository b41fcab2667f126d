package dev.beneath.archive;

import java.util.Objects;

/**
 * What happened to one archive entry.
 *
 * @param name    the entry's name as the archive gives it (non-UTF-8 bytes as U+DC80..U+DCFF)
 * @param path    where it went (or would go) inside the destination, normalized; empty when the
 *                name could not be made into a path
 * @param type    the entry's declared type
 * @param outcome extracted, skipped or refused
 * @param reason  why, for a skipped or refused entry, or a note such as a stripped leading
 *                {@code /}; empty otherwise
 * @param bytes   the bytes of content written (0 for all but files)
 */
public record EntryReport(String name, String path, EntryType type, Outcome outcome, String reason, long bytes) {

    /** The three things that can happen to an entry. */
    public enum Outcome {
        /** Created in the destination, completely. */
        EXTRACTED,
        /** Not created, by choice: it already exists, or names the destination itself. */
        SKIPPED,
        /** Not created because the policy, a limit or the kernel refused it; nothing of it was left behind. */
        REFUSED
    }

    /**
     * Checks that no component is null.
     *
     * @param name    the entry's name as the archive gives it
     * @param path    where it went inside the destination, or empty
     * @param type    the declared type
     * @param outcome what happened
     * @param reason  why, or empty
     * @param bytes   content bytes written
     */
    public EntryReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }
}
