package dev.beneath.nio;

import dev.beneath.DirectoryEntry;
import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.Root;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ProviderMismatchException;
import java.util.Objects;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entries of one directory, listed from the descriptor resolution pinned (renaming or
 * swapping the directory's path afterwards changes nothing), as paths under the path it was
 * opened with. The directory is held as a root of its own ({@link Handle#openRoot()}):
 * relative paths given to the {@link SecureDirectoryStream} methods are resolved from its
 * descriptor and confined to it ({@code ..} and absolute symlinks stop at the directory);
 * absolute paths are the file system's.
 */
final class BeneathDirectoryStream implements SecureDirectoryStream<Path> {
    private final BeneathFileSystem fs;
    private final BeneathPath dir;
    private final Root directory;
    /** The directory itself, pinned, for single-name {@code statx} of listed entries. */
    private final Handle pinned;
    private final RootFiles relative;
    private final DirectoryStream.Filter<? super Path> filter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean iterated;

    /** Takes the directory {@code handle} names as its own root; the handle stays the caller's. */
    BeneathDirectoryStream(BeneathFileSystem fs, BeneathPath dir, Handle handle,
                           DirectoryStream.Filter<? super Path> filter) throws IOException {
        this.fs = fs;
        this.dir = dir;
        this.directory = handle.openRoot();
        try {
            this.pinned = directory.resolve(".");
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.relative = new RootFiles(fs, directory, directory.options());
        this.filter = filter;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClosedDirectoryStreamException();
        }
        fs.ensureOpen();
    }

    @Override
    public synchronized Iterator<Path> iterator() {
        ensureOpen();
        if (iterated) {
            throw new IllegalStateException("Iterator already obtained");
        }
        iterated = true;
        List<DirectoryEntry> entries;
        try {
            entries = pinned.list();
        } catch (IOException e) {
            throw new DirectoryIteratorException(e);
        }
        Iterator<DirectoryEntry> listed = entries.iterator();
        return new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && !closed.get() && listed.hasNext()) {
                    byte[] name = Names.encodeListed(listed.next());
                    Path candidate = dir.resolve(name).listed(BeneathDirectoryStream.this, name);
                    try {
                        if (filter.accept(candidate)) {
                            next = candidate;
                        }
                    } catch (IOException e) {
                        throw new DirectoryIteratorException(e);
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Path p = next;
                next = null;
                return p;
            }
        };
    }

    /** The operations a path given to this stream's methods goes to: this directory's root, or the file system's. */
    private RootFiles files(BeneathPath p) {
        ensureOpen();
        return p.isAbsolute() ? fs.operations() : relative;
    }

    @Override
    public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
        BeneathPath p = BeneathPath.check(path);
        try (Handle h = files(p).resolve(p, Options.follow(options))) {
            if (h.type() != FileType.DIRECTORY) {
                throw new NotDirectoryException(path.toString());
            }
            return new BeneathDirectoryStream(fs, p.isAbsolute() ? p : dir.resolve(p), h, e -> true);
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        BeneathPath p = BeneathPath.check(path);
        return files(p).newFileChannel(p, options, attrs);
    }

    @Override
    public void deleteFile(Path path) throws IOException {
        BeneathPath p = BeneathPath.check(path);
        if (files(p).stat(p, false).isDirectory()) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        files(p).delete(p, true);
    }

    @Override
    public void deleteDirectory(Path path) throws IOException {
        BeneathPath p = BeneathPath.check(path);
        if (!files(p).stat(p, false).isDirectory()) {
            throw new NotDirectoryException(path.toString());
        }
        files(p).delete(p, true);
    }

    /**
     * Renames between two open directories with one {@code renameat2} on the two pinned
     * parents; neither final name is followed.
     */
    @Override
    public void move(Path source, SecureDirectoryStream<Path> targetDir, Path target) throws IOException {
        if (!(Objects.requireNonNull(targetDir) instanceof BeneathDirectoryStream other) || other.fs != fs) {
            throw new ProviderMismatchException();
        }
        BeneathPath from = BeneathPath.check(source);
        BeneathPath to = BeneathPath.check(target);
        try (RootFiles.Entry a = files(from).entry(from); RootFiles.Entry b = other.files(to).entry(to)) {
            Sys.renameat2(a.parent().fd(), a.name(), b.parent().fd(), b.name(), 0);
        } catch (SyscallException e) {
            throw Errors.of(e, e.errno() == ErrnoNames.EEXIST || e.errno() == ErrnoNames.ENOTEMPTY ? target : source);
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
        ensureOpen();
        return Attributes.view(relative, BeneathPath.of(fs, new byte[] {'.'}), type, true);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        BeneathPath p = BeneathPath.check(path);
        return Attributes.view(files(p), p, type, Options.follow(options));
    }

    /**
     * One {@code statx} of a listed entry on the pinned directory (a single name, never
     * {@code .} or {@code ..}, the entry itself not followed), or null when the stream is
     * closed, the call fails, or the entry is a symlink that must be followed: the caller then
     * resolves the path from the root as usual.
     */
    synchronized Statx statEntry(byte[] name, boolean follow) {
        if (closed.get()) {
            return null;
        }
        try {
            Statx st = Sys.statx(pinned.fd(), name, Linux.AT_SYMLINK_NOFOLLOW,
                    Linux.STATX_BASIC_STATS | Linux.STATX_BTIME);
            return follow && st.isSymlink() ? null : st;
        } catch (SyscallException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            pinned.close();
            directory.close();
        }
    }
}
