package dev.beneath.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Root;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.archive.internal.SurrogateEscape;
import dev.beneath.testkit.TestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Formats detected by content, listing, limits' reports, directory metadata, names as bytes. */
class FormatsTest {
    @TempDir
    Path base;

    private static Archives.Builder sample() {
        return Archives.builder().dir("d").file("d/a", "alpha").file("b", "beta", 0755).symlink("l", "d/a");
    }

    private Path dest() throws IOException {
        return Files.createDirectories(base.resolve("dest"));
    }

    private ExtractionReport extract(byte[] archive) throws IOException {
        try (Root root = Root.open(dest())) {
            return Extractor.builder().destination(root).build().extract(new ByteArrayInputStream(archive));
        }
    }

    private void assertSample(ExtractionReport report) throws IOException {
        assertEquals(4, report.count(Outcome.EXTRACTED), report.entries().toString());
        assertEquals("alpha", Files.readString(base.resolve("dest/d/a")));
        assertEquals("beta", Files.readString(base.resolve("dest/b")));
        assertEquals("d/a", Files.readSymbolicLink(base.resolve("dest/l")).toString());
        assertEquals(Archives.MTIME, Files.getLastModifiedTime(base.resolve("dest/d/a")));
        assertEquals(Archives.MTIME, Files.getLastModifiedTime(base.resolve("dest/d")));
    }

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tar", "tar.gz", "tar.bz2", "tar.xz", "tar.zst"})
    void compressedTarsByContent(String format) throws IOException {
        Compressor c = switch (format) {
            case "tar" -> out -> out;
            case "tar.gz" -> GzipCompressorOutputStream::new;
            case "tar.bz2" -> BZip2CompressorOutputStream::new;
            case "tar.xz" -> XZCompressorOutputStream::new;
            case "tar.zst" -> ZstdCompressorOutputStream::new;
            default -> throw new AssertionError(format);
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(sample().tar());
        }
        ExtractionReport report = extract(bytes.toByteArray());
        assertEquals(format, report.format());
        assertSample(report);
    }

    @Test
    void zipFromTheCentralDirectory() throws IOException {
        Path zip = base.resolve("a.zip");
        Files.write(zip, sample().zip());
        try (Root root = Root.open(dest())) {
            assertSample(Extractor.builder().destination(root).build().extract(zip));
        }
    }

    /** Streamed, a zip's symlinks and modes are not known (they are in the central directory). */
    @Test
    void zipStreamedWithDataDescriptors() throws IOException {
        ExtractionReport report = extract(Archives.builder().dir("d").file("d/a", "alpha").zip());
        assertEquals("zip", report.format());
        assertEquals(2, report.count(Outcome.EXTRACTED));
        assertEquals("alpha", Files.readString(base.resolve("dest/d/a")));
    }

    @Test
    void zip64BothWays() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            out.setUseZip64(Zip64Mode.Always);
            for (String name : List.of("one", "two")) {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                out.putArchiveEntry(e);
                out.write(name.getBytes());
                out.closeArchiveEntry();
            }
        }
        assertEquals(2, extract(bytes.toByteArray()).count(Outcome.EXTRACTED));
        Path zip = base.resolve("z64.zip");
        Files.write(zip, bytes.toByteArray());
        try (Root root = Root.open(Files.createDirectories(base.resolve("second")))) {
            assertEquals(2, Extractor.builder().destination(root).build().extract(zip).count(Outcome.EXTRACTED));
        }
        assertEquals("two", Files.readString(base.resolve("second/two")));
    }

    /** GNU sparse files: made by GNU tar itself, since Commons Compress writes none. */
    @Test
    void gnuSparseFile() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "GNU tar is not installed");
        Path src = Files.createDirectories(base.resolve("src"));
        try (FileChannel f = FileChannel.open(src.resolve("sparse"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            f.write(ByteBuffer.wrap("head".getBytes()), 0);
            f.write(ByteBuffer.wrap("tail".getBytes()), 5_000_000);
        }
        Path archive = base.resolve("sparse.tar");
        for (String format : List.of("gnu", "posix")) {
            Process p = new ProcessBuilder("tar", "--sparse", "--format=" + format, "-cf", archive.toString(), "-C",
                    src.toString(), "sparse").redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
            Path out = Files.createDirectories(base.resolve("out-" + format));
            try (Root root = Root.open(out)) {
                ExtractionReport r = Extractor.builder().destination(root).build().extract(archive);
                assertEquals(1, r.count(Outcome.EXTRACTED), r.entries().toString());
            }
            assertArrayEquals(Files.readAllBytes(src.resolve("sparse")), Files.readAllBytes(out.resolve("sparse")));
        }
    }

    /** An entry this cannot read (here: compressed with WavPack, method 97) is refused, and the rest still extracts. */
    @Test
    void anUnreadableZipEntryIsRefusedAndTheRestExtracted() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            byte[] secret = "ciphertext".getBytes();
            ZipArchiveEntry locked = new ZipArchiveEntry("locked");
            locked.setMethod(97);
            locked.setSize(secret.length);
            locked.setCompressedSize(secret.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(secret);
            locked.setCrc(crc.getValue());
            out.addRawArchiveEntry(locked, new ByteArrayInputStream(secret));
            ZipArchiveEntry open = new ZipArchiveEntry("open");
            out.putArchiveEntry(open);
            out.write("plain".getBytes());
            out.closeArchiveEntry();
        }
        Path zip = base.resolve("locked.zip");
        Files.write(zip, bytes.toByteArray());
        try (Root root = Root.open(dest())) {
            ExtractionReport r = Extractor.builder().destination(root).build().extract(zip);
            assertEquals(List.of(Outcome.REFUSED, Outcome.EXTRACTED), r.entries().stream().map(EntryReport::outcome).toList());
            assertEquals(EntryType.OTHER, r.entries().getFirst().type());
        }
        assertFalse(Files.exists(base.resolve("dest/locked")));
        assertEquals("plain", Files.readString(base.resolve("dest/open")));
    }

    @Test
    void notAnArchive() throws IOException {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> extract(noise));
        assertTrue(e.getMessage().contains("not an archive"), e.getMessage());
        byte[] sevenZip = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ArchiveFormatException unsupported = assertThrows(ArchiveFormatException.class, () -> extract(sevenZip));
        assertTrue(unsupported.getMessage().contains("unsupported") || unsupported.getMessage().contains("not an archive"),
                unsupported.getMessage());
        try (Stream<Path> s = Files.list(base.resolve("dest"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void listingWritesNothingAndNeedsNoDestination() throws IOException {
        byte[] tar = Archives.builder().file("/abs", "x").file("../up", "x").symlink("out", "../x")
                .symlink("in", "abs").hardlink("h", "../x").special(EntryType.FIFO, "p").file("ok", "x").tar();
        ExtractionReport report = Extractor.builder().build().list(new ByteArrayInputStream(tar));
        assertEquals(List.of(Outcome.EXTRACTED, Outcome.REFUSED, Outcome.REFUSED, Outcome.EXTRACTED, Outcome.REFUSED,
                Outcome.REFUSED, Outcome.EXTRACTED), report.entries().stream().map(EntryReport::outcome).toList());
        assertEquals("leading / removed", report.entries().getFirst().reason());
        assertThrows(IllegalStateException.class, () -> Extractor.builder().build().extract(new ByteArrayInputStream(tar)));
    }

    @Test
    void aLimitReportsWhatWasWritten() throws IOException {
        byte[] tar = Archives.builder().file("a", "12345678").file("b", "12345678").tar();
        try (Root root = Root.open(dest())) {
            ExtractionLimitException stop = assertThrows(ExtractionLimitException.class, () -> Extractor.builder()
                    .destination(root).limits(Limits.DEFAULT.withMaxTotalBytes(10)).build()
                    .extract(new ByteArrayInputStream(tar)));
            assertEquals("bytes", stop.limit());
            assertEquals(8, stop.report().bytesWritten());
            assertTrue(stop.getMessage().contains("stopped after 1 entries extracted and 8 bytes written"),
                    stop.getMessage());
        }
        assertTrue(Files.exists(base.resolve("dest/a")));
        assertFalse(Files.exists(base.resolve("dest/b")));
        AttackTableTest.noTemporaryNames(base.resolve("dest"));
    }

    /** Past the directories held by descriptor, the rest are re-resolved by inode: modes all land, descriptors stay bounded. */
    @Test
    void manyDirectoriesKeepDescriptorsBounded() throws IOException {
        Archives.Builder b = Archives.builder();
        int dirs = DeferredDirectories.MAX_HELD * 2 + 10;
        for (int i = 0; i < dirs; i++) {
            b.dir("d" + i, 0750).file("d" + i + "/f", "x");
        }
        byte[] tar = b.tar();
        int before = TestEnv.openFdCount();
        AtomicInteger most = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        try (Root root = Root.open(dest())) {
            Extractor.builder().destination(root).policy(ExtractionPolicy.TAR)
                    .progressListener(p -> {
                        seen.add(1);
                        most.accumulateAndGet(TestEnv.openFdCount(), Math::max);
                    })
                    .build().extract(new ByteArrayInputStream(tar));
        }
        assertEquals(dirs * 2, seen.size());
        assertTrue(most.get() - before <= DeferredDirectories.MAX_HELD + 8, "descriptors grew to " + most.get());
        for (int i = 0; i < dirs; i++) {
            assertEquals(0750, AttackTableTest.mode(base.resolve("dest/d" + i)));
            assertEquals(Archives.MTIME, Files.getLastModifiedTime(base.resolve("dest/d" + i)));
        }
        assertEquals(before, TestEnv.openFdCount());
    }

    @Test
    void namesRoundTripAsBytes() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] name = new byte[random.nextInt(12)];
            random.nextBytes(name);
            assertArrayEquals(name, SurrogateEscape.encodeName(SurrogateEscape.decodeName(name)));
        }
        assertEquals("caf\u00e9", SurrogateEscape.decodeName("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("c\udce9", SurrogateEscape.decodeName(new byte[] {'c', (byte) 0xE9}));
    }
}
