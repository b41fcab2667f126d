package dev.beneath.bench;

import dev.beneath.Backend;
import dev.beneath.Handle;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;
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
 * Resolving {@code d/d/.../f} ({@code depth} components) inside a root: beneath on both
 * backends, alone and followed by an open for reading, a whole-file read and a write, against
 * the usual Java idioms. Every operation closes what it opened.
 *
 * <p>Two roots: {@code shallow}, a directory two levels below {@code /} (a fresh temporary
 * directory), and {@code kubelet}, one as deep as a kubelet's emptyDir volume
 * ({@code /var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>}, seven
 * components), built under a temporary directory with the same names. beneath resolves from the
 * root's descriptor, so its depth costs it nothing; the naive idiom canonicalises the whole
 * path on every call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolveBenchmarks {
    /** The depths the suite reports. */
    @Param({"1", "4", "8", "16", "64"})
    public int depth;

    /** Where the root is: {@code shallow} or {@code kubelet}, see above. */
    @Param({"shallow", "kubelet"})
    public String root;

    private static final byte[] CONTENT = {'x'};

    private Path base;
    private Path dir;
    private Path realDir;
    private Path naivePath;
    private String path;
    private String[] components;
    private Root openat2;
    private Root emulated;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        base = Trees.scratch("resolve");
        dir = Trees.root(base, root);
        realDir = dir.toRealPath();
        Trees.makePath(dir, depth);
        path = Trees.path(depth);
        naivePath = dir.resolve(path);
        components = path.split("/");
        openat2 = Root.open(dir, Backend.OPENAT2);
        emulated = Root.open(dir, Backend.EMULATED);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        openat2.close();
        emulated.close();
        Trees.delete(base);
    }

    @Benchmark
    public int resolveOpenat2() throws IOException {
        try (Handle h = openat2.resolve(path)) {
            return h.fd();
        }
    }

    @Benchmark
    public int resolveEmulated() throws IOException {
        try (Handle h = emulated.resolve(path)) {
            return h.fd();
        }
    }

    @Benchmark
    public long openOpenat2() throws IOException {
        try (FileChannel c = openat2.newFileChannel(path)) {
            return c.size();
        }
    }

    @Benchmark
    public long openEmulated() throws IOException {
        try (FileChannel c = emulated.newFileChannel(path)) {
            return c.size();
        }
    }

    /** The unsafe idiom: canonicalise, check the prefix, then open the string again. */
    @Benchmark
    public long naiveJava() throws IOException {
        try (FileChannel c = FileChannel.open(naiveChecked(), StandardOpenOption.READ)) {
            return c.size();
        }
    }

    private Path naiveChecked() throws IOException {
        Path real = naivePath.toRealPath();
        if (!real.startsWith(realDir)) {
            throw new SecurityException(path + " leaves the root");
        }
        return real;
    }

    @Benchmark
    public byte[] readAllBytesOpenat2() throws IOException {
        return openat2.readAllBytes(path);
    }

    /** {@code Files.readAllBytes} after the naive check. */
    @Benchmark
    public byte[] naiveReadAllBytes() throws IOException {
        return Files.readAllBytes(naiveChecked());
    }

    /** Overwrites the one-byte file (CREATE, TRUNCATE_EXISTING, WRITE). */
    @Benchmark
    public void writeOpenat2() throws IOException {
        openat2.write(path, CONTENT);
    }

    /** {@code Files.write} after the naive check. */
    @Benchmark
    public void naiveWrite() throws IOException {
        Files.write(naiveChecked(), CONTENT);
    }

    /** A component-by-component walk with {@link SecureDirectoryStream}, no link followed. */
    @Benchmark
    public long secureDirectoryStream() throws IOException {
        SecureDirectoryStream<Path> cur = (SecureDirectoryStream<Path>) Files.newDirectoryStream(dir);
        try {
            for (int i = 0; i < components.length - 1; i++) {
                SecureDirectoryStream<Path> next = cur.newDirectoryStream(Path.of(components[i]),
                        LinkOption.NOFOLLOW_LINKS);
                cur.close();
                cur = next;
            }
            try (SeekableByteChannel c = cur.newByteChannel(Path.of(components[components.length - 1]),
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                return c.size();
            }
        } finally {
            cur.close();
        }
    }
}
