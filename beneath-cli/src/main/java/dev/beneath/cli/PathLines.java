package dev.beneath.cli;

import dev.beneath.PathNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads paths one per line from a byte stream. Only {@code '\n'} ends a line; every other
 * byte, a carriage return included, belongs to the path, since file names may hold them. The
 * bytes are decoded byte-exactly ({@link PathNames}), so a name that is not UTF-8 still names
 * its entry. Reads byte by
 * byte from the underlying stream, so nothing past the current line is consumed before it is
 * answered.
 */
final class PathLines {
    private final InputStream in;

    PathLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its {@code '\n'}, or null at the end of the input. */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return PathNames.decode(line.toByteArray());
            }
            line.write(b);
        }
        return line.size() > 0 ? PathNames.decode(line.toByteArray()) : null;
    }
}
