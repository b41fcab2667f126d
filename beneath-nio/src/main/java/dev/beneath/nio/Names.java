package dev.beneath.nio;

import dev.beneath.DirectoryEntry;
import dev.beneath.PathNames;
import java.nio.charset.CharacterCodingException;

/**
 * Names as bytes and as strings, with the core's surrogateescape convention
 * ({@link PathNames}): any Linux name survives the trip through a {@code String}.
 */
final class Names {
    private Names() {
    }

    /** The bytes {@code text} stands for; an unpaired surrogate that stands for no byte is refused. */
    static byte[] encode(String text) throws CharacterCodingException {
        try {
            return PathNames.encode(text);
        } catch (IllegalArgumentException e) {
            throw new CharacterCodingException();
        }
    }

    /** The string that stands for {@code bytes}. */
    static String decode(byte[] bytes) {
        return PathNames.decode(bytes);
    }

    /** The raw bytes of a listed entry's name. */
    static byte[] encodeListed(DirectoryEntry entry) {
        return entry.nameBytes();
    }
}
