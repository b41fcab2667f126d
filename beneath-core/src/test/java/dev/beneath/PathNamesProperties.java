package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The surrogateescape mapping is a bijection between byte names and canonical strings. */
class PathNamesProperties {

    @Provide
    Arbitrary<byte[]> names() {
        // any byte but NUL and '/', biased towards the bytes UTF-8 is made of
        Arbitrary<Byte> any = Arbitraries.bytes().filter(b -> b != 0 && b != '/');
        Arbitrary<Byte> utf8ish = Arbitraries.of((byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0xC0,
                (byte) 0xF4, (byte) 0x90, (byte) 'a');
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, any), net.jqwik.api.Tuple.of(2, utf8ish))
                .array(byte[].class).ofMaxSize(40);
    }

    @Property(tries = 3000)
    void encodeOfDecodeGivesTheBytesBack(@ForAll("names") byte[] name) {
        assertArrayEquals(name, PathNames.encode(PathNames.decode(name)));
    }

    @Property(tries = 3000)
    void decodeOfEncodeGivesTheStringBack(@ForAll("names") byte[] name) {
        String canonical = PathNames.decode(name);
        assertEquals(canonical, PathNames.decode(PathNames.encode(canonical)));
    }

    @Property(tries = 3000)
    void validUtf8DecodesAsTheJdkDoes(@ForAll String text) {
        String s = text.replace("\0", "");
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (new String(utf8, StandardCharsets.UTF_8).equals(s)) { // no lone surrogate in s
            assertEquals(s, PathNames.decode(utf8));
            assertArrayEquals(utf8, PathNames.encode(s));
        } else {
            assertThrows(IllegalArgumentException.class, () -> PathNames.encode(s));
        }
    }

    @Property(tries = 2000)
    void aStringIsAcceptedExactlyWhenItIsCanonical(@ForAll("names") byte[] a, @ForAll("names") byte[] b) {
        // escape every byte of a: canonical only if no escaped run forms valid UTF-8
        StringBuilder escaped = new StringBuilder();
        for (byte x : a) {
            escaped.append((x & 0x80) != 0 ? (char) (0xDC00 + (x & 0xFF)) : (char) x);
        }
        String s = escaped + PathNames.decode(b);
        boolean canonical = PathNames.decode(concat(a, b)).equals(s);
        if (canonical) {
            assertArrayEquals(concat(a, b), PathNames.encode(s));
        } else {
            assertThrows(IllegalArgumentException.class, () -> PathNames.encode(s));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
