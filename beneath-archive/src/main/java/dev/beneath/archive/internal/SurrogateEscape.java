package dev.beneath.archive.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.spi.CharsetProvider;
import java.util.Iterator;
import java.util.List;

/**
 * UTF-8 with PEP 383 "surrogateescape": a byte that is not part of valid UTF-8 decodes to
 * U+DC80..U+DCFF and encodes back to that byte, so an archive's member names, which are bytes
 * in no promised encoding, become Strings that the core turns back into exactly those bytes
 * (the convention of {@code dev.beneath.PathNames}). Commons Compress takes a charset by name
 * only; {@link Provider} registers this one under {@link #NAME}.
 */
public final class SurrogateEscape extends Charset {
    /** The name this charset is registered under. */
    public static final String NAME = "x-beneath-utf-8-surrogateescape";

    private static final SurrogateEscape INSTANCE = new SurrogateEscape();

    private SurrogateEscape() {
        super(NAME, new String[0]);
    }

    /** The charset, looked up by name to prove the provider is registered where Commons Compress looks. */
    public static String verifiedName() {
        if (!(Charset.forName(NAME) instanceof SurrogateEscape)) {
            throw new IllegalStateException(NAME + " is not registered: names would not round-trip as bytes");
        }
        return NAME;
    }

    /** {@code bytes} decoded: valid UTF-8 as itself, any other byte escaped. */
    public static String decodeName(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int n = validSequence(bytes, i, bytes.length);
            if (n == 1) {
                out.append((char) bytes[i]);
            } else if (n > 1) {
                out.appendCodePoint(codePoint(bytes, i, n));
            } else {
                out.append((char) (0xDC00 | (bytes[i] & 0xFF)));
                n = 1;
            }
            i += n;
        }
        return out.toString();
    }

    /** {@code name} encoded back: escaped characters as their byte, everything else as UTF-8. */
    public static byte[] encodeName(String name) {
        ByteBuffer out = ByteBuffer.allocate(name.length() * 4);
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xDC80 && cp <= 0xDCFF) {
                out.put((byte) (cp & 0xFF));
            } else {
                out.put(Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** The length of the valid UTF-8 sequence at {@code i}, or 0 when the byte there starts none. */
    private static int validSequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        int cp = codePoint(b, i, n);
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = b[i] & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        return cp;
    }

    @Override
    public boolean contains(Charset cs) {
        return cs instanceof SurrogateEscape || cs.name().equals("US-ASCII");
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new CharsetDecoder(this, 1f, 1f) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                byte[] rest = new byte[in.remaining()];
                in.get(rest);
                String s = decodeName(rest);
                if (out.remaining() < s.length()) {
                    in.position(in.position() - rest.length);
                    return CoderResult.OVERFLOW;
                }
                out.put(s);
                return CoderResult.UNDERFLOW;
            }
        };
    }

    @Override
    public CharsetEncoder newEncoder() {
        return new CharsetEncoder(this, 1.1f, 4f) {
            @Override
            protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                int start = in.position();
                String s = in.toString();
                int len = s.length();
                // a trailing high surrogate may be completed by the next call
                if (len > 0 && Character.isHighSurrogate(s.charAt(len - 1))) {
                    len--;
                }
                byte[] bytes = encodeName(s.substring(0, len));
                if (out.remaining() < bytes.length) {
                    return CoderResult.OVERFLOW;
                }
                out.put(bytes);
                in.position(start + len);
                return CoderResult.UNDERFLOW;
            }
        };
    }

    /** Makes {@link #NAME} known to {@link Charset#forName}. */
    public static final class Provider extends CharsetProvider {
        /** Called by the service loader. */
        public Provider() {
        }

        @Override
        public Iterator<Charset> charsets() {
            return List.<Charset>of(INSTANCE).iterator();
        }

        @Override
        public Charset charsetForName(String charsetName) {
            return NAME.equalsIgnoreCase(charsetName) ? INSTANCE : null;
        }
    }
}
