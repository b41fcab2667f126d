package dev.beneath.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.Objects;

/**
 * A path of a beneath file system: pure syntax over the bytes of the name, with the
 * semantics of the default provider's Unix paths (redundant and trailing slashes removed at
 * construction; {@code .} and {@code ..} kept until {@link #normalize()}). An absolute path
 * starts at the file system's root, which is the directory the file system was opened on;
 * a relative one is taken from there too. Nothing here touches the disk.
 */
final class BeneathPath implements Path {
    private static final byte[] EMPTY = {};

    private final BeneathFileSystem fs;
    private final byte[] path;
    /** The open directory stream that listed this path, and its name there; not part of its identity. */
    private final BeneathDirectoryStream listedBy;
    private final byte[] listedName;
    private volatile int[] offsets;
    private String text;
    private int hash;

    private BeneathPath(BeneathFileSystem fs, byte[] path) {
        this(fs, path, null, null);
    }

    private BeneathPath(BeneathFileSystem fs, byte[] path, BeneathDirectoryStream listedBy, byte[] listedName) {
        this.fs = fs;
        this.path = path;
        this.listedBy = listedBy;
        this.listedName = listedName;
    }

    /**
     * A path that {@code stream} listed as {@code name}: its attributes can be read with one
     * {@code statx} on the stream's pinned directory while the stream is open (a walk reads
     * every entry's), instead of a lookup from the root.
     */
    BeneathPath listed(BeneathDirectoryStream stream, byte[] name) {
        return new BeneathPath(fs, path, stream, name);
    }

    /** The attributes the listing stream reads for this path, or null to resolve it from the root. */
    dev.beneath.internal.sys.Statx statListed(boolean follow) {
        return listedBy == null ? null : listedBy.statEntry(listedName, follow);
    }

    /** A path from bytes as they come from the kernel (a listed name, a link's target). */
    static BeneathPath of(BeneathFileSystem fs, byte[] bytes) {
        return new BeneathPath(fs, withoutRedundantSlashes(bytes));
    }

    /** A path from text (surrogate-escaped bytes allowed); NUL and unpaired surrogates are refused. */
    static BeneathPath parse(BeneathFileSystem fs, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new InvalidPathException(text, "Nul character not allowed");
        }
        try {
            return of(fs, Names.encode(text));
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(text, "Unpaired surrogate that stands for no byte");
        }
    }

    private static byte[] withoutRedundantSlashes(byte[] in) {
        int n = in.length;
        boolean clean = true;
        for (int i = 0; i < n; i++) {
            if (in[i] == 0) {
                throw new InvalidPathException(Names.decode(in), "Nul character not allowed");
            }
            if (in[i] == '/' && (i + 1 == n ? n > 1 : in[i + 1] == '/')) {
                clean = false;
            }
        }
        if (clean) {
            return in;
        }
        byte[] out = new byte[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (in[i] == '/' && k > 0 && out[k - 1] == '/') {
                continue;
            }
            out[k++] = in[i];
        }
        if (k > 1 && out[k - 1] == '/') {
            k--;
        }
        return Arrays.copyOf(out, k);
    }

    static BeneathPath check(Path other) {
        Objects.requireNonNull(other, "path");
        if (!(other instanceof BeneathPath p)) {
            throw new ProviderMismatchException("not a path of a beneath file system: " + other.getClass().getName());
        }
        return p;
    }

    /** The raw bytes of this path. Not a copy: never modify. */
    byte[] bytes() {
        return path;
    }

    boolean isEmpty() {
        return path.length == 0;
    }

    private int[] offsets() {
        int[] o = offsets;
        if (o == null) {
            int count = 0;
            for (int i = 0; i < path.length; i++) {
                if (path[i] != '/' && (i == 0 || path[i - 1] == '/')) {
                    count++;
                }
            }
            if (path.length == 0) {
                o = new int[] {0};
            } else {
                o = new int[count];
                int k = 0;
                for (int i = 0; i < path.length; i++) {
                    if (path[i] != '/' && (i == 0 || path[i - 1] == '/')) {
                        o[k++] = i;
                    }
                }
            }
            offsets = o;
        }
        return o;
    }

    private int nameEnd(int[] o, int index) {
        return index == o.length - 1 ? path.length : o[index + 1] - 1;
    }

    private BeneathPath slice(int from, int to) {
        return new BeneathPath(fs, Arrays.copyOfRange(path, from, to));
    }

    @Override
    public BeneathFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return path.length > 0 && path[0] == '/';
    }

    @Override
    public BeneathPath getRoot() {
        return isAbsolute() ? fs.rootPath() : null;
    }

    @Override
    public BeneathPath getFileName() {
        int[] o = offsets();
        if (o.length == 0) {
            return null;
        }
        if (o.length == 1 && !isAbsolute()) {
            return this;
        }
        return slice(o[o.length - 1], path.length);
    }

    @Override
    public BeneathPath getParent() {
        int[] o = offsets();
        if (o.length == 0) {
            return null;
        }
        int len = o[o.length - 1] - 1;
        if (len <= 0) {
            return getRoot();
        }
        return slice(0, len);
    }

    @Override
    public int getNameCount() {
        return offsets().length;
    }

    @Override
    public BeneathPath getName(int index) {
        int[] o = offsets();
        if (index < 0 || index >= o.length) {
            throw new IllegalArgumentException("no name at index " + index);
        }
        return slice(o[index], nameEnd(o, index));
    }

    @Override
    public BeneathPath subpath(int beginIndex, int endIndex) {
        int[] o = offsets();
        if (beginIndex < 0 || beginIndex >= o.length || endIndex > o.length || beginIndex >= endIndex) {
            throw new IllegalArgumentException("no names from " + beginIndex + " to " + endIndex);
        }
        return slice(o[beginIndex], nameEnd(o, endIndex - 1));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(Objects.requireNonNull(other) instanceof BeneathPath that) || that.fs != fs) {
            return false;
        }
        if (that.path.length > path.length) {
            return false;
        }
        int thisCount = getNameCount();
        int thatCount = that.getNameCount();
        if (thatCount == 0 && isAbsolute()) {
            return !that.isEmpty();
        }
        if (thatCount > thisCount) {
            return false;
        }
        if (thatCount == thisCount && path.length != that.path.length) {
            return false;
        }
        int[] a = offsets();
        int[] b = that.offsets();
        for (int i = 0; i < thatCount; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        if (!Arrays.equals(path, 0, that.path.length, that.path, 0, that.path.length)) {
            return false;
        }
        return that.path.length == path.length || path[that.path.length] == '/';
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(Objects.requireNonNull(other) instanceof BeneathPath that) || that.fs != fs) {
            return false;
        }
        int thisLen = path.length;
        int thatLen = that.path.length;
        if (thatLen > thisLen || thisLen > 0 && thatLen == 0) {
            return false;
        }
        if (that.isAbsolute() && !isAbsolute()) {
            return false;
        }
        int thisCount = getNameCount();
        int thatCount = that.getNameCount();
        if (thatCount > thisCount) {
            return false;
        }
        if (thatCount == thisCount) {
            if (thisCount == 0) {
                return true;
            }
            int expected = isAbsolute() && !that.isAbsolute() ? thisLen - 1 : thisLen;
            if (thatLen != expected) {
                return false;
            }
        } else if (that.isAbsolute()) {
            return false;
        }
        int thisPos = offsets()[thisCount - thatCount];
        int thatPos = that.offsets()[0];
        return Arrays.equals(path, thisPos, thisLen, that.path, thatPos, thatLen);
    }

    private static boolean isDot(byte[] p, int from, int to) {
        return to - from == 1 && p[from] == '.';
    }

    private static boolean isDotDot(byte[] p, int from, int to) {
        return to - from == 2 && p[from] == '.' && p[from + 1] == '.';
    }

    private boolean hasDotOrDotDot() {
        int[] o = offsets();
        for (int i = 0; i < o.length; i++) {
            int end = nameEnd(o, i);
            if (isDot(path, o[i], end) || isDotDot(path, o[i], end)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public BeneathPath normalize() {
        int[] o = offsets();
        int count = o.length;
        if (count == 0 || isEmpty()) {
            return this;
        }
        boolean absolute = isAbsolute();
        boolean[] ignore = new boolean[count];
        boolean changed = false;
        int[] kept = new int[count];
        int top = 0;
        for (int i = 0; i < count; i++) {
            int end = nameEnd(o, i);
            if (isDot(path, o[i], end)) {
                ignore[i] = true;
                changed = true;
            } else if (isDotDot(path, o[i], end)) {
                if (top > 0 && !isDotDot(path, o[kept[top - 1]], nameEnd(o, kept[top - 1]))) {
                    ignore[kept[--top]] = true;
                    ignore[i] = true;
                    changed = true;
                } else if (absolute) {
                    ignore[i] = true; // ".." at the root is the root
                    changed = true;
                } else {
                    kept[top++] = i;
                }
            } else {
                kept[top++] = i;
            }
        }
        if (!changed) {
            return this;
        }
        if (top == 0) {
            return absolute ? fs.rootPath() : new BeneathPath(fs, EMPTY);
        }
        int size = absolute ? 1 : 0;
        for (int k = 0; k < top; k++) {
            size += nameEnd(o, kept[k]) - o[kept[k]] + (k > 0 ? 1 : 0);
        }
        byte[] out = new byte[size];
        int at = 0;
        if (absolute) {
            out[at++] = '/';
        }
        for (int k = 0; k < top; k++) {
            if (k > 0) {
                out[at++] = '/';
            }
            int from = o[kept[k]];
            int len = nameEnd(o, kept[k]) - from;
            System.arraycopy(path, from, out, at, len);
            at += len;
        }
        return new BeneathPath(fs, out);
    }

    private static byte[] join(byte[] base, byte[] child) {
        if (child.length == 0) {
            return base;
        }
        if (base.length == 0 || child[0] == '/') {
            return child;
        }
        boolean slashBase = base.length == 1 && base[0] == '/';
        byte[] out = new byte[base.length + (slashBase ? 0 : 1) + child.length];
        System.arraycopy(base, 0, out, 0, base.length);
        int at = base.length;
        if (!slashBase) {
            out[at++] = '/';
        }
        System.arraycopy(child, 0, out, at, child.length);
        return out;
    }

    @Override
    public BeneathPath resolve(Path other) {
        BeneathPath o = check(other);
        if (o.isAbsolute()) {
            return o;
        }
        byte[] joined = join(path, o.path);
        return joined == path ? this : new BeneathPath(fs, joined);
    }

    @Override
    public BeneathPath resolve(String other) {
        return resolve(fs.getPath(other));
    }

    /** This path with one more name, given as bytes (a listed entry). */
    BeneathPath resolve(byte[] name) {
        return new BeneathPath(fs, join(path, name));
    }

    @Override
    public BeneathPath resolveSibling(Path other) {
        Objects.requireNonNull(other, "other");
        BeneathPath parent = getParent();
        return parent == null ? check(other) : parent.resolve(other);
    }

    @Override
    public BeneathPath resolveSibling(String other) {
        return resolveSibling(fs.getPath(other));
    }

    @Override
    public BeneathPath relativize(Path other) {
        BeneathPath child = check(other);
        if (child.equals(this)) {
            return new BeneathPath(fs, EMPTY);
        }
        if (isAbsolute() != child.isAbsolute()) {
            throw new IllegalArgumentException("'other' is different type of Path");
        }
        if (isEmpty()) {
            return child;
        }
        BeneathPath base = this;
        if (base.hasDotOrDotDot() || child.hasDotOrDotDot()) {
            base = base.normalize();
            child = child.normalize();
        }
        int baseCount = base.getNameCount();
        int childCount = child.getNameCount();
        int n = Math.min(baseCount, childCount);
        int i = 0;
        while (i < n && base.getName(i).equals(child.getName(i))) {
            i++;
        }
        BeneathPath childRest = i == childCount ? new BeneathPath(fs, EMPTY) : child.subpath(i, childCount);
        if (i == baseCount) {
            return childRest;
        }
        BeneathPath baseRest = base.subpath(i, baseCount);
        if (baseRest.hasDotOrDotDot()) {
            throw new IllegalArgumentException("Unable to compute relative  path from " + this + " to " + other);
        }
        if (baseRest.isEmpty()) {
            return childRest;
        }
        int dotdots = baseRest.getNameCount();
        boolean childEmpty = childRest.isEmpty();
        byte[] out = new byte[dotdots * 3 + childRest.path.length - (childEmpty ? 1 : 0)];
        int at = 0;
        for (int k = 0; k < dotdots; k++) {
            out[at++] = '.';
            out[at++] = '.';
            if (!childEmpty || k < dotdots - 1) {
                out[at++] = '/';
            }
        }
        System.arraycopy(childRest.path, 0, out, at, childRest.path.length);
        return new BeneathPath(fs, out);
    }

    /**
     * {@code beneath:<host dir>!<path in the root>}: the file system is found again by its
     * host directory, so {@code Path.of(uri)} works while it is open. (The host directory
     * is the one the file system was opened with; it is trusted, not part of the untrusted tree.)
     */
    @Override
    public URI toUri() {
        return Uris.of(fs, toAbsolutePath().path);
    }

    @Override
    public BeneathPath toAbsolutePath() {
        return isAbsolute() ? this : fs.rootPath().resolve(this);
    }

    /**
     * The path of the object this path names, computed from its descriptor: absolute, in the
     * root's terms, with every symlink and {@code ..} resolved inside the root.
     */
    @Override
    public BeneathPath toRealPath(LinkOption... options) throws IOException {
        return fs.operations().realPath(this, Options.follow(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        Objects.requireNonNull(watcher, "watcher");
        if (!(watcher instanceof InotifyWatchService inotify)) {
            throw new ProviderMismatchException("not a watch service of a beneath file system");
        }
        return inotify.register(this, events, modifiers);
    }

    @Override
    public int compareTo(Path other) {
        return Arrays.compareUnsigned(path, ((BeneathPath) other).path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BeneathPath p && p.fs == fs && Arrays.equals(path, p.path);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (byte b : path) {
                h = 31 * h + (b & 0xff);
            }
            hash = h;
        }
        return h;
    }

    /** The path in the root, surrogate-escaped where a name is not UTF-8; never a host path. */
    @Override
    public String toString() {
        String s = text;
        if (s == null) {
            s = Names.decode(path);
            text = s;
        }
        return s;
    }
}
