package dev.beneath.internal.resolve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The splitter, on the paths whose slashes are easy to get wrong. */
class ComponentsTest {

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> strings(List<byte[]> components) {
        return components.stream().map(c -> new String(c, UTF_8)).toList();
    }

    /** The components read back to front with the backward functions, as the emulated walk does. */
    private static List<String> backwards(byte[] path) {
        List<String> out = new ArrayList<>();
        for (int end = Components.trimSlashes(path, path.length); end > 0; ) {
            int start = Components.nameStart(path, end);
            out.addFirst(new String(path, start, end - start, UTF_8));
            end = Components.trimSlashes(path, start);
        }
        return out;
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"       | \"\"",
            "/          | \"\"",
            "///        | \"\"",
            "a          | a",
            "/a         | a",
            "a/         | a",
            "//a//b//   | a,b",
            "a/./../b   | a,.,..,b",
            ". . /x     | . . ,x",
            "...        | ...",
    })
    void splitsForwardAndBackwardAlike(String path, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertEquals(want, strings(Components.split(b(path))));
        assertEquals(want, backwards(b(path)));
    }

    @Test
    void theIndexFunctionsStopAtTheEnds() {
        byte[] p = b("/ab//c/");
        assertEquals(1, Components.skipSlashes(p, 0));
        assertEquals(3, Components.nameEnd(p, 1));
        assertEquals(5, Components.skipSlashes(p, 3));
        assertEquals(7, Components.skipSlashes(p, 7));
        assertEquals(7, Components.nameEnd(p, 7));
        assertEquals(6, Components.trimSlashes(p, 7));
        assertEquals(5, Components.nameStart(p, 6));
        assertEquals(3, Components.trimSlashes(p, 5));
        assertEquals(1, Components.nameStart(p, 3));
        assertEquals(0, Components.trimSlashes(p, 1));
        assertEquals(0, Components.nameStart(b("abc"), 3));
    }

    @Test
    void dotsAreRecognisedExactly() {
        assertTrue(Components.isDot(b(".")));
        assertTrue(Components.isDotDot(b("..")));
        assertFalse(Components.isDot(b("..")));
        assertFalse(Components.isDotDot(b(".")));
        assertFalse(Components.isDotDot(b("...")));
        assertFalse(Components.isDot(b(".a")));
        assertFalse(Components.isDot(Components.EMPTY));
    }

    @Test
    void aPlainNameIsOneEntryOfItsDirectory() {
        assertTrue(Components.isPlainName(b("a")));
        assertTrue(Components.isPlainName(b("...")));
        assertTrue(Components.isPlainName(new byte[Linux.NAME_MAX]));
        assertFalse(Components.isPlainName(new byte[Linux.NAME_MAX + 1]));
        assertFalse(Components.isPlainName(Components.EMPTY));
        assertFalse(Components.isPlainName(b(".")));
        assertFalse(Components.isPlainName(b("..")));
        assertFalse(Components.isPlainName(b("a/")));
        assertFalse(Components.isPlainName(b("/a")));
        assertFalse(Components.isPlainName(b("a/b")));
    }

    @Test
    void joinMakesTheCanonicalPrefix() {
        List<byte[]> parts = Components.split(b("//x/y//z/"));
        assertArrayEquals(b("."), Components.join(false, parts, 0));
        assertArrayEquals(b("/"), Components.join(true, parts, 0));
        assertArrayEquals(b("x/y"), Components.join(false, parts, 2));
        assertArrayEquals(b("/x/y/z"), Components.join(true, parts, 3));
    }

    @Test
    void theSharedNamesAreWhatTheySay() {
        assertArrayEquals(new byte[0], Components.EMPTY);
        assertArrayEquals(b("."), Components.DOT);
        assertArrayEquals(b(".."), Components.DOT_DOT);
        assertArrayEquals(b("/"), Components.SLASH);
    }
}
