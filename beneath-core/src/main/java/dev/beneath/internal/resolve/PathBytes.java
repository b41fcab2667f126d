package dev.beneath.internal.resolve;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.SyscallException;

/** The checks every path gets before any system call sees it. */
public final class PathBytes {
    private PathBytes() {
    }

    /**
     * The UTF-8 bytes of {@code path}. A NUL byte is {@code EINVAL} (C would silently cut the
     * path there); a path the kernel would refuse as too long is {@code ENAMETOOLONG}.
     */
    public static byte[] of(String path) throws SyscallException {
        if (path.indexOf('\0') >= 0) {
            throw new SyscallException(ErrnoNames.EINVAL, "path contains a NUL byte");
        }
        byte[] bytes = path.getBytes(UTF_8);
        if (bytes.length >= Linux.PATH_MAX) {
            throw new SyscallException(ErrnoNames.ENAMETOOLONG, "path is " + bytes.length + " bytes");
        }
        return bytes;
    }
}
