package dev.beneath.archive;

import java.util.List;

/**
 * What an extraction (or a listing) did, entry by entry, in archive order.
 *
 * @param format   the format detected, such as {@code "tar.gz"} or {@code "zip"}
 * @param entries  one report per entry reached
 * @param complete false when a limit stopped the extraction before the end of the archive
 */
public record ExtractionReport(String format, List<EntryReport> entries, boolean complete) {

    /**
     * Copies the entries.
     *
     * @param format   the format detected
     * @param entries  one report per entry, copied
     * @param complete whether the archive was read to its end
     */
    public ExtractionReport {
        entries = List.copyOf(entries);
    }

    /**
     * Counts entries by outcome.
     *
     * @param outcome extracted, skipped or refused
     * @return the number of entries with this outcome
     */
    public long count(EntryReport.Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    /**
     * The content written.
     *
     * @return the bytes of file content written
     */
    public long bytesWritten() {
        return entries.stream().mapToLong(EntryReport::bytes).sum();
    }
}
