package dev.beneath.nio;

import dev.beneath.DirectoryEntry;
import dev.beneath.Handle;
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
 * opened with. Relative paths given to its {@link SecureDirectoryStream} methods are taken
 * from that directory and confined to it.
 */
final class BeneathDirectoryStream implements SecureDirectoryStream<Path> {
    private final BeneathFileSystem fs;
    private final BeneathPath dir;
    private final Handle handle;
    private final DirectoryStream.Filter<? super Path> filter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean iterated;

    BeneathDirectoryStream(BeneathFileSystem fs, BeneathPath dir, Handle handle,
                           DirectoryStream.Filter<? super Path> filter) {
        this.fs = fs;
        this.dir = dir;
        this.handle = handle;
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
            entries = handle.list();
        } catch (IOException e) {
            throw new DirectoryIteratorException(e);
        }
        Iterator<DirectoryEntry> listed = entries.iterator();
        return new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && !closed.get() && listed.hasNext()) {
                    Path candidate = dir.resolve(Names.encodeListed(listed.next()));
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

    /** Where a relative path given to this stream's methods is taken from. */
    private BeneathPath at(Path p) {
        ensureOpen();
        BeneathPath path = BeneathPath.check(p);
        return path.isAbsolute() ? path : dir.resolve(path);
    }

    @Override
    public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
        BeneathPath p = at(path);
        Handle h = fs.operations().resolve(p, Options.follow(options));
        try {
            if (h.type() != dev.beneath.FileType.DIRECTORY) {
                throw new java.nio.file.NotDirectoryException(path.toString());
            }
            return new BeneathDirectoryStream(fs, BeneathPath.check(path), h, e -> true);
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return fs.operations().newFileChannel(at(path), options, attrs);
    }

    @Override
    public void deleteFile(Path path) throws IOException {
        BeneathPath p = at(path);
        if (fs.operations().stat(p, false).isDirectory()) {
            throw new java.nio.file.FileSystemException(path.toString(), null, "Is a directory");
        }
        fs.operations().delete(p, true);
    }

    @Override
    public void deleteDirectory(Path path) throws IOException {
        BeneathPath p = at(path);
        if (!fs.operations().stat(p, false).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(path.toString());
        }
        fs.operations().delete(p, true);
    }

    @Override
    public void move(Path source, SecureDirectoryStream<Path> targetDir, Path target) throws IOException {
        if (!(targetDir instanceof BeneathDirectoryStream other) || other.fs != fs) {
            throw new java.nio.file.ProviderMismatchException();
        }
        fs.operations().move(at(source), other.at(target), Options.Copy.of(java.nio.file.StandardCopyOption.ATOMIC_MOVE));
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
        ensureOpen();
        return Attributes.view(dir, type, true);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return Attributes.view(at(path), type, Options.follow(options));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            handle.close();
        }
    }
}
