package dev.beneath.archive.internal;

import dev.beneath.PathNames;
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
 * The core's {@link PathNames} convention as a {@link Charset}: UTF-8 with PEP 383
 * "surrogateescape", so an archive's member names, which are bytes in no promised encoding,
 * become Strings that the core turns back into exactly those bytes. Commons Compress takes a
 * charset by name only; {@link Provider} registers this one under {@link #NAME}.
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

    /** {@code bytes} as the core's {@link PathNames} carries them: valid UTF-8 as itself, any other byte escaped. */
    public static String decodeName(byte[] bytes) {
        return PathNames.decode(bytes);
    }

    /**
     * {@code name} back to its bytes ({@link PathNames#encode}); a NUL, which no path may hold
     * but an archive's name may, is encoded as the byte 0 so the name can be judged and refused.
     */
    public static byte[] encodeName(String name) {
        int nul = name.indexOf('\0');
        if (nul < 0) {
            return PathNames.encode(name);
        }
        byte[] head = PathNames.encode(name.substring(0, nul));
        byte[] tail = encodeName(name.substring(nul + 1));
        byte[] out = java.util.Arrays.copyOf(head, head.length + 1 + tail.length);
        System.arraycopy(tail, 0, out, head.length + 1, tail.length);
        return out;
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
