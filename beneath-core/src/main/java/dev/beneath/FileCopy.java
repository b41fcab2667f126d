package dev.beneath;

import dev.beneath.internal.resolve.Components;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
                    // written through the descriptor its exclusive creation returned (so a read-only
                    // source still gives a file this process can fill); the mode is set last. The
                    // source is opened first, so a source that cannot be read leaves no target.
                    try (FileChannel in = from.newChannel(StandardOpenOption.READ)) {
                        OwnedFd created = root.createForWriting(target);
                        try (FileChannel out = Handle.channel(created, Linux.O_WRONLY, target)) {
                            ((FdChannel) in).copyTo((FdChannel) out);
                            finish(created, target, bits, attributes ? a : null);
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
     * Copies the tree at {@code source} to the new name {@code target}: a walk over descriptors
     * that never follows a link, and for each entry one {@link #copy} (directories made
     * exclusively, files by descriptor, links as links). The first entry the walk could not
     * read stops the copy with its error, so nothing is silently left out.
     */
    static void copyTree(Root root, String source, String target, CopyOption... options) throws IOException {
        Objects.requireNonNull(target, "target");
        boolean attributes = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                attributes = true;
            } else if (o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("unsupported tree copy option: " + Objects.requireNonNull(o));
            }
        }
        CopyOption[] each = attributes
                ? new CopyOption[] {LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES}
                : new CopyOption[] {LinkOption.NOFOLLOW_LINKS};
        if (root.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw Failures.translate(new SyscallException(ErrnoNames.EEXIST, "copyTree: the target exists"), target);
        }
        String prefix = source.endsWith("/") ? source : source + "/";
        String into = target.endsWith("/") ? target : target + "/";
        FileAttributes made = null;
        try (var walk = root.walk(source)) {
            for (var it = walk.iterator(); it.hasNext(); ) {
                WalkEntry e = it.next();
                if (e.error() != null) {
                    throw e.error();
                }
                if (made != null && e.type() == FileType.DIRECTORY && e.inode() == made.inode()) {
                    // the copy's own top directory met inside the source: it would copy itself forever
                    throw Failures.translate(new SyscallException(ErrnoNames.EINVAL,
                            "copyTree: the target is inside the source"), target);
                }
                String to = e.depth() == 0 ? target : into + e.path().substring(prefix.length());
                copy(root, e.path(), to, each);
                if (e.depth() == 0) {
                    made = root.lstat(target);
                }
            }
        }
    }

    /** Gives the copy exactly {@code bits}, and the source's times when {@code times} is not null. */
    private static void finish(OwnedFd file, String path, int bits, FileAttributes times) throws IOException {
        try {
            Sys.fchmod(file.get(), bits);
            if (times != null) {
                Sys.utimensat(file.get(), Components.EMPTY, timespec(times.lastAccessTime()),
                        timespec(times.lastModifiedTime()), Linux.AT_EMPTY_PATH);
            }
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        }
    }

    private static long[] timespec(FileTime t) {
        Instant i = t.toInstant();
        return new long[] {i.getEpochSecond(), i.getNano()};
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
            return PathBytes.decode(Sys.readlinkat(link.fd(), Components.EMPTY));
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        }
    }
}
