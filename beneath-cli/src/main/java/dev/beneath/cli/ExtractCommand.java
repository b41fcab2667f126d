package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.Root;
import dev.beneath.archive.ArchiveFormatException;
import dev.beneath.archive.EntryReport;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.archive.ExtractionLimitException;
import dev.beneath.archive.ExtractionPolicy;
import dev.beneath.archive.ExtractionReport;
import dev.beneath.archive.Extractor;
import dev.beneath.archive.Limits;
import dev.beneath.archive.OverwriteMode;
import dev.beneath.archive.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code beneath extract}: unpacks a tar or zip archive into a root, entry by entry through
 * pinned descriptors, under a named policy and limits; or, with {@code --list}, says what the
 * policy would do without writing anything.
 */
@Command(name = "extract",
        description = {
            "Extract ARCHIVE (a file, or - for stdin) into the directory DIR, or with --list show what "
                    + "would happen without writing anything.",
            "",
            "Formats are recognised by content: tar (ustar, pax, GNU), bare or compressed with gzip, "
                    + "bzip2, xz or zstd, and zip. Nothing outside DIR is ever created, written, chmod'ed or "
                    + "deleted, whatever the archive holds and whatever changes DIR meanwhile.",
            "",
            "Policies: data (default) strips a leading /, refuses .., links whose target is absolute or "
                    + "leads outside DIR, hard links to anything but a regular file inside, devices and fifos, "
                    + "and clears setuid, setgid, sticky and group/other write; tar keeps the archive's modes "
                    + "(setuid and setgid cleared) with the same link rules; strict refuses every link and "
                    + "absolute name and follows no symlink already in DIR.",
            "",
            "Prints the entries skipped or refused and a summary (--list: every entry); --json prints one "
                    + "object with every entry. A progress bar is drawn on a terminal for large archives.",
            ""},
        footer = {"", "Exit codes: 0 every entry extracted or skipped, 1 an entry was refused, a limit "
                + "stopped the extraction or it failed, 2 usage error."})
final class ExtractCommand extends CommandBase {
    /** Archives smaller than this finish too soon for a progress bar to help. */
    private static final long PROGRESS_THRESHOLD = 16L << 20;

    private final InputStream stdin;
    private final PrintWriter terminal;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The destination directory (trusted; opened as given). Required unless --list.")
    String root;

    @Option(names = "--list", description = "Show what the policy would do with each entry; write nothing.")
    boolean list;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "data",
            description = "data (default), tar or strict.")
    String policy;

    @Option(names = "--overwrite", paramLabel = "MODE", defaultValue = "never",
            description = "never (default: an existing name is skipped) or replace (files and symlinks are "
                    + "replaced, never followed; directories are never replaced).")
    String overwrite;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Stop after N bytes of content (default 4 GiB).")
    Long maxBytes;

    @Option(names = "--max-entries", paramLabel = "N", description = "Stop after N entries (default 100000).")
    Long maxEntries;

    @Mixin
    AnswerOptions answerOptions;

    @Parameters(paramLabel = "ARCHIVE", description = "The archive file, or - for standard input.")
    String archive;

    @Override
    boolean json() {
        return answerOptions.json;
    }

    /**
     * @param stdin    where {@code -} reads the archive from
     * @param terminal where the progress bar is drawn (standard error)
     */
    ExtractCommand(InputStream stdin, PrintWriter terminal) {
        this.stdin = stdin;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Extractor.Builder builder = Extractor.builder()
                .policy(choice(ExtractionPolicy.class, "--policy", policy))
                .overwrite(choice(OverwriteMode.class, "--overwrite", overwrite))
                .limits(limits());
        if (!list && root == null) {
            throw new ParameterException(spec.commandLine(), "--root DIR is needed to extract (or use --list)");
        }
        Path archivePath = archive.equals("-") ? null : Path.of(archive);
        ProgressBar bar = ProgressBar.wanted(json(), archivePath, PROGRESS_THRESHOLD) ? new ProgressBar(terminal) : null;
        if (bar != null) {
            builder.progressListener(bar);
        }
        ExtractionReport report;
        try {
            if (list) {
                Extractor extractor = builder.build();
                report = archivePath == null ? extractor.list(stdin) : extractor.list(archivePath);
            } else {
                try (Root destination = Root.open(Path.of(root), answerOptions.backend)) {
                    Extractor extractor = builder.destination(destination).build();
                    report = archivePath == null ? extractor.extract(stdin) : extractor.extract(archivePath);
                }
            }
        } catch (ExtractionLimitException e) {
            finish(bar);
            return answer(e.report(), e.limit(), e.getMessage());
        } catch (IOException e) {
            finish(bar);
            String subject = e instanceof ArchiveFormatException ? archive : root != null ? root : archive;
            return fail(Failure.of(subject, e));
        }
        finish(bar);
        return answer(report, null, null);
    }

    private static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.done();
        }
    }

    private Limits limits() {
        Limits limits = Limits.DEFAULT;
        if (maxBytes != null) {
            limits = limits.withMaxTotalBytes(nonNegative("--max-bytes", maxBytes));
        }
        if (maxEntries != null) {
            limits = limits.withMaxEntries(nonNegative("--max-entries", maxEntries));
        }
        return limits;
    }

    private long nonNegative(String option, long value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), option + ": not a count: " + value);
        }
        return value;
    }

    private <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": unknown value '" + value + "'");
        }
    }

    /** Prints the report; exit 0 only when the archive was read to its end and nothing was refused. */
    private int answer(ExtractionReport report, String limit, String limitMessage) {
        boolean ok = limit == null && report.count(Outcome.REFUSED) == 0;
        PrintWriter out = spec.commandLine().getOut();
        if (json()) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("ok", ok);
            node.put("format", report.format());
            node.put("complete", report.complete());
            if (limit != null) {
                node.put("limit", limit);
                node.put("message", limitMessage);
            }
            node.put("extracted", report.count(Outcome.EXTRACTED));
            node.put("skipped", report.count(Outcome.SKIPPED));
            node.put("refused", report.count(Outcome.REFUSED));
            node.put("bytes", report.bytesWritten());
            ArrayNode entries = node.putArray("entries");
            for (EntryReport e : report.entries()) {
                entries.addObject().put("name", e.name()).put("path", e.path())
                        .put("type", e.type().name().toLowerCase(Locale.ROOT))
                        .put("outcome", e.outcome().name().toLowerCase(Locale.ROOT))
                        .put("reason", e.reason()).put("bytes", e.bytes());
            }
            print(node);
        } else {
            for (EntryReport e : report.entries()) {
                if (list || e.outcome() != Outcome.EXTRACTED) {
                    String verb = list && e.outcome() == Outcome.EXTRACTED ? "extract" : e.outcome().name().toLowerCase(Locale.ROOT);
                    out.println(String.format("%-9s %-8s %s%s", verb, e.type().name().toLowerCase(Locale.ROOT),
                            PlainText.escape(e.path().isEmpty() ? e.name() : e.path()),
                            e.reason().isEmpty() ? "" : "  (" + PlainText.escape(e.reason()) + ")"));
                }
            }
            out.println(String.format("%s: %d %s, %d skipped, %d refused, %d bytes", report.format(),
                    report.count(Outcome.EXTRACTED), list ? "to extract" : "extracted", report.count(Outcome.SKIPPED),
                    report.count(Outcome.REFUSED), list ? report.entries().stream().mapToLong(EntryReport::bytes).sum()
                            : report.bytesWritten()));
            out.flush();
            if (limit != null) {
                warn("extract: limit " + limit + ": " + limitMessage);
            }
        }
        return ok ? Main.OK : Main.FAILED;
    }

    /** A one-line bar on standard error: entries, bytes, and the share of the archive read when its size is known. */
    static final class ProgressBar implements ProgressListener {
        private static final long REDRAW_NANOS = 100_000_000L;
        private final PrintWriter terminal;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintWriter terminal) {
            this.terminal = terminal;
        }

        /** Only on a terminal, never under --json, and only for an archive large enough (or of unknown size). */
        static boolean wanted(boolean json, Path archive, long threshold) {
            if (json || System.console() == null) {
                return false;
            }
            try {
                return archive == null || java.nio.file.Files.size(archive) >= threshold;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void entryDone(Progress p) {
            long now = System.nanoTime();
            if (drawn && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            drawn = true;
            String bar = "";
            if (p.archiveSize() > 0) {
                int width = 30;
                int filled = (int) Math.min(width, width * p.archiveRead() / p.archiveSize());
                bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                        + (100 * p.archiveRead() / p.archiveSize()) + "% ";
            }
            terminal.print("\r" + bar + p.entries() + " entries, " + (p.bytesWritten() >> 20) + " MiB\u001b[K");
            terminal.flush();
        }

        void done() {
            if (drawn) {
                terminal.print("\r\u001b[K");
                terminal.flush();
            }
        }
    }
}
