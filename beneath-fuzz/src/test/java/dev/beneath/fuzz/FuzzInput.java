package dev.beneath.fuzz;

import dev.beneath.ResolveOptions;
import dev.beneath.Scope;
import dev.beneath.testkit.HostileTree;
import java.util.ArrayList;
import java.util.List;

/**
 * How the fuzzer's bytes become one call. The first byte chooses the options and the
 * operation; every later byte is either a whole name from {@link #TOKENS} followed by a slash
 * (bytes {@code 0xC0..0xFF}) or a character of the path (bytes below, NUL and control
 * characters included). Seeds stay readable: a flag byte, then mostly ASCII.
 *
 * @param path     the path handed to the library
 * @param options  the resolve options
 * @param mkdirAll whether the call is {@code mkdirAll} instead of {@code resolve}
 */
record FuzzInput(String path, ResolveOptions options, boolean mkdirAll) {
    private static final int TOKEN_BASE = 0xC0;

    /** Names the decoder can emit whole, so the fuzzer reaches every hostile entry quickly. */
    static final List<String> TOKENS;

    static {
        List<String> tokens = new ArrayList<>(List.of("..", ".", "", "/", "//", "...", "new", "links"));
        HostileTree.NAMES.stream().filter(n -> !tokens.contains(n)).forEach(tokens::add);
        TOKENS = List.copyOf(tokens.subList(0, Math.min(tokens.size(), 0x100 - TOKEN_BASE)));
    }

    static FuzzInput decode(byte[] data) {
        int flags = data.length > 0 ? data[0] & 0xFF : 0;
        ResolveOptions options = ResolveOptions.DEFAULT
                .withScope((flags & 1) != 0 ? Scope.BENEATH : Scope.IN_ROOT)
                .withNoSymlinks((flags & 2) != 0)
                .withNoXdev((flags & 4) != 0)
                .withNoFollow((flags & 8) != 0);
        StringBuilder path = new StringBuilder((flags & 32) != 0 ? "/" : "");
        for (int i = 1; i < data.length; i++) {
            int b = data[i] & 0xFF;
            if (b >= TOKEN_BASE && b - TOKEN_BASE < TOKENS.size()) {
                path.append(TOKENS.get(b - TOKEN_BASE)).append('/');
            } else {
                path.append((char) b);
            }
        }
        return new FuzzInput(path.toString(), options, (flags & 16) != 0);
    }
}
