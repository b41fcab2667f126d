package dev.beneath.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and writes the report: the C reference, then the JMH groups, writing
 * {@code results.json}, {@code results.md} and {@code resolve.png} in the output directory
 * again after each group.
 *
 * <pre>
 * BenchSuite --quick|--full --out DIR --c-source pathwalk.c [--jvm JAVA] [--no-subpath] [--resolve-only]
 * </pre>
 *
 * {@code --jvm} names the java the forked benchmark JVMs run on (a wrapper that enters a
 * private mount namespace, for the subPath group).
 */
public final class BenchSuite {
    static final int[] DEPTHS = {1, 4, 8, 16, 64};

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        Files.createDirectories(s.out());
        List<Row> rows = new ArrayList<>();

        Path work = Trees.scratch("gcc");
        try {
            CReference c = CReference.compile(s.cSource(), work);
            for (CReference.Result r : c.measure(DEPTHS, s.quick() ? 20_000 : 100_000)) {
                rows.add(new Row("c." + r.mode(), Map.of("depth", Integer.toString(r.depth())), r.nsPerOp(),
                        Double.NaN, "ns/op", Double.NaN));
                System.out.printf("C %-8s depth %2d: %.1f ns/op%n", r.mode(), r.depth(), r.nsPerOp());
            }
        } finally {
            Trees.delete(work);
        }

        rows.addAll(SyscallsPerOp.measure(DEPTHS, java.util.List.of("shallow", "kubelet")));
        runGroup(s, rows, group(s, ResolveBenchmarks.class, 1.0).addProfiler(GCProfiler.class));
        if (!s.resolveOnly()) {
            runGroup(s, rows, group(s, TreeBenchmarks.class, 1.0));
            runGroup(s, rows, group(s, FileSystemBenchmarks.class, 1.0));
            runGroup(s, rows, group(s, FileSystemWalkBenchmarks.class, 1.0));
            runGroup(s, rows, group(s, ExtractBenchmarks.class, 1.0)
                    .param("largeMiB", s.quick() ? "256" : "1024"));
        }
        if (s.subPath() && !s.resolveOnly()) {
            runGroup(s, rows, group(s, SubPathBenchmarks.class, 1.0));
        }
        for (Targets.Check check : new Targets(rows).check(DEPTHS)) {
            System.out.printf("%-4s %-62s %8.2f (%s %s)%n", check.met() ? "met" : "MISS", check.target(),
                    check.value(), check.atMost() ? "<=" : ">=", check.limit());
        }
        System.out.println("wrote " + s.out().resolve("results.json"));
    }

    /**
     * Runs one JMH group and rewrites the report with every row so far, so that a run cut
     * short leaves the groups it finished on disk.
     */
    private static void runGroup(Settings s, List<Row> rows, ChainedOptionsBuilder group) throws Exception {
        long start = System.nanoTime();
        rows.addAll(JmhRows.of(new Runner(group.build()).run()));
        System.out.printf("group finished in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
        Report report = new Report(s.quick() ? "quick" : "full", Machine.facts(s), rows,
                new Targets(rows).check(DEPTHS), DEPTHS);
        report.writeJson(s.out().resolve("results.json"));
        report.writeMarkdown(s.out().resolve("results.md"));
        Chart.draw(rows, DEPTHS, s.out().resolve("resolve.png"));
    }

    /**
     * Options for one benchmark class. Single-shot benchmarks take their iteration counts
     * from the same settings; their time per iteration is ignored.
     */
    private static ChainedOptionsBuilder group(Settings s, Class<?> benchmarks, double secondsPerIteration) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(benchmarks.getName() + "\\.")
                .forks(s.quick() ? 1 : 2)
                .warmupIterations(2)
                .warmupTime(TimeValue.milliseconds((long) (secondsPerIteration * (s.quick() ? 500 : 1000))))
                .measurementIterations(s.quick() ? 3 : 5)
                .measurementTime(TimeValue.milliseconds((long) (secondsPerIteration * 1000)))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .shouldFailOnError(true);
        if (s.jvm() != null) {
            b = b.jvm(s.jvm());
        }
        return b;
    }
}
