package dev.beneath.bench;

import dev.beneath.nio.BeneathFileSystems;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@code Files.walk} over 10,000 entries in a pod volume (see {@link FileSystemBenchmarks}):
 * the beneath file system against the default provider on the same tree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FileSystemWalkBenchmarks {
    static final int ENTRIES = 10_000;

    private FileSystemBenchmarks.Volume volume;
    private FileSystem beneath;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        volume = FileSystemBenchmarks.Volume.make();
        Trees.makeWide(volume.data().resolve("tree"), ENTRIES);
        beneath = BeneathFileSystems.open(volume.data());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        beneath.close();
        volume.delete();
    }

    @Benchmark
    public long walkDefault() throws IOException {
        try (Stream<Path> s = Files.walk(volume.data().resolve("tree"))) {
            return s.count();
        }
    }

    @Benchmark
    public long walkBeneath() throws IOException {
        try (Stream<Path> s = Files.walk(beneath.getPath("/tree"))) {
            return s.count();
        }
    }
}
