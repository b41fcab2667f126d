package dev.beneath.bench;

import dev.beneath.Handle;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole-tree operations: {@code mkdirAll} of an 8-deep path, {@code removeAll} of 10,000
 * entries, and of 100,000 entries in one directory beside coreutils {@code rm -rf}.
 */
public class TreeBenchmarks {
    /** Entries in the tree the removal benchmarks delete. */
    public static final int ENTRIES = 10_000;
    /** Entries below the one directory of the flat removal benchmarks. */
    public static final int FLAT_ENTRIES = 100_000;
    private static final String EIGHT_DEEP = "a/b/c/d/e/f/g/h";

    /** A root in which each operation makes a new 8-deep path under a fresh top directory. */
    @State(Scope.Benchmark)
    public static class MkdirState {
        Path dir;
        Root root;
        long next;

        @Setup(Level.Iteration)
        public void setUp() throws IOException {
            dir = Trees.scratch("mkdir");
            root = Root.open(dir);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            root.close();
            Trees.delete(dir);
        }

        String nextPath() {
            return "t" + (next++) + "/" + EIGHT_DEEP;
        }
    }

    /** A freshly built 10,000-entry tree for every single removal. */
    @State(Scope.Benchmark)
    public static class RemoveState {
        Path dir;
        Root root;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Trees.scratch("remove");
            root = Root.open(dir);
        }

        @Setup(Level.Invocation)
        public void build() {
            Trees.makeWide(dir.resolve("tree"), ENTRIES);
        }

        @TearDown(Level.Trial)
        public void close() {
            root.close();
            Trees.delete(dir);
        }
    }

    /** One directory of 50,000 subdirectories holding one file each, rebuilt for every removal. */
    @State(Scope.Benchmark)
    public static class FlatState {
        Path dir;
        Root root;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Trees.scratch("flat");
            root = Root.open(dir);
        }

        @Setup(Level.Invocation)
        public void build() {
            Trees.makeFlat(dir.resolve("tree"), FLAT_ENTRIES);
        }

        @TearDown(Level.Trial)
        public void close() {
            root.close();
            Trees.delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int mkdirAll8(MkdirState s) throws IOException {
        try (Handle h = s.root.mkdirAll(s.nextPath(), 0755)) {
            return h.fd();
        }
    }

    /** The same 8 directories with {@link Files#createDirectories}, which follows any link. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Path createDirectories8(MkdirState s) throws IOException {
        return Files.createDirectories(s.dir.resolve(s.nextPath()));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void removeAll10k(RemoveState s) throws IOException {
        s.root.removeAll("tree");
    }

    /** The usual idiom: {@code Files.walk}, deepest first, {@code Files.delete} each path. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void filesWalkDelete10k(RemoveState s) {
        Trees.delete(s.dir.resolve("tree"));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void removeAllFlat100k(FlatState s) throws IOException {
        s.root.removeAll("tree");
    }

    /** The reference: coreutils {@code rm -rf} on the same tree, as a subprocess (its start included). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int rmRfFlat100k(FlatState s) throws IOException, InterruptedException {
        Process rm = new ProcessBuilder("rm", "-rf", "--", s.dir.resolve("tree").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int status = rm.waitFor();
        if (status != 0) {
            throw new IOException("rm -rf exited with " + status);
        }
        return status;
    }
}
