package dev.beneath.bench;

import dev.beneath.Root;
import dev.beneath.archive.ExtractionPolicy;
import dev.beneath.archive.Extractor;
import dev.beneath.archive.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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
 * Extracting a plain {@code .tar}: 10,000 small files in 100 directories, or one large file
 * ({@code largeMiB}, 1024 by default; a quick run passes less). beneath's {@link Extractor}
 * (policy {@code tar}, in-process after warm-up) beside GNU {@code tar -x} as a subprocess and
 * the naive Commons Compress loop through {@link Files#copy}, which checks nothing.
 */
public class ExtractBenchmarks {
    /** The archive, built once per trial; a fresh empty destination for every extraction. */
    @State(Scope.Benchmark)
    public static class Archive {
        @Param({"smallFiles", "largeFile"})
        public String shape;

        @Param({"1024"})
        public int largeMiB;

        Path dir;
        Path tar;
        Path dest;
        int round;

        @Setup(Level.Trial)
        public void build() throws IOException {
            dir = Trees.scratch("extract");
            tar = dir.resolve("archive.tar");
            try (OutputStream file = Files.newOutputStream(tar);
                 TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Random random = new Random(1);
                if (shape.equals("smallFiles")) {
                    for (int i = 0; i < 10_000; i++) {
                        byte[] content = new byte[512 + random.nextInt(1024)];
                        random.nextBytes(content);
                        entry(out, "d" + (i / 100) + "/f" + i, content); // grouped by directory, as tar writes them
                    }
                } else {
                    byte[] chunk = new byte[1 << 20];
                    random.nextBytes(chunk);
                    TarArchiveEntry e = new TarArchiveEntry("large.bin");
                    e.setSize((long) largeMiB << 20);
                    out.putArchiveEntry(e);
                    for (int i = 0; i < largeMiB; i++) {
                        out.write(chunk);
                    }
                    out.closeArchiveEntry();
                }
            }
        }

        private static void entry(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }

        @Setup(Level.Invocation)
        public void freshDestination() throws IOException {
            dest = Files.createDirectory(dir.resolve("dest" + round++));
        }

        @TearDown(Level.Invocation)
        public void removeDestination() {
            Trees.delete(dest);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Trees.delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long beneath(Archive a) throws IOException {
        try (Root root = Root.open(a.dest)) {
            return Extractor.builder().destination(root).policy(ExtractionPolicy.TAR)
                    .limits(Limits.DEFAULT.withMaxTotalBytes(Long.MAX_VALUE)).build()
                    .extract(a.tar).bytesWritten();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int gnuTar(Archive a) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "-xf", a.tar.toString(), "-C", a.dest.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException("tar -x exited " + code);
        }
        return code;
    }

    /** What Zip Slip-era code does: each name resolved as a string and written by path. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long naiveCommonsCompress(Archive a) throws IOException {
        long bytes = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(a.tar), 1 << 16);
             TarArchiveInputStream in = new TarArchiveInputStream(file)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = a.dest.resolve(e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    bytes += Files.copy(in, target);
                }
            }
        }
        return bytes;
    }
}
