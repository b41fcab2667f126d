package dev.beneath.archive.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The entries of one archive, in order, each with its content. */
public interface ArchiveReader extends Closeable {
    /** The format, such as {@code "tar.xz"} or {@code "zip"}. */
    String format();

    /** The next entry, or null at the end. */
    ArchiveItem next() throws IOException;

    /** The content of the entry {@link #next} returned last. */
    InputStream content() throws IOException;

    /** Bytes of the archive read so far, as stored. */
    long archiveRead();
}
