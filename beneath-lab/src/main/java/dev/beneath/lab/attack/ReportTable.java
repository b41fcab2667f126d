package dev.beneath.lab.attack;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** The terminal form of a {@link LabReport}: one line per strategy, one per scenario under it. */
public final class ReportTable {
    private static final String ROW = "%-28s %12s %12s %9s %13s  %s%n";

    private ReportTable() {
    }

    public static void print(LabReport report, PrintWriter out) {
        out.printf("beneath attack: kernel %s, %d attacker%s per race, %.1f s%n", report.kernel(),
                report.attackers(), report.attackers() == 1 ? "" : "s", report.elapsed().toMillis() / 1000.0);
        out.printf(ROW, "strategy / scenario", "attempts", "successes", "escapes", "exchanges", "errors");
        for (StrategyResult r : report.results()) {
            row(out, r.strategy().cliName() + (r.strategy().beneath() ? "" : " (naive)"), r.total());
            for (Tally cell : r.cells()) {
                row(out, "  " + cell.scenario(), cell);
            }
        }
        for (Skipped s : report.skipped()) {
            out.printf("%-28s skipped: %s%n", s.strategy().cliName(), s.reason());
        }
        Verdict v = report.verdict();
        out.println((v.exitCode() == Verdict.HELD ? "PASS: " : "") + v.message());
        out.flush();
    }

    private static void row(PrintWriter out, String name, Tally t) {
        out.printf(ROW, name, n(t.attempts()), n(t.successes()), n(t.escapes()), n(t.exchanges()), errors(t.errors()));
    }

    private static String n(long value) {
        return String.format("%,d", value);
    }

    private static String errors(Map<String, Long> errors) {
        return errors.entrySet().stream().map(e -> e.getKey() + " " + n(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
