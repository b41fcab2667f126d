package dev.beneath.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * The server on a beneath file system against the same server on MINA's own rooted view of
 * the default file system ({@link VirtualFileSystemFactory}): the real OpenSSH client puts
 * and gets a 100 MB file and a tree of 1,000 small files, each workload timed as one
 * {@code sftp -b} run (connection included; the time of a bare {@code ls} run is printed so
 * it can be told apart). Runs only when asked: {@code scripts/sftp-bench} (or
 * {@code -Dbeneath.sftp.bench=true}, {@code -Dbeneath.sftp.bench.runs=N}, default 15). Prints a
 * Markdown table of medians and writes it to {@code target/sftp-bench.md}.
 */
@EnabledIfSystemProperty(named = "beneath.sftp.bench", matches = "true")
class SftpSpeedBench {
    /** Where the runs' files live: see {@link InMemory}. */
    @TempDir(factory = InMemory.class)
    Path tmp;

    /**
     * Under {@code /dev/shm}, a tmpfs, where the machine has one: a 100 MB put to a disk file
     * system is timed together with the write-back of the runs before it, which made the same
     * code measure anything from 0.9x to 1.6x. In memory, the runs compare the servers.
     */
    static final class InMemory implements TempDirFactory {
        static final Path SHM = Path.of("/dev/shm");

        static boolean available() {
            return Files.isDirectory(SHM) && Files.isWritable(SHM);
        }

        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return available() ? Files.createTempDirectory(SHM, "beneath-sftp-bench-")
                    : Files.createTempDirectory("beneath-sftp-bench-");
        }
    }

    private static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("connect + ls", "ls\n");
        WORKLOADS.put("put 100 MB", "put big.bin\n");
        WORKLOADS.put("get 100 MB", "get big.bin got.bin\n");
        WORKLOADS.put("put -r 1,000 files", "put -r tree\n");
        WORKLOADS.put("get -r 1,000 files", "get -r tree gottree\n");
    }

    @Test
    void beneathAgainstMinasRootedDefaultFileSystem() throws Exception {
        assumeTrue(OpenSsh.available(), "the OpenSSH client is not installed");
        int runs = Integer.getInteger("beneath.sftp.bench.runs", 15);
        Map<String, Function<Path, FileSystemFactory>> targets = new LinkedHashMap<>();
        targets.put("beneath", BeneathFileSystemFactory::new);
        targets.put("MINA native", VirtualFileSystemFactory::new);
        Map<String, Map<String, long[]>> times = new LinkedHashMap<>();
        for (String t : targets.keySet()) {
            times.put(t, new LinkedHashMap<>());
            WORKLOADS.keySet().forEach(w -> times.get(t).put(w, new long[runs]));
        }
        List<Served> servers = new ArrayList<>();
        try {
            for (Map.Entry<String, Function<Path, FileSystemFactory>> t : targets.entrySet()) {
                Served s = new Served(tmp.resolve(t.getKey().replace(' ', '-')), t.getValue(), b -> b);
                prepare(s.local);
                servers.add(s);
            }
            for (int run = 0; run < runs; run++) {
                for (String w : WORKLOADS.keySet()) {
                    // alternate which target goes first, so neither always gets the warmer cache
                    for (int k = 0; k < servers.size(); k++) {
                        int i = (k + run) % servers.size();
                        Served s = servers.get(i);
                        reset(s);
                        long t0 = System.nanoTime();
                        OpenSsh.Run r = s.openSsh.sftp(s.server.port(), "bench", s.local, WORKLOADS.get(w), 600);
                        long took = System.nanoTime() - t0;
                        assertEquals(0, r.exit(), r::toString);
                        times.get(List.copyOf(targets.keySet()).get(i)).get(w)[run] = took;
                    }
                }
            }
        } finally {
            for (Served s : servers) {
                s.close();
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("| workload | beneath (median ms) | MINA native (median ms) | ratio |\n|---|---:|---:|---:|\n");
        for (String w : WORKLOADS.keySet()) {
            double b = median(times.get("beneath").get(w));
            double n = median(times.get("MINA native").get(w));
            md.append(String.format("| %s | %.0f | %.0f | %.2f |%n", w, b, n, b / n));
        }
        md.append(String.format("%n%d runs each, OpenSSH client %s, %d cores, files %s.%n", runs, sshVersion(),
                Runtime.getRuntime().availableProcessors(),
                InMemory.available() ? "in memory (/dev/shm)" : "on disk (no /dev/shm)"));
        System.out.println(md);
        Path out = Path.of("target", "sftp-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private static void prepare(Path local) throws IOException {
        Random random = new Random(11);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(local.resolve("big.bin"))) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(local.resolve("tree/d" + d));
            for (int f = 0; f < 50; f++) {
                Files.writeString(dir.resolve("f" + f), "small file " + d + "/" + f + "\n".repeat(1 + f));
            }
        }
    }

    /** Before each run: the served side holds what the get workloads fetch, the client side nothing fetched. */
    private static void reset(Served s) throws IOException {
        deleteTree(s.local.resolve("got.bin"));
        deleteTree(s.local.resolve("gottree"));
        if (!Files.exists(s.root.resolve("big.bin"))) {
            Files.copy(s.local.resolve("big.bin"), s.root.resolve("big.bin"));
        }
        if (!Files.exists(s.root.resolve("tree"))) {
            copyTree(s.local.resolve("tree"), s.root.resolve("tree"));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var all = Files.walk(p)) {
            for (Path q : (Iterable<Path>) all.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(q);
            }
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mid = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        return mid / 1e6;
    }

    private static String sshVersion() {
        try {
            Process p = new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v.split(",")[0];
        } catch (IOException | InterruptedException e) {
            return "(unknown)";
        }
    }
}
