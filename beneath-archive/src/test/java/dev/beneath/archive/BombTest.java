package dev.beneath.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Root;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.archive.internal.SurrogateEscape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive bombs, stopped by the default limits (or one lowered to keep the test short) in a
 * bounded time and memory: ten gigabytes of zeros in a ten-megabyte zip and in a tar.gz, a
 * million empty entries, a path a thousand directories deep. The archives are generated as
 * they are read, never held whole.
 */
class BombTest {
    private static final long TEN_GB = 10L << 30;
    private static final int MEGABYTE = 1 << 20;

    @TempDir
    Path base;

    /**
     * One mebibyte of zeros as a raw deflate block that ends byte-aligned with its dictionary
     * reset ({@code FULL_FLUSH}): repeated, it is a valid stream of as many mebibytes of zeros.
     */
    private static byte[] zerosBlock() {
        Deflater d = new Deflater(9, true);
        d.setInput(new byte[MEGABYTE]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
            out.write(buf, 0, n);
            if (d.needsInput() && n < buf.length) {
                break;
            }
        }
        d.end();
        return out.toByteArray();
    }

    /** The deflate stream's last, empty block. */
    private static final byte[] FINAL_BLOCK = {0x03, 0x00};

    /** A stream produced as it is read, in blocks: a single byte is read as a block of one. */
    private abstract static class Generated extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    /** {@code block} repeated {@code times}, then {@code tail}, produced as read. */
    private static InputStream repeated(byte[] head, byte[] block, long times, byte[] tail) {
        return new Generated() {
            private long index = -1; // -1 the head, then blocks, then the tail
            private byte[] current = head;
            private int pos;


            @Override
            public int read(byte[] b, int off, int len) {
                while (current != null && pos == current.length) {
                    index++;
                    pos = 0;
                    current = index < times ? block : index == times ? tail : null;
                }
                if (current == null) {
                    return -1;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private Root destination() throws IOException {
        return Root.open(Files.createDirectories(base.resolve("dest")));
    }

    private static void assertEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void tenGigabytesOfZerosInASmallZip() throws IOException {
        byte[] block = zerosBlock();
        long blocks = TEN_GB / MEGABYTE;
        Path zip = base.resolve("bomb.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setUseZip64(Zip64Mode.Always);
            ZipArchiveEntry e = new ZipArchiveEntry("zeros");
            e.setMethod(ZipArchiveEntry.DEFLATED);
            e.setSize(TEN_GB);
            e.setCompressedSize(block.length * blocks + FINAL_BLOCK.length);
            e.setCrc(0); // never reached: the limit stops the extraction first
            out.addRawArchiveEntry(e, repeated(new byte[0], block, blocks, FINAL_BLOCK));
        }
        assertTrue(Files.size(zip) < 20L * MEGABYTE, "the bomb is small: " + Files.size(zip));
        try (Root root = destination()) {
            ExtractionLimitException stop = assertThrows(ExtractionLimitException.class,
                    () -> Extractor.builder().destination(root).build().extract(zip));
            assertEquals("bytes", stop.limit(), stop.getMessage());
            assertEquals(Outcome.REFUSED, stop.report().entries().getLast().outcome());
            assertFalse(stop.report().complete());
            // with no byte limit, the ratio of what the entry declares stops it
            ExtractionLimitException ratio = assertThrows(ExtractionLimitException.class,
                    () -> Extractor.builder().destination(root).limits(Limits.DEFAULT.withMaxTotalBytes(Long.MAX_VALUE))
                            .build().extract(zip));
            assertEquals("ratio", ratio.limit(), ratio.getMessage());
        }
        assertEmpty(base.resolve("dest"));
    }

    /**
     * A tar.gz whose one entry is ten gigabytes of zeros: with the byte limit lifted, the ratio
     * of what the entry produces to what it occupies in the stream stops it, a few megabytes in.
     */
    @Test
    void tenGigabytesOfZerosInATarGzStoppedByTheRatio() throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("zeros");
        entry.setSize(TEN_GB);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(SurrogateEscape.verifiedName()), true);
        Deflater d = new Deflater(9, true);
        d.setInput(header);
        byte[] buf = new byte[4096];
        int n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
        d.end();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        head.write(buf, 0, n);
        InputStream gz = repeated(head.toByteArray(), zerosBlock(), TEN_GB / MEGABYTE, FINAL_BLOCK);
        try (Root root = destination()) {
            Extractor extractor = Extractor.builder().destination(root)
                    .limits(Limits.DEFAULT.withMaxTotalBytes(Long.MAX_VALUE)).build();
            ExtractionLimitException stop = assertThrows(ExtractionLimitException.class, () -> extractor.extract(gz));
            assertEquals("ratio", stop.limit(), stop.getMessage());
            assertEquals(0, stop.report().bytesWritten());
        }
        assertEmpty(base.resolve("dest"));
    }

    /** A million empty files, generated header by header; the entry limit (lowered to keep it short) stops it. */
    @Test
    void aMillionEmptyEntries() throws IOException {
        int million = 1_000_000;
        InputStream tar = new Generated() {
            private final byte[] record = new byte[512];
            private int entry;
            private int pos = 512;


            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == 512) {
                    if (entry == million + 2) {
                        return -1;
                    }
                    java.util.Arrays.fill(record, (byte) 0);
                    if (entry < million) {
                        TarArchiveEntry e = new TarArchiveEntry("e/" + entry);
                        e.setSize(0);
                        e.writeEntryHeader(record);
                    }
                    entry++;
                    pos = 0;
                }
                int n = Math.min(len, 512 - pos);
                System.arraycopy(record, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try (Root root = destination()) {
            Extractor extractor = Extractor.builder().destination(root)
                    .limits(Limits.DEFAULT.withMaxEntries(5_000)).build();
            ExtractionLimitException stop = assertThrows(ExtractionLimitException.class, () -> extractor.extract(tar));
            assertEquals("entries", stop.limit());
            assertEquals(5_001, stop.report().entries().size());
            assertEquals(5_000, stop.report().count(Outcome.EXTRACTED));
        }
        try (Stream<Path> s = Files.list(base.resolve("dest/e"))) {
            assertEquals(5_000, s.count());
        }
    }

    @Test
    void aPathAThousandDirectoriesDeep() throws IOException {
        String deep = "a/".repeat(1000) + "f";
        byte[] tar = Archives.builder().file("first", "ok").file(deep, "deep").tar();
        try (Root root = destination()) {
            ExtractionLimitException stop = assertThrows(ExtractionLimitException.class,
                    () -> Extractor.builder().destination(root).build()
                            .extract(new SequenceInputStream(Collections.enumeration(
                                    List.of(new java.io.ByteArrayInputStream(tar))))));
            assertEquals("depth", stop.limit());
            assertEquals(List.of(Outcome.EXTRACTED, Outcome.REFUSED),
                    stop.report().entries().stream().map(EntryReport::outcome).toList());
            assertTrue(stop.getMessage().contains("1 entries extracted"), stop.getMessage());
        }
        assertFalse(Files.exists(base.resolve("dest/a")));
    }

}
