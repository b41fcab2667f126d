package dev.beneath.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.beneath.Root;
import dev.beneath.archive.EntryReport.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For benign archives, the tree beneath makes (policy {@code tar}, which keeps modes) equals
 * the one GNU {@code tar -x} and Info-ZIP {@code unzip} make: names, types, permission bits,
 * link targets and contents. Skipped, with the reason, where the tool is not installed.
 */
class DifferentialTest {
    @TempDir
    Path base;

    private static Archives.Builder benign(boolean hardLinks) {
        Archives.Builder b = Archives.builder()
                .dir("top").dir("top/private", 0700).dir("top/ro", 0555).dir("top/group", 0775)
                .file("top/a.txt", "alpha\n").file("top/exec.sh", "#!/bin/sh\necho hi\n", 0755)
                .file("top/private/key", "secret\n", 0600).file("top/empty", "")
                .file("top/group/shared", "shared\n", 0664)
                .file("top/caf\u00e9.txt", "utf-8 name\n").file("top/\u65e5\u672c.txt", "cjk\n")
                .file("top/" + "long".repeat(40) + ".txt", "a name past 100 bytes\n")
                .file("top/" + "deep/".repeat(30) + "leaf", "deep\n")
                .file("top/big.bin", bigContent(), 0644)
                .symlink("top/link", "a.txt").symlink("top/dirlink", "private").symlink("top/dangling", "nothing");
        if (hardLinks) {
            b.hardlink("top/hard", "top/a.txt");
        }
        return b.file("top/ro/inside", "in a read-only directory\n", 0444);
    }

    private static byte[] bigContent() {
        byte[] b = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gnu", "pax"})
    void tarMatchesGnuTar(String format) throws Exception {
        requireTool("tar");
        Path archive = base.resolve("a.tar");
        Files.write(archive, format.equals("gnu") ? benign(true).tar() : benign(true).paxTar());
        Path theirs = Files.createDirectories(base.resolve("gnu"));
        run(List.of("tar", "-xf", archive.toString(), "-C", theirs.toString(), "--no-same-owner"));
        assertEquals(snapshot(theirs), snapshot(extract(archive)));
    }

    @Test
    void zipMatchesUnzip() throws Exception {
        requireTool("unzip");
        Path archive = base.resolve("a.zip");
        Files.write(archive, benign(false).zip());
        Path theirs = Files.createDirectories(base.resolve("unzip"));
        run(List.of("unzip", "-q", archive.toString(), "-d", theirs.toString()));
        assertEquals(snapshot(theirs), snapshot(extract(archive)));
    }

    private Path extract(Path archive) throws IOException {
        Path ours = Files.createDirectories(base.resolve("beneath"));
        try (Root root = Root.open(ours)) {
            ExtractionReport report = Extractor.builder().destination(root).policy(ExtractionPolicy.TAR).build()
                    .extract(archive);
            assertEquals(report.entries().size(), report.count(Outcome.EXTRACTED), () -> report.entries().toString());
        }
        return ours;
    }

    private static void requireTool(String name) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
        Assumptions.assumeTrue(found, name + " is not installed (apt-get install " + name + ")");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + output);
        }
    }

    /** Every entry under {@code dir}: type, permission bits (not a symlink's), link target or content digest. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        assertEquals(true, Files.isDirectory(dir.resolve("top/deep")), "the tool extracted nothing: " + dir);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(key, "symlink -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(key, "dir " + Integer.toOctalString(AttackTableTest.mode(p)));
                } else {
                    out.put(key, "file " + Integer.toOctalString(AttackTableTest.mode(p)) + " " + digest(p));
                }
            }
        }
        return out;
    }

    private static String digest(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
