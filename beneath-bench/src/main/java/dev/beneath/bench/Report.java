package dev.beneath.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run as {@code results.json} and as Markdown tables ({@code results.md}). */
final class Report {
    /** The resolve table's columns: figure name and heading. */
    private static final String[][] RESOLVE_COLUMNS = {
            {"c.openat2", "C openat2"},
            {"resolveOpenat2", "beneath openat2"},
            {"c.walk", "C openat walk"},
            {"resolveEmulated", "beneath emulated"},
            {"openOpenat2", "beneath resolve+open"},
            {"openEmulated", "emulated resolve+open"},
            {"naiveJava", "naive Java"},
            {"secureDirectoryStream", "SecureDirectoryStream"},
    };

    private final String mode;
    private final Map<String, String> machine;
    private final List<Row> rows;
    private final List<Targets.Check> checks;
    private final int[] depths;

    Report(String mode, Map<String, String> machine, List<Row> rows, List<Targets.Check> checks, int[] depths) {
        this.mode = mode;
        this.machine = machine;
        this.rows = rows;
        this.checks = checks;
        this.depths = depths;
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", mode);
        doc.put("machine", machine);
        doc.put("results", rows.stream().map(Report::rowJson).toList());
        doc.put("targets", checks.stream().map(c -> Map.of("target", c.target(), "value", round(c.value()),
                "limit", c.limit(), "bound", c.atMost() ? "at most" : "at least", "met", c.met())).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private static Map<String, Object> rowJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("params", r.params());
        m.put("score", round(r.score()));
        if (!Double.isNaN(r.error())) {
            m.put("error", round(r.error()));
        }
        m.put("unit", r.unit());
        if (!Double.isNaN(r.allocBytesPerOp())) {
            m.put("allocBytesPerOp", round(r.allocBytesPerOp()));
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The whole-file table's columns. */
    private static final String[][] FILE_COLUMNS = {
            {"readAllBytesOpenat2", "beneath readAllBytes"},
            {"naiveReadAllBytes", "naive Files.readAllBytes"},
            {"writeOpenat2", "beneath write"},
            {"naiveWrite", "naive Files.write"},
    };

    /** The system-call table's columns, counted by {@link SyscallsPerOp}. */
    private static final String[][] SYSCALL_COLUMNS = {
            {"syscalls.resolveOpenat2", "resolve openat2"},
            {"syscalls.resolveEmulated", "resolve emulated"},
            {"syscalls.openOpenat2", "resolve+open openat2"},
            {"syscalls.openEmulated", "resolve+open emulated"},
            {"syscalls.readAllBytesOpenat2", "readAllBytes"},
            {"syscalls.writeOpenat2", "write"},
    };

    private static final String[][] ROOTS = {
            {"shallow", "root two levels below `/`"},
            {"kubelet", "root as deep as a kubelet emptyDir volume (7 components); the C reference runs in the shallow root only"},
    };

    private void table(StringBuilder md, String title, String[][] columns, String root) {
        md.append(title).append("\n\n| depth |");
        for (String[] c : columns) {
            md.append(' ').append(c[1]).append(" |");
        }
        md.append("\n|---:|").append("---:|".repeat(columns.length)).append('\n');
        Targets lookup = new Targets(rows);
        for (int d : depths) {
            md.append("| ").append(d).append(" |");
            for (String[] c : columns) {
                md.append(' ').append(lookup.score(c[0], "depth", d, root).stream()
                        .mapToObj(v -> c[0].startsWith("syscalls.") ? String.format(Locale.ROOT, "%.0f", v) : fmt(v))
                        .findFirst().orElse("-")).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    void writeMarkdown(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        for (String[] root : ROOTS) {
            table(md, "Resolve `d/d/.../f` of the given depth, " + root[1]
                    + ", ns/op (lower is better; every operation closes what it opened)", RESOLVE_COLUMNS, root[0]);
        }
        for (String[] root : ROOTS) {
            table(md, "Whole-file read and write of the one-byte file, " + root[1] + ", ns/op", FILE_COLUMNS, root[0]);
        }
        table(md, "System calls per benchmark operation (counted in beneath's syscall layer; the same in both"
                        + " roots; resolve+open includes the benchmark's size() and the channel's close)",
                SYSCALL_COLUMNS, "shallow");
        md.append("Heap allocation per operation (`-prof gc`), bytes/op\n\n| benchmark | root | depth | B/op |\n|---|---|---:|---:|\n");
        for (Row r : rows) {
            if (!Double.isNaN(r.allocBytesPerOp()) && r.intParam("depth") > 0) {
                md.append("| ").append(r.name()).append(" | ").append(r.params().getOrDefault("root", ""))
                        .append(" | ").append(r.intParam("depth")).append(" | ")
                        .append(fmt(r.allocBytesPerOp())).append(" |\n");
            }
        }
        md.append("\nTree and subPath operations\n\n| benchmark | parameter | score | unit |\n|---|---|---:|---|\n");
        for (Row r : rows) {
            if (r.intParam("depth") < 0) {
                md.append("| ").append(r.name()).append(" | ").append(r.params().isEmpty() ? "" : r.params().toString())
                        .append(" | ").append(fmt(r.score())).append(" | ").append(r.unit()).append(" |\n");
            }
        }
        md.append("\nTargets\n\n| target | measured | bound | met |\n|---|---:|---|---|\n");
        for (Targets.Check c : checks) {
            md.append("| ").append(c.target()).append(" | ").append(String.format(Locale.ROOT, "%.2f", c.value()))
                    .append(" | ").append(c.atMost() ? "≤ " : "≥ ").append(fmt(c.limit())).append(" | ")
                    .append(c.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nMachine\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        Files.writeString(file, md);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
