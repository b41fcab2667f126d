package dev.beneath;

import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.SyscallException;

/**
 * How beneath carries Linux names, which are bytes and need not be UTF-8, in Java strings.
 *
 * <p>Every path given to and every name returned by this API uses the "surrogateescape"
 * scheme of PEP 383 (as Python's {@code os.fsdecode} does): bytes that form valid UTF-8 decode
 * as usual, and each byte that is not part of a valid UTF-8 sequence decodes to the lone
 * surrogate {@code U+DC80..U+DCFF} ({@code 0x80} to {@code 0xFF}) and encodes back to that
 * byte. So a listed name can always be passed back to resolve, rename or remove the very
 * entry, and {@code encode(decode(bytes))} is {@code bytes} for every name.
 *
 * <p>Each byte string has exactly one string form. A string with any other unpaired surrogate,
 * or with escapes of bytes that together form valid UTF-8 (such as {@code "\uDCC3\uDCA9"},
 * which are the bytes of {@code "é"}), is not the form of any name: operations refuse it with
 * {@code EINVAL} and create nothing, and {@link #encode} throws
 * {@link IllegalArgumentException}. Plain strings without surrogates are always accepted and
 * encode as UTF-8.
 */
public final class PathNames {
    private PathNames() {
    }

    /**
     * The bytes a string stands for.
     *
     * @param name a name or path in the form described above
     * @return the bytes, a new array
     * @throws IllegalArgumentException if {@code name} contains a NUL character, an unpaired
     *                                  surrogate outside {@code U+DC80..U+DCFF}, or escapes
     *                                  that are not in canonical form
     */
    public static byte[] encode(String name) {
        try {
            return PathBytes.encode(name);
        } catch (SyscallException e) {
            throw new IllegalArgumentException("not a canonical name: " + e.call());
        }
    }

    /**
     * The string form of a name given as bytes. Never fails.
     *
     * @param bytes a name or path as the kernel stores it
     * @return its canonical string form, which {@link #encode} turns back into {@code bytes}
     */
    public static String decode(byte[] bytes) {
        return PathBytes.decode(bytes);
    }
}
