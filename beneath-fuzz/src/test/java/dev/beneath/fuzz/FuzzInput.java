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
 * <p>A {@code mkdirAll} path keeps only its first {@value #MKDIR_COMPONENTS} components, so
 * one input makes at most that many directories (twice, once per backend) and removes them
 * again. Without the bound the fuzzer drifts to paths of a thousand missing components (each
 * loop count it has not seen yet counts as new coverage), every input costing thousands of
 * system calls where two dozen components already show every step of the walk and can still
 * exceed {@code PATH_MAX} (24 names of 255 bytes). A lookup keeps its whole path: it costs
 * one call per component at most and makes nothing.
 *
 * @param path     the path handed to the library
 * @param options  the resolve options
 * @param mkdirAll whether the call is {@code mkdirAll} instead of {@code resolve}
 */
record FuzzInput(String path, ResolveOptions options, boolean mkdirAll) {
    private static final int TOKEN_BASE = 0xC0;
    /** The most components a {@code mkdirAll} path keeps. */
    static final int MKDIR_COMPONENTS = 24;

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
        boolean mkdirAll = (flags & 16) != 0;
        return new FuzzInput(mkdirAll ? firstComponents(path, MKDIR_COMPONENTS) : path.toString(), options, mkdirAll);
    }

    /** The path up to its {@code n}th slash (a leading slash and empty components count). */
    private static String firstComponents(CharSequence path, int n) {
        int slashes = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/' && ++slashes == n) {
                return path.subSequence(0, i).toString();
            }
        }
        return path.toString();
    }
}
