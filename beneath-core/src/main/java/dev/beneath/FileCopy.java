package dev.beneath;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.resolve.Components;
import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
                    // the source is opened first, so a source that cannot be read leaves no target
                    try (FileChannel in = from.newChannel(StandardOpenOption.READ)) {
                        FileAttributes times = attributes ? a : null;
                        boolean noReplace = !replace;
                        root.writeCopy(target, noReplace, file -> copyContent(in, file, target, bits, times));
                    } catch (UncheckedIOException failed) {
                        throw failed.getCause();
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
     * Copies the tree at {@code source} to the new name {@code target}, holding a descriptor
     * on the source directory being read and on the target directory being filled at every
     * level: each entry is opened, created or linked with one {@code *at()} call on its
     * parent's descriptor ({@code O_NOFOLLOW}), never through a path rebuilt from the root, so
     * a directory renamed or swapped for a symlink while the copy runs cannot redirect it, and
     * the cost is a fixed number of calls per entry whatever the depth. Files are written as
     * {@link #copy} writes them (a temporary name, renamed into place when complete);
     * directories are made 0700 and given their own bits (and times) once their entries are in.
     * The first entry that cannot be read or copied stops the copy with its error.
     */
    static void copyTree(Root root, String source, String target, CopyOption... options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        boolean attributes = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                attributes = true;
            } else if (o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("unsupported tree copy option: " + Objects.requireNonNull(o));
            }
        }
        if (root.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw Failures.translate(new SyscallException(ErrnoNames.EEXIST, "copyTree: the target exists"), target);
        }
        try (Handle top = root.resolve(source, root.options().withNoFollow(true))) {
            FileAttributes a = top.attributes();
            if (!a.isDirectory()) {
                copy(root, source, target, attributes
                        ? new CopyOption[] {LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES}
                        : new CopyOption[] {LinkOption.NOFOLLOW_LINKS});
                return;
            }
            try (TreeCopy copy = new TreeCopy(root, attributes)) {
                copy.run(top, a, source, target);
            }
        }
    }

    /**
     * The levels of one {@link #copyTree}, each holding a descriptor on a source directory and
     * one on its copy: two descriptors per level of depth (a tree deeper than the descriptor
     * limit fails with {@code EMFILE}, and nothing is left open).
     */
    private static final class TreeCopy implements AutoCloseable {

        /** One directory being copied: its listing, where in it the copy is, and what to give the copy at the end. */
        private static final class Level {
            final Handle from;
            final OwnedFd to;
            final FileAttributes attributes;
            final String source;
            final String target;
            List<Sys.Dirent> entries = List.of();
            int next;

            Level(Handle from, OwnedFd to, FileAttributes attributes, String source, String target) {
                this.from = from;
                this.to = to;
                this.attributes = attributes;
                this.source = source;
                this.target = target;
            }

            void close() {
                from.close();
                to.close();
            }
        }

        private final Root root;
        private final boolean attributes;
        private final Deque<Level> levels = new ArrayDeque<>();

        TreeCopy(Root root, boolean attributes) {
            this.root = root;
            this.attributes = attributes;
        }

        void run(Handle top, FileAttributes a, String source, String target) throws IOException {
            // the top is listed before its copy is made, so a copy inside the source does not meet itself
            Handle from;
            try {
                from = root.handle(OwnedFd.adopt(Sys.dupCloexec(top.fd())), source);
            } catch (SyscallException e) {
                throw Failures.translate(e, source);
            }
            List<Sys.Dirent> entries;
            try {
                entries = list(from);
            } catch (IOException | RuntimeException e) {
                from.close();
                throw e;
            }
            FileAttributes made;
            OwnedFd madeFd;
            try (Handle h = root.createDirectoryHeld(target, 0700)) {
                made = h.attributes();
                madeFd = OwnedFd.adopt(Sys.dupCloexec(h.fd()));
            } catch (SyscallException e) {
                from.close();
                throw Failures.translate(e, target);
            } catch (IOException | RuntimeException e) {
                from.close();
                throw e;
            }
            Level first = new Level(from, madeFd, a, source, target);
            first.entries = entries;
            levels.push(first);
            while (!levels.isEmpty()) {
                Level level = levels.peek();
                if (level.next == level.entries.size()) {
                    levels.pop();
                    try {
                        finish(level);
                    } finally {
                        level.close();
                    }
                    continue;
                }
                byte[] name = level.entries.get(level.next++).name();
                String from1 = join(level.source, name);
                String to = join(level.target, name);
                Handle child;
                try {
                    child = root.handle(OwnedFd.adopt(Sys.openat(level.from.fd(), name,
                            Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0)), from1);
                } catch (SyscallException e) {
                    if (e.errno() == ErrnoNames.ENOENT) {
                        continue; // removed since the listing
                    }
                    throw Failures.translate(e, from1);
                }
                boolean kept = false;
                try {
                    FileAttributes c = child.attributes();
                    switch (c.type()) {
                        case REGULAR_FILE -> {
                            try (FileChannel in = child.newChannel(StandardOpenOption.READ)) {
                                FileAttributes times = attributes ? c : null;
                                int bits = c.permissionBits() & 0777;
                                RootOperations.writeReplacing(level.to, name, true, 0600, false, false,
                                        file -> copyContent(in, file, to, bits, times));
                            } catch (UncheckedIOException failed) {
                                throw failed.getCause();
                            } catch (SyscallException e) {
                                throw Failures.translate(e, to);
                            }
                        }
                        case DIRECTORY -> {
                            if (c.sameFile(made)) {
                                // the copy's own top directory met inside the source: it would copy itself forever
                                throw Failures.translate(new SyscallException(ErrnoNames.EINVAL,
                                        "copyTree: the target is inside the source"), target);
                            }
                            OwnedFd dir;
                            try {
                                dir = RootOperations.makeDirectory(level.to, name, 0700, false);
                            } catch (SyscallException e) {
                                throw Failures.translate(e, to);
                            }
                            kept = true;
                            push(new Level(child, dir, c, from1, to));
                        }
                        case SYMLINK -> {
                            byte[] content;
                            try {
                                content = Sys.readlinkat(child.fd(), Components.EMPTY);
                            } catch (SyscallException e) {
                                throw Failures.translate(e, from1);
                            }
                            try {
                                Sys.symlinkat(content, level.to.get(), name);
                            } catch (SyscallException e) {
                                throw Failures.translate(e, to);
                            }
                        }
                        default -> throw Failures.translate(new SyscallException(ErrnoNames.EINVAL,
                                "copy: only regular files, directories and symlinks are copied"), from1);
                    }
                } finally {
                    if (!kept) {
                        child.close();
                    }
                }
            }
        }

        /** Lists the level's source directory and makes it the current level (closed here if it cannot be). */
        private void push(Level level) throws IOException {
            try {
                level.entries = list(level.from);
            } catch (IOException | RuntimeException e) {
                level.close();
                throw e;
            }
            levels.push(level);
        }

        private static List<Sys.Dirent> list(Handle dir) throws IOException {
            try (OwnedFd listing = OwnedFd.adopt(Sys.openat(dir.fd(), Components.DOT,
                    Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
                return Sys.readDirectory(listing.get());
            } catch (SyscallException e) {
                throw Failures.translate(e, dir.path());
            }
        }

        /**
         * Gives a copied directory its source's permission bits (keeping a setgid bit it
         * inherited) and, with COPY_ATTRIBUTES, its times: last, so that filling it changed
         * neither (a read-only source directory could not have been filled otherwise).
         */
        private void finish(Level level) throws IOException {
            try {
                int inherited = Sys.fstatx(level.to.get(), Linux.STATX_MODE).mode() & Linux.S_ISGID;
                RootOperations.chmod(level.to.get(), (level.attributes.permissionBits() & 0777) | inherited);
                if (attributes) {
                    long[] atime = timespec(level.attributes.lastAccessTime());
                    long[] mtime = timespec(level.attributes.lastModifiedTime());
                    try {
                        Sys.utimensat(level.to.get(), Components.EMPTY, atime, mtime, Linux.AT_EMPTY_PATH);
                    } catch (SyscallException e) {
                        if (e.errno() != ErrnoNames.EINVAL) {
                            throw e;
                        }
                        ProcFs.shared().setTimes(level.to.get(), atime, mtime); // as Handle.setTimes
                    }
                }
            } catch (SyscallException e) {
                throw Failures.translate(e, level.target);
            }
        }

        private static String join(String dir, byte[] name) {
            return (dir.endsWith("/") ? dir : dir + "/") + PathBytes.decode(name);
        }

        @Override
        public void close() {
            while (!levels.isEmpty()) {
                levels.pop().close();
            }
        }
    }

    /**
     * Fills the temporary copy {@code file} from {@code in} (copy_file_range, or a buffer) and
     * gives it exactly {@code bits}, and the source's times when {@code times} is not null. A
     * read or write failure leaves as an {@link UncheckedIOException} so that the caller of
     * the atomic write removes the temporary name and gets the error as it was translated.
     */
    private static void copyContent(FileChannel in, OwnedFd file, String target, int bits, FileAttributes times)
            throws SyscallException {
        try {
            // not closed here: the descriptor belongs to the atomic write, which closes it
            ((FdChannel) in).copyTo((FdChannel) Handle.channel(file, Linux.O_WRONLY, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sys.fchmod(file.get(), bits);
        if (times != null) {
            Sys.utimensat(file.get(), Components.EMPTY, timespec(times.lastAccessTime()),
                    timespec(times.lastModifiedTime()), Linux.AT_EMPTY_PATH);
        }
    }

    private static long[] timespec(FileTime t) {
        Instant i = t.toInstant();
        return new long[] {i.getEpochSecond(), i.getNano()};
    }

    /**
     * Makes room for the copy: false when the target is the source itself; otherwise an
     * existing target fails with {@code EEXIST}, or with REPLACE_EXISTING is removed (a
     * directory, or anything a directory or link is copied to) or left for the complete copy
     * of a regular file to be renamed over it.
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
        if (source.type() != FileType.REGULAR_FILE || existing.isDirectory()) {
            root.removeIfExists(target); // a file's copy is renamed over a file or link instead
        }
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
