package dev.beneath.internal.resolve;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.SyscallException;
import java.util.Arrays;

/**
 * The one conversion between Java strings and Linux names, and the checks every path gets
 * before any system call sees it.
 *
 * <p>Linux names are bytes and need not be UTF-8. Strings carry them losslessly with the
 * "surrogateescape" scheme of PEP 383: valid UTF-8 decodes as usual, and each byte that is not
 * part of a valid UTF-8 sequence decodes to the lone surrogate {@code U+DC80..U+DCFF} (byte
 * {@code 0x80..0xFF}), which encodes back to that byte. Every byte string has exactly one
 * string, its canonical form: a string with any other unpaired surrogate, or with escapes
 * that would encode to valid UTF-8 (and so decode to something else), names nothing and is
 * refused, so two different strings never reach the same file.
 */
public final class PathBytes {
    private static final int ESCAPE_BASE = 0xDC00;

    private PathBytes() {
    }

    /**
     * The bytes of {@code path} as a system call needs them. A NUL is {@code EINVAL} (C would
     * silently cut the path there), so is a string that is not canonical (see the class
     * comment); a path the kernel would refuse as too long is {@code ENAMETOOLONG}.
     */
    public static byte[] of(String path) throws SyscallException {
        byte[] bytes = encode(path);
        if (bytes.length >= Linux.PATH_MAX) {
            throw new SyscallException(ErrnoNames.ENAMETOOLONG, "path is " + bytes.length + " bytes");
        }
        return bytes;
    }

    /**
     * The bytes {@code name} stands for, whatever its length: {@code EINVAL} for a NUL, an
     * unpaired surrogate outside {@code U+DC80..U+DCFF}, or escapes that are not canonical.
     */
    public static byte[] encode(String name) throws SyscallException {
        int n = name.length();
        boolean plain = true;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '\0') {
                throw new SyscallException(ErrnoNames.EINVAL, "path contains a NUL byte");
            }
            if (Character.isSurrogate(c)) {
                plain = false;
            }
        }
        if (plain) {
            return name.getBytes(UTF_8); // no surrogate at all: plain UTF-8 is the canonical form
        }
        byte[] out = new byte[n * 3];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(name.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, name.charAt(++i));
                out[at++] = (byte) (0xF0 | cp >> 18);
                out[at++] = (byte) (0x80 | (cp >> 12 & 0x3F));
                out[at++] = (byte) (0x80 | (cp >> 6 & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xFF) {
                out[at++] = (byte) (c - ESCAPE_BASE);
            } else if (Character.isSurrogate(c)) {
                throw new SyscallException(ErrnoNames.EINVAL, "path contains an unpaired surrogate");
            } else if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | (c >> 6 & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        byte[] bytes = Arrays.copyOf(out, at);
        if (!decode(bytes).equals(name)) {
            throw new SyscallException(ErrnoNames.EINVAL, "path escapes bytes that form valid UTF-8");
        }
        return bytes;
    }

    /**
     * The canonical string for {@code bytes}: UTF-8 where the bytes are valid UTF-8, each
     * other byte as {@code U+DC80..U+DCFF}. Never fails; {@link #encode} gives the bytes back.
     */
    public static String decode(byte[] bytes) {
        int n = bytes.length;
        int i = 0;
        while (i < n && bytes[i] >= 0) {
            i++;
        }
        if (i == n) {
            return new String(bytes, UTF_8); // ASCII, the common case
        }
        StringBuilder out = null;
        int copiedTo = 0;
        while (i < n) {
            int length = validSequence(bytes, i);
            if (length > 0) {
                i += length;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 8);
            }
            out.append(new String(bytes, copiedTo, i - copiedTo, UTF_8));
            out.append((char) (ESCAPE_BASE + (bytes[i] & 0xFF)));
            i++;
            copiedTo = i;
        }
        if (out == null) {
            return new String(bytes, UTF_8);
        }
        return out.append(new String(bytes, copiedTo, n - copiedTo, UTF_8)).toString();
    }

    /**
     * The length of the well-formed UTF-8 sequence starting at {@code i} (Unicode table 3-7:
     * no overlong forms, no encoded surrogates, nothing above {@code U+10FFFF}), or 0.
     */
    private static int validSequence(byte[] b, int i) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int length;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
