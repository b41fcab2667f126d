package dev.beneath.nio;

import dev.beneath.Backend;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The {@code beneath} scheme: file systems whose {@code /} is a host directory, every
 * operation confined to it (see {@link BeneathFileSystems}). Installed through the service
 * loader; applications use {@link java.nio.file.FileSystems#newFileSystem(URI, Map)} or
 * {@link BeneathFileSystems}.
 *
 * <p>URIs have the form {@code beneath:<host directory>!<path in the root>}. A file system
 * made from a URI is registered by its host directory until it is closed, so
 * {@link Path#of(URI)} finds it; a second one on the same directory is
 * {@link FileSystemAlreadyExistsException}.
 */
public final class BeneathFileSystemProvider extends FileSystemProvider {
    private final Map<String, BeneathFileSystem> registered = new ConcurrentHashMap<>();

    /** Made by the service loader. */
    public BeneathFileSystemProvider() {
    }

    private static final class Fallback {
        static final BeneathFileSystemProvider INSTANCE = new BeneathFileSystemProvider();
    }

    /** The installed provider (the one {@code FileSystems} knows), or one of our own when none is installed. */
    static BeneathFileSystemProvider instance() {
        for (FileSystemProvider p : FileSystemProvider.installedProviders()) {
            if (p instanceof BeneathFileSystemProvider b) {
                return b;
            }
        }
        return Fallback.INSTANCE;
    }

    @Override
    public String getScheme() {
        return Uris.SCHEME;
    }

    BeneathFileSystem open(Path directory, ResolveOptions options, Backend backend, boolean register)
            throws IOException {
        String key = Uris.hostPart(directory);
        Root root = Root.open(directory, backend, options.withNoFollow(false));
        BeneathFileSystem fs = new BeneathFileSystem(this, root, options.withNoFollow(false), key, register);
        if (register && registered.putIfAbsent(key, fs) != null) {
            root.close();
            throw new FileSystemAlreadyExistsException(key);
        }
        return fs;
    }

    void forget(BeneathFileSystem fs) {
        registered.remove(fs.hostUriPart(), fs);
    }

    /**
     * Opens a file system on the host directory the URI names. {@code env} keys are
     * {@link BeneathFileSystems#SCOPE}, {@link BeneathFileSystems#NO_SYMLINKS},
     * {@link BeneathFileSystems#NO_XDEV} and {@link BeneathFileSystems#BACKEND}; values are
     * strings or the matching types.
     *
     * @throws FileSystemAlreadyExistsException one is open on that directory already
     * @throws IllegalArgumentException          the URI or an env value is not understood
     */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        Uris.Parts parts = Uris.split(uri);
        if (parts.inRoot().length != 1 || parts.inRoot()[0] != '/') {
            throw new IllegalArgumentException("a beneath file system URI names a directory, not a path in it: " + uri);
        }
        ResolveOptions options = ResolveOptions.DEFAULT
                .withScope(Scope.valueOf(text(env, BeneathFileSystems.SCOPE, "IN_ROOT")))
                .withNoSymlinks(Boolean.parseBoolean(text(env, BeneathFileSystems.NO_SYMLINKS, "false")))
                .withNoXdev(Boolean.parseBoolean(text(env, BeneathFileSystems.NO_XDEV, "false")));
        Backend backend = Backend.valueOf(text(env, BeneathFileSystems.BACKEND, "AUTO"));
        Path directory = Path.of(Names.decode(Uris.decode(parts.hostPart())));
        return open(directory, options, backend, true);
    }

    private static String text(Map<String, ?> env, String key, String fallback) {
        Object v = env.get(key);
        return (v == null ? fallback : v.toString()).toUpperCase(Locale.ROOT);
    }

    /**
     * The registered file system on the URI's host directory.
     *
     * @throws FileSystemNotFoundException none is open
     */
    @Override
    public FileSystem getFileSystem(URI uri) {
        return lookup(Uris.split(uri));
    }

    private BeneathFileSystem lookup(Uris.Parts parts) {
        BeneathFileSystem fs = registered.get(parts.hostPart());
        if (fs == null) {
            throw new FileSystemNotFoundException(parts.hostPart());
        }
        return fs;
    }

    @Override
    public Path getPath(URI uri) {
        Uris.Parts parts = Uris.split(uri);
        return BeneathPath.of(lookup(parts), parts.inRoot());
    }

    private static BeneathPath path(Path p) {
        return BeneathPath.check(p);
    }

    private static RootFiles files(Path p) {
        return path(p).getFileSystem().operations();
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return files(path).newFileChannel(path(path), options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return files(path).newFileChannel(path(path), options, attrs);
    }

    /** Not offered, as by the zip file system: use {@link #newFileChannel}. */
    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) {
        path(path);
        throw new UnsupportedOperationException("asynchronous channels are not offered by beneath file systems");
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        Objects.requireNonNull(filter, "filter");
        return files(dir).newDirectoryStream(path(dir), filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        files(dir).createDirectory(path(dir), attrs);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        BeneathPath t = path(target);
        files(link).createSymbolicLink(path(link), t, attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        BeneathPath e = path(existing);
        files(link).createLink(path(link), e);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return files(link).readSymbolicLink(path(link));
    }

    @Override
    public void delete(Path path) throws IOException {
        files(path).delete(path(path), true);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return files(path).delete(path(path), false);
    }

    /**
     * Copies inside one beneath file system by descriptor ({@code copy_file_range}); between
     * a beneath file system and another provider, through streams opened on each side
     * ({@link CrossProvider}), never through a host path string.
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        transfer(source, target, false, options);
    }

    /** {@code renameat2} inside one file system; between file systems, a copy and a delete. */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        transfer(source, target, true, options);
    }

    private void transfer(Path source, Path target, boolean move, CopyOption... options) throws IOException {
        if (source instanceof BeneathPath s && target instanceof BeneathPath t && s.getFileSystem() == t.getFileSystem()) {
            RootFiles files = files(s);
            if (move) {
                files.move(s, t, Options.Copy.of(options));
            } else {
                files.copy(s, t, Options.Copy.of(options));
            }
        } else {
            CrossProvider.copy(source, target, move, options);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        BeneathPath a = path(path);
        if (!(path2 instanceof BeneathPath b)) {
            Objects.requireNonNull(path2, "path2");
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        if (a.getFileSystem() != b.getFileSystem()) {
            // two roots may share files: compare the objects each resolves to
            return files(a).stat(a, true).sameInode(files(b).stat(b, true));
        }
        return files(a).isSameFile(a, b);
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        BeneathPath name = path(path).getFileName();
        path(path).getFileSystem().ensureOpen();
        return name != null && !name.isEmpty() && name.bytes()[0] == '.';
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return files(path).fileStore(path(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        files(path).checkAccess(path(path), modes);
    }

    /** One lookup and {@code statx}, where the default implementation also checks access. */
    @Override
    public boolean exists(Path path, LinkOption... options) {
        BeneathPath p = path(path);
        boolean follow = Options.follow(options);
        try {
            files(p).stat(p, follow);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        BeneathPath p = path(path);
        return Attributes.view(p, type, Options.follow(options));
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return Attributes.read(path(path), type, Options.follow(options));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return Attributes.read(path(path), attributes, Options.follow(options));
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Attributes.set(path(path), attribute, value, Options.follow(options));
    }

}
