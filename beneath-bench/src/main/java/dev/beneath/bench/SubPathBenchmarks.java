package dev.beneath.bench;

import dev.beneath.SafetyCheckException;
import dev.beneath.internal.procfs.MountNamespace;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The subPath mechanism with real bind mounts. Needs root, and a private mount namespace for
 * the forked JVM (the suite launches it through {@code unshare}, and the setup verifies it),
 * so that nothing reaches the host's mount table.
 */
public class SubPathBenchmarks {
    private static final String VOLUME = "data";
    private static final String CONTAINER = "app";

    /** A volume holding one directory to mount, and an empty pod directory. */
    @State(Scope.Benchmark)
    public static class Pod {
        Path dir;
        Path volume;
        Path pod;
        final SubPathMounter mounter = new SubPathMounter();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            MountNamespace.Verdict ns = MountNamespace.current();
            if (!ns.isPrivate()) {
                throw new IllegalStateException("subPath benchmarks need root and a private mount namespace: "
                        + ns.reason());
            }
            dir = Trees.scratch("subpath");
            Files.createDirectories(dir.resolve("volume/sub/dir"));
            volume = dir.resolve("volume");
            pod = Files.createDirectories(dir.resolve("pod"));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SubPathException {
            mounter.cleanSubPaths(pod, VOLUME);
            Trees.delete(dir);
        }

        SubPath subPath(int index) {
            return new SubPath(index, "sub/dir", VOLUME, volume, pod, CONTAINER, false);
        }

        void prepare(int count) throws SubPathException, SafetyCheckException {
            for (int i = 0; i < count; i++) {
                mounter.prepare(subPath(i));
            }
        }
    }

    /** A pod with {@code mounts} prepared subPaths before every single clean. */
    @State(Scope.Benchmark)
    public static class Mounted extends Pod {
        @Param({"100", "1000", "10000"})
        public int mounts;

        @Setup(Level.Invocation)
        public void mountAll() throws SubPathException, SafetyCheckException {
            prepare(mounts);
        }
    }

    /** One prepare (validate, create the target, bind, verify) and the clean that undoes it. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void prepareAndClean(Pod pod) throws SubPathException, SafetyCheckException {
        pod.mounter.prepare(pod.subPath(0));
        pod.mounter.cleanSubPaths(pod.pod, VOLUME);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void cleanSubPaths(Mounted pod) throws SubPathException {
        pod.mounter.cleanSubPaths(pod.pod, VOLUME);
    }
}
