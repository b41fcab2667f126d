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

/** Whole-tree operations: {@code mkdirAll} of an 8-deep path, {@code removeAll} of 10,000 entries. */
public class TreeBenchmarks {
    /** Entries in the tree the removal benchmarks delete. */
    public static final int ENTRIES = 10_000;
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
}
