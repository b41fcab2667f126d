package dev.beneath.bench;

import dev.beneath.nio.BeneathFileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The beneath {@link FileSystem} against the default provider on the same tree: reading a
 * small file ({@code Files.readAllBytes}, {@code Files.newInputStream}) at a depth of 1, 8
 * and 16 components below the root ({@link FileSystemWalkBenchmarks} walks). The root
 * sits where a node agent's volumes do, {@code /var/lib/kubelet/pods/<uid>/volumes/
 * kubernetes.io~empty-dir/data}, when that is writable (the default provider walks every
 * one of those host components on each call; beneath starts at the pinned root), else at
 * the same depth under the temporary directory. Everything made is removed afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileSystemBenchmarks {
    /** Components from the root to the file. */
    @Param({"1", "8", "16"})
    public int depth;

    private Volume volume;
    private FileSystem beneath;
    private Path beneathFile;
    private Path defaultFile;

    /** A pod volume directory made for the run, and the first directory the run created. */
    record Volume(Path data, Path created) {
        static Volume make() {
            Path kubelet = Path.of("/var/lib/kubelet");
            boolean real = Files.isWritable(kubelet.getParent());
            Path scratch = real ? null : Trees.scratch("fs");
            Path base = real ? kubelet : scratch.resolve("var/lib/kubelet");
            Path pods = base.resolve("pods");
            Path pod = pods.resolve(UUID.randomUUID().toString());
            // removed afterwards: the outermost directory this run creates
            Path created = !real ? scratch : !Files.exists(kubelet) ? kubelet : !Files.exists(pods) ? pods : pod;
            Path data = pod.resolve("volumes/kubernetes.io~empty-dir/data");
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Volume(data, created);
        }

        void delete() {
            Trees.delete(created);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        volume = Volume.make();
        Trees.makePath(volume.data(), depth);
        beneath = BeneathFileSystems.open(volume.data());
        beneathFile = beneath.getPath("/" + Trees.path(depth));
        defaultFile = volume.data().resolve(Trees.path(depth));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        beneath.close();
        volume.delete();
    }

    @Benchmark
    public byte[] readAllBytesDefault() throws IOException {
        return Files.readAllBytes(defaultFile);
    }

    @Benchmark
    public byte[] readAllBytesBeneath() throws IOException {
        return Files.readAllBytes(beneathFile);
    }

    @Benchmark
    public int newInputStreamDefault() throws IOException {
        try (InputStream in = Files.newInputStream(defaultFile)) {
            return in.read();
        }
    }

    @Benchmark
    public int newInputStreamBeneath() throws IOException {
        try (InputStream in = Files.newInputStream(beneathFile)) {
            return in.read();
        }
    }
}
