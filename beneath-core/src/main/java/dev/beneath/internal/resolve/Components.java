package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.Linux;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place path bytes are split into components, and the names every walk compares
 * against.
 *
 * <p>A component is a maximal run of bytes other than {@code '/'}; any number of slashes
 * separate two components, and slashes at the start or the end belong to none. The walks
 * step through a path with the four index functions, which allocate nothing (the emulated
 * resolver splits every path it resolves); {@link #split} and {@link #join} are for callers
 * that keep the components.
 *
 * <p>The arrays below are shared: pass them to system calls, compare with them, never write
 * to them.
 */
public final class Components {
    /** The empty name: the descriptor itself, with {@code AT_EMPTY_PATH} or {@code readlinkat}. */
    public static final byte[] EMPTY = {};
    /** {@code "."}: the directory itself. */
    public static final byte[] DOT = {'.'};
    /** {@code ".."}: the kernel's parent of a directory. */
    public static final byte[] DOT_DOT = {'.', '.'};
    /** {@code "/"}: the root, as an absolute path. */
    public static final byte[] SLASH = {'/'};

    private Components() {
    }

    // ---- forward --------------------------------------------------------------------------

    /** The index of the first byte at or after {@code from} that is not a slash ({@code path.length} if none). */
    public static int skipSlashes(byte[] path, int from) {
        int i = from;
        while (i < path.length && path[i] == '/') {
            i++;
        }
        return i;
    }

    /** The end (exclusive) of the component that starts at {@code start}: the next slash, or {@code path.length}. */
    public static int nameEnd(byte[] path, int start) {
        int i = start;
        while (i < path.length && path[i] != '/') {
            i++;
        }
        return i;
    }

    // ---- backward -------------------------------------------------------------------------

    /**
     * The end (exclusive) of the last component in {@code path[0, end)}: {@code end} less the
     * slashes just before it; 0 when there is no component left.
     */
    public static int trimSlashes(byte[] path, int end) {
        int i = end;
        while (i > 0 && path[i - 1] == '/') {
            i--;
        }
        return i;
    }

    /** The start of the component that ends (exclusive) at {@code end}: just after the slash before it, or 0. */
    public static int nameStart(byte[] path, int end) {
        int i = end;
        while (i > 0 && path[i - 1] != '/') {
            i--;
        }
        return i;
    }

    // ---- names ----------------------------------------------------------------------------

    /** True for the name {@code "."}. */
    public static boolean isDot(byte[] name) {
        return name.length == 1 && name[0] == '.';
    }

    /** True for the name {@code ".."}. */
    public static boolean isDotDot(byte[] name) {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    /**
     * True when {@code path} is one plain name: not empty, no slash, not {@code .} or
     * {@code ..}, and within {@code NAME_MAX}, so that it names an entry of the directory it
     * is given to and nothing else.
     */
    public static boolean isPlainName(byte[] path) {
        return path.length > 0 && path.length <= Linux.NAME_MAX && !isDot(path) && !isDotDot(path)
                && nameEnd(path, 0) == path.length;
    }

    // ---- whole paths ----------------------------------------------------------------------

    /** The components of {@code path} in order, each a new array; empty for a path of slashes only. */
    public static List<byte[]> split(byte[] path) {
        List<byte[]> out = new ArrayList<>();
        for (int start = skipSlashes(path, 0); start < path.length; ) {
            int end = nameEnd(path, start);
            out.add(Arrays.copyOfRange(path, start, end));
            start = skipSlashes(path, end);
        }
        return out;
    }

    /**
     * The path made of the first {@code count} of {@code components}, separated by single
     * slashes, after a slash when {@code absolute}; {@code "."} (or {@code "/"}) for none.
     */
    public static byte[] join(boolean absolute, List<byte[]> components, int count) {
        if (count == 0) {
            return absolute ? SLASH.clone() : DOT.clone();
        }
        int size = absolute ? 1 : 0;
        for (int i = 0; i < count; i++) {
            size += components.get(i).length + (i > 0 ? 1 : 0);
        }
        byte[] out = new byte[size];
        int at = 0;
        if (absolute) {
            out[at++] = '/';
        }
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out[at++] = '/';
            }
            byte[] c = components.get(i);
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }
}
