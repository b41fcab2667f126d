package dev.beneath;

import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * {@link Root#copy}: the source is read through the descriptor its lookup returned, and the
 * target is made exclusively and written through the descriptor its creation returned, so
 * neither end can be swapped for something else between the check and the use.
 */
final class FileCopy {
    private FileCopy() {
    }

    static void copy(Root root, String source, String target, CopyOption... options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        boolean replace = false;
        boolean attributes = false;
        boolean noFollow = root.options().noFollow();
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                attributes = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                noFollow = true;
            } else {
                throw new UnsupportedOperationException("unsupported copy option: " + Objects.requireNonNull(o));
            }
        }
        try (Handle from = root.resolve(source, root.options().withNoFollow(noFollow))) {
            FileAttributes a = from.attributes();
            if (a.isOther()) {
                throw Failures.translate(new SyscallException(ErrnoNames.EINVAL,
                        "copy: only regular files, directories and symlinks are copied"), source);
            }
            if (!clearTarget(root, target, a, replace)) {
                return; // the source is the target
            }
            int bits = a.permissionBits() & 0777;
            switch (a.type()) {
                case REGULAR_FILE -> {
                    try (Handle made = root.createFile(target, bits);
                         FileChannel in = from.newChannel(StandardOpenOption.READ);
                         FileChannel out = made.newChannel(StandardOpenOption.WRITE)) {
                        ((FdChannel) in).copyTo((FdChannel) out);
                        if (attributes) {
                            made.setTimes(a.lastModifiedTime(), a.lastAccessTime());
                        }
                    }
                }
                case DIRECTORY -> {
                    root.mkdir(target, bits);
                    if (attributes) {
                        try (Handle made = root.resolve(target, root.options().withNoFollow(true))) {
                            made.setTimes(a.lastModifiedTime(), a.lastAccessTime());
                        }
                    }
                }
                case SYMLINK -> root.createSymbolicLink(target, linkContent(from, source));
                default -> throw new AssertionError(a.type());
            }
        }
    }

    /**
     * Makes room for the copy: false when the target is the source itself; otherwise an
     * existing target fails with {@code EEXIST}, or is removed with REPLACE_EXISTING.
     */
    private static boolean clearTarget(Root root, String target, FileAttributes source, boolean replace)
            throws IOException {
        FileAttributes existing;
        try {
            existing = root.lstat(target);
        } catch (NoSuchFileException absent) {
            return true;
        }
        if (existing.sameFile(source)) {
            return false;
        }
        if (!replace) {
            throw Failures.translate(new SyscallException(ErrnoNames.EEXIST, "copy: the target exists"), target);
        }
        root.removeIfExists(target);
        return true;
    }

    private static String linkContent(Handle link, String path) throws IOException {
        try {
            return PathBytes.decode(Sys.readlinkat(link.fd(), new byte[0]));
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        }
    }
}
