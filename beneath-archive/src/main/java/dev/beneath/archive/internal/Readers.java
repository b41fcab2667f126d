package dev.beneath.archive.internal;

import dev.beneath.archive.ArchiveFormatException;
import dev.beneath.archive.EntryType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Locale;
import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;

/**
 * Opens an archive by its content, never by its file name: zip (from the central directory
 * when the archive is a file, streaming otherwise), or tar, bare or compressed with gzip,
 * bzip2, xz or zstd. All parsing is Commons Compress's.
 */
public final class Readers {
    private static final int BUFFER = 1 << 16;
    /** The longest symlink target read from a zip entry's content (PATH_MAX). */
    private static final int MAX_LINK_TARGET = 4096;

    private Readers() {
    }

    /** Opens {@code archive}, a file: a zip is read through its central directory. */
    public static ArchiveReader open(Path archive) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(archive, StandardOpenOption.READ);
        try {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // fill the signature
            }
            channel.position(0);
            if (head.position() == 4 && head.get(0) == 'P' && head.get(1) == 'K'
                    && (head.get(2) == 3 || head.get(2) == 5 || head.get(2) == 7)) {
                return new ZipFileReader(channel);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        long size = Files.size(archive);
        return open(Files.newInputStream(archive), size);
    }

    /** Opens a stream; it is closed with the reader. */
    public static ArchiveReader open(InputStream raw) throws IOException {
        return open(raw, -1);
    }

    private static ArchiveReader open(InputStream raw, long size) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        try {
            BufferedInputStream in = new BufferedInputStream(counted, BUFFER);
            String compression = compression(in);
            InputStream plain = in;
            if (compression != null) {
                plain = new BufferedInputStream(decompress(compression, in), BUFFER);
            }
            String kind = archiveKind(plain);
            String suffix = compression == null ? "" : "." + compression;
            if (kind.equals(ArchiveStreamFactory.TAR)) {
                return new TarReader(new TarArchiveInputStream(plain, SurrogateEscape.verifiedName()), "tar" + suffix,
                        counted);
            }
            if (kind.equals(ArchiveStreamFactory.ZIP) && compression == null) {
                return new ZipStreamReader(new ZipArchiveInputStream(plain, "UTF-8", true, true), counted);
            }
            throw new ArchiveFormatException("unsupported format: " + kind + suffix
                    + " (tar, tar.gz, tar.bz2, tar.xz, tar.zst and zip are read)", null);
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /** The compression of the stream, or null when it is not compressed by a codec this reads. */
    private static String compression(BufferedInputStream in) throws IOException {
        String name;
        try {
            name = CompressorStreamFactory.detect(in);
        } catch (CompressorException e) {
            return null; // not compressed (or by nothing Commons Compress knows)
        }
        return switch (name) {
            case CompressorStreamFactory.GZIP -> "gz";
            case CompressorStreamFactory.BZIP2 -> "bz2";
            case CompressorStreamFactory.XZ -> "xz";
            case CompressorStreamFactory.ZSTANDARD -> "zst";
            default -> throw new ArchiveFormatException("unsupported compression: " + name
                    + " (gzip, bzip2, xz and zstd are read)", null);
        };
    }

    private static InputStream decompress(String compression, InputStream in) throws IOException {
        return switch (compression) {
            case "gz" -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case "bz2" -> new BZip2CompressorInputStream(in, true);
            case "xz" -> new XZCompressorInputStream(in, true);
            case "zst" -> {
                if (!ZstdUtils.isZstdCompressionAvailable()) {
                    throw new ArchiveFormatException("zstd-compressed archive, but the zstd codec (zstd-jni) "
                            + "is not available on this system", null);
                }
                yield new ZstdCompressorInputStream(in);
            }
            default -> throw new AssertionError(compression);
        };
    }

    private static String archiveKind(InputStream in) throws IOException {
        try {
            return ArchiveStreamFactory.detect(in).toLowerCase(Locale.ROOT);
        } catch (ArchiveException e) {
            throw new ArchiveFormatException("not an archive this reads (tar or zip, by content)", e);
        }
    }

    /**
     * A reader over one stream of entries: what is read of the archive is counted below the
     * decompressor, and the entry's content is the stream itself.
     */
    private abstract static class StreamReader<S extends InputStream> implements ArchiveReader {
        final S stream;
        private final CountingInputStream counted;

        StreamReader(S stream, CountingInputStream counted) {
            this.stream = stream;
            this.counted = counted;
        }

        @Override
        public InputStream content() {
            return stream;
        }

        @Override
        public long archiveRead() {
            return counted.count();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    // ---- tar ------------------------------------------------------------------------------

    private static final class TarReader extends StreamReader<TarArchiveInputStream> {
        private final String format;

        TarReader(TarArchiveInputStream tar, String format, CountingInputStream counted) {
            super(tar, counted);
            this.format = format;
        }

        @Override
        public String format() {
            return format;
        }

        @Override
        public ArchiveItem next() throws IOException {
            TarArchiveEntry e;
            try {
                e = stream.getNextEntry();
            } catch (IOException | RuntimeException ex) {
                throw new ArchiveFormatException("damaged tar: " + ex.getMessage(), ex);
            }
            if (e == null) {
                return null;
            }
            EntryType type = e.isSymbolicLink() ? EntryType.SYMLINK
                    : e.isLink() ? EntryType.HARD_LINK
                    : e.isDirectory() ? EntryType.DIRECTORY
                    : e.isCharacterDevice() ? EntryType.CHARACTER_DEVICE
                    : e.isBlockDevice() ? EntryType.BLOCK_DEVICE
                    : e.isFIFO() ? EntryType.FIFO
                    : e.isFile() ? EntryType.FILE
                    : EntryType.OTHER;
            String link = type == EntryType.SYMLINK || type == EntryType.HARD_LINK ? e.getLinkName() : null;
            long size = e.isSparse() ? e.getRealSize() : e.getSize();
            return new ArchiveItem(e.getName(), type, link, e.getMode() & 07777, e.getLongUserId(),
                    e.getLongGroupId(), type == EntryType.FILE ? size : 0, -1, e.getLastModifiedTime(), e.isSparse());
        }
    }

    // ---- zip ------------------------------------------------------------------------------

    /** Zip entries carry no type field: a name ending in {@code /} is a directory, a Unix mode says the rest. */
    static ArchiveItem zipItem(ZipArchiveEntry e, InputStream content) throws IOException {
        String name = zipName(e);
        int unixMode = e.getUnixMode();
        int fileType = unixMode & 0170000;
        EntryType type;
        if (e.isDirectory() || fileType == 0040000) {
            type = EntryType.DIRECTORY;
        } else if (fileType == 0120000) {
            type = EntryType.SYMLINK;
        } else if (fileType == 0 || fileType == 0100000) {
            type = EntryType.FILE;
        } else if (fileType == 0020000) {
            type = EntryType.CHARACTER_DEVICE;
        } else if (fileType == 0060000) {
            type = EntryType.BLOCK_DEVICE;
        } else if (fileType == 0010000) {
            type = EntryType.FIFO;
        } else {
            type = EntryType.OTHER;
        }
        String link = null;
        if (type == EntryType.SYMLINK) {
            byte[] target = content.readNBytes(MAX_LINK_TARGET + 1);
            if (target.length > MAX_LINK_TARGET) {
                throw new ArchiveFormatException(name + ": symlink target longer than " + MAX_LINK_TARGET + " bytes",
                        null);
            }
            link = SurrogateEscape.decodeName(target);
        }
        int mode = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && unixMode != 0 ? unixMode & 07777 : -1;
        long size = type == EntryType.FILE ? e.getSize() : 0;
        return new ArchiveItem(name, type, link, mode, -1, -1, size,
                type == EntryType.FILE ? e.getCompressedSize() : -1, e.getLastModifiedTime(), false);
    }

    /** The entry's name as its bytes; a zip made on DOS or Windows separates with a backslash. */
    private static String zipName(ZipArchiveEntry e) {
        byte[] raw = e.getRawName() != null ? e.getRawName() : e.getName().getBytes(StandardCharsets.UTF_8);
        String name = SurrogateEscape.decodeName(raw);
        return e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? name : name.replace('\\', '/');
    }

    /** An entry encrypted or compressed by a method Commons Compress does not read: reported, never extracted. */
    private static ArchiveItem unreadable(ZipArchiveEntry e) {
        return new ArchiveItem(zipName(e), EntryType.OTHER, null, -1, -1, -1, 0, -1,
                e.getLastModifiedTime(), false);
    }

    private static final class ZipFileReader implements ArchiveReader {
        private final SeekableByteChannel channel;
        private final ZipFile zip;
        private final Enumeration<ZipArchiveEntry> entries;
        private ZipArchiveEntry current;
        private InputStream content;

        ZipFileReader(SeekableByteChannel channel) throws IOException {
            this.channel = channel;
            try {
                this.zip = ZipFile.builder().setSeekableByteChannel(channel).get();
            } catch (IOException | RuntimeException e) {
                throw new ArchiveFormatException("damaged zip: " + e.getMessage(), e);
            }
            this.entries = zip.getEntries();
        }

        @Override
        public String format() {
            return "zip";
        }

        @Override
        public ArchiveItem next() throws IOException {
            closeContent();
            if (!entries.hasMoreElements()) {
                return null;
            }
            current = entries.nextElement();
            if (!zip.canReadEntryData(current)) {
                return unreadable(current);
            }
            try {
                content = zip.getInputStream(current);
                if (content == null) {
                    throw new ArchiveFormatException(current.getName() + ": unsupported zip entry", null);
                }
                return zipItem(current, content);
            } catch (ArchiveFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ArchiveFormatException("damaged zip entry " + current.getName() + ": " + e.getMessage(), e);
            }
        }

        private void closeContent() throws IOException {
            if (content != null) {
                content.close();
                content = null;
            }
        }

        @Override
        public InputStream content() {
            return content;
        }

        @Override
        public long archiveRead() {
            try {
                return channel.isOpen() ? channel.position() : 0;
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                closeContent();
            } finally {
                zip.close();
            }
        }
    }

    private static final class ZipStreamReader extends StreamReader<ZipArchiveInputStream> {
        ZipStreamReader(ZipArchiveInputStream stream, CountingInputStream counted) {
            super(stream, counted);
        }

        @Override
        public String format() {
            return "zip";
        }

        @Override
        public ArchiveItem next() throws IOException {
            try {
                ZipArchiveEntry e = stream.getNextEntry();
                return e == null ? null : stream.canReadEntryData(e) ? zipItem(e, stream) : unreadable(e);
            } catch (ArchiveFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ArchiveFormatException("damaged zip: " + e.getMessage(), e);
            }
        }
    }
}
