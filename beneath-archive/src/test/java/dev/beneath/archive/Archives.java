package dev.beneath.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.archive.internal.SurrogateEscape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Archives built in memory with Commons Compress's writers, entry by entry, as an attacker or
 * an ordinary packer would write them. Names are surrogateescape Strings (raw bytes as
 * U+DC80..U+DCFF) and are written as exactly those bytes.
 */
final class Archives {
    /** A fixed modification time, so that trees can be compared. */
    static final FileTime MTIME = FileTime.from(Instant.parse("2024-05-06T07:08:09Z"));

    private Archives() {
    }

    /** One entry to write. */
    record Spec(EntryType type, String name, String link, byte[] content, int mode, boolean unixZip) {
    }

    /** Collects entries; writes them as tar or zip. */
    static final class Builder {
        private final List<Spec> specs = new ArrayList<>();

        Builder file(String name, String content) {
            return file(name, content, 0644);
        }

        Builder file(String name, String content, int mode) {
            specs.add(new Spec(EntryType.FILE, name, null, content.getBytes(UTF_8), mode, true));
            return this;
        }

        Builder file(String name, byte[] content, int mode) {
            specs.add(new Spec(EntryType.FILE, name, null, content, mode, true));
            return this;
        }

        Builder dir(String name) {
            return dir(name, 0755);
        }

        Builder dir(String name, int mode) {
            specs.add(new Spec(EntryType.DIRECTORY, name, null, new byte[0], mode, true));
            return this;
        }

        Builder symlink(String name, String target) {
            specs.add(new Spec(EntryType.SYMLINK, name, target, new byte[0], 0777, true));
            return this;
        }

        Builder hardlink(String name, String source) {
            specs.add(new Spec(EntryType.HARD_LINK, name, source, new byte[0], 0644, true));
            return this;
        }

        /** A hard link entry that carries data too, as pax allows: the data must never reach the linked file. */
        Builder hardlinkWithData(String name, String source, String data) {
            specs.add(new Spec(EntryType.HARD_LINK, name, source, data.getBytes(UTF_8), 0644, true));
            return this;
        }

        Builder special(EntryType type, String name) {
            specs.add(new Spec(type, name, null, new byte[0], 0644, true));
            return this;
        }

        /** A zip entry written as a DOS/Windows packer would: no Unix mode, so {@code \} separates. */
        Builder dosFile(String name, String content) {
            specs.add(new Spec(EntryType.FILE, name, null, content.getBytes(UTF_8), -1, false));
            return this;
        }

        List<Spec> specs() {
            return specs;
        }

        /** A GNU-format tar (long names through GNU headers, names as raw bytes). */
        byte[] tar() {
            return tar(TarArchiveOutputStream.LONGFILE_GNU);
        }

        /** A tar whose long names go into pax headers. */
        byte[] paxTar() {
            return tar(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        private byte[] tar(int longFileMode) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, SurrogateEscape.verifiedName())) {
                writeTar(out, longFileMode);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        void writeTar(OutputStream sink) throws IOException {
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(sink, SurrogateEscape.verifiedName())) {
                writeTar(out, TarArchiveOutputStream.LONGFILE_GNU);
            }
        }

        private void writeTar(TarArchiveOutputStream out, int longFileMode) throws IOException {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Spec s : specs) {
                TarArchiveEntry e = switch (s.type()) {
                    case FILE -> new TarArchiveEntry(s.name(), true);
                    case DIRECTORY -> new TarArchiveEntry(s.name().endsWith("/") ? s.name() : s.name() + "/", true);
                    case SYMLINK -> new TarArchiveEntry(s.name(), TarConstants.LF_SYMLINK, true);
                    case HARD_LINK -> new TarArchiveEntry(s.name(), TarConstants.LF_LINK, true);
                    case CHARACTER_DEVICE -> new TarArchiveEntry(s.name(), TarConstants.LF_CHR, true);
                    case BLOCK_DEVICE -> new TarArchiveEntry(s.name(), TarConstants.LF_BLK, true);
                    case FIFO -> new TarArchiveEntry(s.name(), TarConstants.LF_FIFO, true);
                    case OTHER -> throw new IllegalArgumentException();
                };
                if (s.link() != null) {
                    e.setLinkName(s.link());
                }
                e.setMode(typeBits(s.type()) | (s.mode() & 07777));
                e.setModTime(MTIME);
                if (s.content().length > 0) {
                    e.setSize(s.content().length);
                }
                out.putArchiveEntry(e);
                if (s.content().length > 0) {
                    out.write(s.content());
                }
                out.closeArchiveEntry();
            }
            out.finish();
        }

        /** A zip with Unix modes (symlinks as Info-ZIP writes them), names as raw bytes. */
        byte[] zip() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                writeZip(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        void writeZip(OutputStream sink) throws IOException {
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(sink)) {
                out.setEncoding(SurrogateEscape.verifiedName());
                out.setUseLanguageEncodingFlag(false);
                for (Spec s : specs) {
                    String name = s.type() == EntryType.DIRECTORY && !s.name().endsWith("/") ? s.name() + "/" : s.name();
                    ZipArchiveEntry e = new ZipArchiveEntry(name);
                    if (s.type() == EntryType.HARD_LINK) {
                        throw new IllegalArgumentException("zip has no hard links");
                    }
                    if (s.unixZip()) {
                        e.setUnixMode(typeBits(s.type()) | (s.mode() & 07777));
                    }
                    e.setLastModifiedTime(MTIME);
                    out.putArchiveEntry(e);
                    if (s.type() == EntryType.SYMLINK) {
                        out.write(SurrogateEscape.encodeName(s.link()));
                    } else {
                        out.write(s.content());
                    }
                    out.closeArchiveEntry();
                }
            }
        }
    }

    /** The file-type bits of {@code st_mode} for an entry type. */
    private static int typeBits(EntryType type) {
        return switch (type) {
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case CHARACTER_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
            case FIFO -> 0010000;
            default -> 0100000;
        };
    }

    static Builder builder() {
        return new Builder();
    }

    /** The name whose bytes are {@code bytes}, as this module reads names. */
    static String name(byte... bytes) {
        return SurrogateEscape.decodeName(bytes);
    }
}
