package dev.beneath.nio;

import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file system whose {@code /} is a {@link Root}: every operation resolves its path inside
 * the root, through the root's pinned descriptor. Closing it closes the root and every
 * watch service it made; afterwards operations throw {@link ClosedFileSystemException}
 * (path syntax keeps working).
 */
final class BeneathFileSystem extends FileSystem {
    private static final byte[] SLASH = {'/'};

    private final BeneathFileSystemProvider provider;
    private final Root root;
    private final ResolveOptions options;
    private final String hostUriPart;
    private final boolean registered;
    private final BeneathPath rootPath;
    private final RootFiles files;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final List<InotifyWatchService> watchers = new CopyOnWriteArrayList<>();
    /** The one inotify reader, made by the first watch service; guarded by this. */
    private Inotify inotify;

    BeneathFileSystem(BeneathFileSystemProvider provider, Root root, ResolveOptions options, String hostUriPart,
                      boolean registered) {
        this.provider = provider;
        this.root = root;
        this.options = options;
        this.hostUriPart = hostUriPart;
        this.registered = registered;
        this.rootPath = BeneathPath.of(this, SLASH);
        this.files = new RootFiles(this, root, options);
    }

    BeneathPath rootPath() {
        return rootPath;
    }

    /** The operations on the tree, after checking that this file system is open. */
    RootFiles operations() {
        ensureOpen();
        return files;
    }

    void ensureOpen() {
        if (!open.get()) {
            throw new ClosedFileSystemException();
        }
    }

    ResolveOptions options() {
        return options;
    }

    String hostUriPart() {
        return hostUriPart;
    }

    byte[] hostDirectoryUriPath() {
        return Uris.decode(hostUriPart);
    }

    @Override
    public BeneathFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            // open is false before the lock is taken: a newWatchService that takes the lock from
            // here on refuses, and one that took it before has made its reader and service already
            Inotify reader;
            synchronized (this) {
                reader = inotify;
                inotify = null;
            }
            for (InotifyWatchService w : watchers) {
                w.close();
            }
            if (reader != null) {
                reader.close();
            }
        } finally {
            root.close();
            if (registered) {
                provider.forget(this);
            }
        }
    }

    void watchServiceClosed(InotifyWatchService w) {
        watchers.remove(w);
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        ensureOpen();
        return List.of(rootPath);
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        ensureOpen();
        try {
            return List.of(files.fileStore(rootPath));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Attributes.VIEWS;
    }

    @Override
    public BeneathPath getPath(String first, String... more) {
        Objects.requireNonNull(first, "first");
        String path = first;
        if (more.length > 0) {
            StringBuilder s = new StringBuilder(first);
            for (String segment : more) {
                if (!segment.isEmpty()) {
                    if (!s.isEmpty()) {
                        s.append('/');
                    }
                    s.append(segment);
                }
            }
            path = s.toString();
        }
        return BeneathPath.parse(this, path);
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        return Globs.matcher(syntaxAndPattern);
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return Principals.LOOKUP;
    }

    @Override
    public WatchService newWatchService() throws IOException {
        synchronized (this) {
            // checked under the lock close takes, so a reader is never made for a closed file system
            ensureOpen();
            if (inotify == null) {
                inotify = new Inotify(this);
            }
            InotifyWatchService w = new InotifyWatchService(this, inotify);
            watchers.add(w);
            return w;
        }
    }

    @Override
    public String toString() {
        return "beneath file system (" + root.backend() + ")";
    }
}
