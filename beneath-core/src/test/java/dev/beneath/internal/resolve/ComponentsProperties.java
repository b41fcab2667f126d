package dev.beneath.internal.resolve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The splitter against the obvious model: the runs of non-slash bytes, in order. */
class ComponentsProperties {

    @Provide
    Arbitrary<byte[]> paths() {
        return Arbitraries.of((byte) '/', (byte) '/', (byte) '.', (byte) 'a', (byte) 0xC3, (byte) 0x80)
                .array(byte[].class).ofMaxSize(24);
    }

    private static List<byte[]> model(byte[] path) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (byte x : path) {
            if (x == '/') {
                if (run.size() > 0) {
                    out.add(run.toByteArray());
                    run.reset();
                }
            } else {
                run.write(x);
            }
        }
        if (run.size() > 0) {
            out.add(run.toByteArray());
        }
        return out;
    }

    private static void assertSame(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i));
        }
    }

    @Property(tries = 2000)
    void forwardSplitIsTheModel(@ForAll("paths") byte[] path) {
        assertSame(model(path), Components.split(path));
    }

    @Property(tries = 2000)
    void backwardStepsFindTheSameComponents(@ForAll("paths") byte[] path) {
        List<byte[]> got = new ArrayList<>();
        for (int end = Components.trimSlashes(path, path.length); end > 0; ) {
            int start = Components.nameStart(path, end);
            got.addFirst(Arrays.copyOfRange(path, start, end));
            end = Components.trimSlashes(path, start);
        }
        assertSame(model(path), got);
    }

    @Property(tries = 2000)
    void joinOfTheSplitResolvesAlike(@ForAll("paths") byte[] path) {
        List<byte[]> parts = Components.split(path);
        boolean absolute = path.length > 0 && path[0] == '/';
        byte[] joined = Components.join(absolute, parts, parts.size());
        List<byte[]> expected = parts.isEmpty() && !absolute ? List.of(new byte[] {'.'}) : parts;
        assertSame(expected, Components.split(joined));
        assertEquals(absolute, joined[0] == '/');
    }
}
