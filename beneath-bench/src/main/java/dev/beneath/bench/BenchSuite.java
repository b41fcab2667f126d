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
 * Runs the whole suite and writes the report: the C reference, then the JMH groups, then
 * {@code results.json}, {@code results.md} and {@code resolve.png} in the output directory.
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
        rows.addAll(JmhRows.of(new Runner(group(s, ResolveBenchmarks.class, 1.0)
                .addProfiler(GCProfiler.class).build()).run()));
        if (!s.resolveOnly()) {
            rows.addAll(JmhRows.of(new Runner(group(s, TreeBenchmarks.class, 1.0).build()).run()));
            rows.addAll(JmhRows.of(new Runner(group(s, FileSystemBenchmarks.class, 1.0).build()).run()));
            rows.addAll(JmhRows.of(new Runner(group(s, FileSystemWalkBenchmarks.class, 1.0).build()).run()));
            rows.addAll(JmhRows.of(new Runner(group(s, ExtractBenchmarks.class, 1.0)
                    .param("largeMiB", s.quick() ? "256" : "1024").build()).run()));
        }
        if (s.subPath() && !s.resolveOnly()) {
            rows.addAll(JmhRows.of(new Runner(group(s, SubPathBenchmarks.class, 1.0).build()).run()));
        }

        List<Targets.Check> checks = new Targets(rows).check(DEPTHS);
        Report report = new Report(s.quick() ? "quick" : "full", Machine.facts(s), rows, checks, DEPTHS);
        report.writeJson(s.out().resolve("results.json"));
        report.writeMarkdown(s.out().resolve("results.md"));
        Chart.draw(rows, DEPTHS, s.out().resolve("resolve.png"));
        for (Targets.Check check : checks) {
            System.out.printf("%-4s %-62s %8.2f (%s %s)%n", check.met() ? "met" : "MISS", check.target(),
                    check.value(), check.atMost() ? "<=" : ">=", check.limit());
        }
        System.out.println("wrote " + s.out().resolve("results.json"));
    }

    /**
     * Options for one benchmark class. Single-shot benchmarks take their iteration counts
     * from the same settings; their time per iteration is ignored.
     */
    private static ChainedOptionsBuilder group(Settings s, Class<?> benchmarks, double secondsPerIteration) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(benchmarks.getName() + "\\.")
                .forks(s.quick() ? 1 : 2)
                .warmupIterations(s.quick() ? 2 : 3)
                .warmupTime(TimeValue.milliseconds((long) (secondsPerIteration * (s.quick() ? 500 : 1000))))
                .measurementIterations(s.quick() ? 3 : 5)
                .measurementTime(TimeValue.milliseconds((long) (secondsPerIteration * (s.quick() ? 1000 : 1500))))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .shouldFailOnError(true);
        if (s.jvm() != null) {
            b = b.jvm(s.jvm());
        }
        return b;
    }
}
