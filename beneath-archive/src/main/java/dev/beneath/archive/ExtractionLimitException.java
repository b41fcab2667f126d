package dev.beneath.archive;

import java.io.IOException;
import java.io.Serial;

/**
 * A {@link Limits limit} was exceeded: the extraction stopped at that entry, which was not
 * written. Everything extracted before it stays, and {@link #report()} lists it.
 */
public final class ExtractionLimitException extends IOException {
    /** Serialization version. */
    @Serial
    private static final long serialVersionUID = 1L;

    /** Which limit was exceeded. */
    private final String limit;
    private final transient ExtractionReport report;

    ExtractionLimitException(String limit, String message, ExtractionReport report) {
        super(message);
        this.limit = limit;
        this.report = report;
    }

    /**
     * The limit that was exceeded.
     *
     * @return which limit: {@code entries}, {@code bytes}, {@code ratio}, {@code path-length},
     *         {@code depth} or {@code symlinks}
     */
    public String limit() {
        return limit;
    }

    /**
     * What the extraction did before it stopped.
     *
     * @return the report, the stopping entry included (refused)
     */
    public ExtractionReport report() {
        return report;
    }
}
