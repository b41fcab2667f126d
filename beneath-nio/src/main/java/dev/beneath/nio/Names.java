package dev.beneath.nio;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Linux names are bytes; Java strings carry them losslessly with the "surrogateescape"
 * convention (PEP 383): a byte that is not part of valid UTF-8 becomes U+DC80..U+DCFF and
 * turns back into that byte. Any other unpaired surrogate, or an escape that would encode to
 * valid UTF-8, names no byte string and is refused.
 */
final class Names {
    private Names() {
    }

    /** The bytes {@code text} stands for. */
    static byte[] encode(String text) throws CharacterCodingException {
        boolean plain = true;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteBuffer out = ByteBuffer.allocate(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\uDC80' && c <= '\uDCFF') {
                out.put((byte) c);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.put(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CharacterCodingException();
            } else {
                out.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        // escapes that happen to spell valid UTF-8 would come back as other characters
        if (!decode(bytes).equals(text)) {
            throw new CharacterCodingException();
        }
        return bytes;
    }

    /** The string that stands for {@code bytes}. */
    static String decode(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isUnderflow()) {
                utf8.flush(out);
                break;
            }
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) {
                    out.put((char) (0xDC00 | (in.get() & 0xFF)));
                }
            }
        }
        return out.flip().toString();
    }

    /** The raw bytes of a listed entry's name. */
    static byte[] encodeListed(dev.beneath.DirectoryEntry entry) {
        return entry.name().getBytes(StandardCharsets.UTF_8);
    }
}
