package dev.beneath.archive;

import java.io.IOException;
import java.io.Serial;

/**
 * A {@link Limits limit} was exceeded: the extraction stopped at that entry, which was not
 * written. Everything extracted before it stays, and {@link #report()} lists it.
 */
public final class ExtractionLimitException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final transient ExtractionReport report;

    ExtractionLimitException(String limit, String message, ExtractionReport report) {
        super(message);
        this.limit = limit;
        this.report = report;
    }

    /**
     * @return which limit: {@code entries}, {@code bytes}, {@code ratio}, {@code path-length},
     *         {@code depth} or {@code symlinks}
     */
    public String limit() {
        return limit;
    }

    /** @return what was done before the limit stopped the extraction (the stopping entry included, refused) */
    public ExtractionReport report() {
        return report;
    }
}
