package dev.beneath.nio;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.PathEscapeException;
import dev.beneath.ResolveOptions;
import dev.beneath.Scope;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The file system's life cycle, identity, URIs, stores, watch service, secure directory streams, cross-provider copies. */
class FileSystemTest {
    @TempDir
    Path host;
    private FdSnapshot fds;

    @BeforeEach
    void tree() throws IOException {
        Targets.benign(host);
        fds = FdSnapshot.take();
    }

    @AfterEach
    void noLeak() {
        FdSnapshot now = FdSnapshot.take();
        assertTrue(now.newSince(fds).size() <= 3, "descriptors leaked: " + now.describeNewSince(fds));
    }

    private URI uri() {
        return URI.create("beneath:" + host.toUri().getPath());
    }

    @Test
    void theProviderIsInstalledAndFileSystemsAreRegisteredByDirectory() throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(uri(), Map.of(BeneathFileSystems.BACKEND, "emulated"))) {
            assertEquals("beneath", fs.provider().getScheme());
            assertSame(fs, FileSystems.getFileSystem(uri()));
            assertThrows(FileSystemAlreadyExistsException.class, () -> FileSystems.newFileSystem(uri(), Map.of()));
            Path p = fs.getPath("a", "file.txt");
            assertEquals("a/file.txt", p.toString());
            assertEquals("/a/file.txt", p.toAbsolutePath().toString());
            URI u = p.toUri();
            assertEquals("beneath", u.getScheme());
            assertEquals(p.toAbsolutePath(), Path.of(u));
            assertEquals("a file\n", Files.readString(Path.of(u)));
            assertThrows(UnsupportedOperationException.class, p::toFile);
        }
        assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(uri()));
    }

    @Test
    void afterCloseOperationsThrowClosedFileSystemException() throws IOException {
        FileSystem fs = BeneathFileSystems.open(host);
        Path p = fs.getPath("/file");
        fs.close();
        assertFalse(fs.isOpen());
        assertThrows(ClosedFileSystemException.class, () -> Files.readString(p));
        assertThrows(ClosedFileSystemException.class, () -> Files.size(p));
        assertThrows(ClosedFileSystemException.class, () -> Files.createDirectory(fs.getPath("/x")));
        assertThrows(ClosedFileSystemException.class, () -> Files.newDirectoryStream(fs.getPath("/")));
        assertThrows(ClosedFileSystemException.class, fs::newWatchService);
        assertEquals("/file", p.toString()); // syntax keeps working
        fs.close(); // twice is harmless
    }

    @Test
    void foreignPathsAreProviderMismatches() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            Path mine = fs.getPath("/file");
            Path theirs = host.resolve("file");
            assertThrows(ProviderMismatchException.class, () -> mine.resolve(theirs));
            assertThrows(ProviderMismatchException.class, () -> Files.createLink(mine.resolveSibling("l"), theirs));
            assertThrows(ProviderMismatchException.class, () -> Files.createSymbolicLink(mine.resolveSibling("l"), theirs));
            assertFalse(mine.startsWith(theirs));
            assertFalse(Files.isSameFile(mine, theirs));
        }
    }

    @Test
    void errorsNameThePathInTheRootNeverTheHostPath() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> Files.readString(fs.getPath("/a/missing")));
            assertEquals("/a/missing", e.getFile());
            assertFalse(e.getMessage().contains(host.toString()), e.getMessage());
            assertEquals("/a/file.txt", fs.getPath("link-dir/../link-dir/file.txt").toRealPath().toString());
            assertEquals("/", fs.getPath("a/up/a/up").toRealPath().toString());
        }
    }

    @Test
    void fileStoreComesFromFstatfs() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            FileStore store = Files.getFileStore(fs.getPath("/a"));
            assertEquals(Files.getFileStore(host).type(), store.type());
            assertTrue(store.getTotalSpace() > 0 && store.getUsableSpace() <= store.getTotalSpace());
            assertFalse(store.isReadOnly());
            assertTrue(store.supportsFileAttributeView(PosixFileAttributeView.class));
            assertEquals(List.of(fs.getPath("/")), fs.getRootDirectories());
            assertTrue(fs.supportedFileAttributeViews().containsAll(Set.of("basic", "posix", "unix", "owner")));
        }
    }

    @Test
    void ownersAreNamedThroughTheUserDatabase() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            UserPrincipal owner = Files.getOwner(fs.getPath("/file"));
            assertEquals(Files.getOwner(host.resolve("file")).getName(), owner.getName());
            UserPrincipal looked = fs.getUserPrincipalLookupService().lookupPrincipalByName(owner.getName());
            Files.setOwner(fs.getPath("/a/file.txt"), looked);
            assertEquals(Files.getAttribute(host.resolve("file"), "unix:uid"),
                    Files.getAttribute(fs.getPath("/a/file.txt"), "unix:uid"));
        }
    }

    /** Events from {@code w} until {@code wanted} is among them (ten seconds at most); all seen are returned. */
    private static List<String> awaitEvent(WatchService w, String wanted) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.contains(wanted)) {
            WatchKey key = w.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(key, "no " + wanted + " within ten seconds; saw " + seen);
            for (WatchEvent<?> e : key.pollEvents()) {
                seen.add(e.kind().name() + " " + e.context());
            }
            assertTrue(key.reset());
        }
        return seen;
    }

    @Test
    void watchServiceReportsCreateModifyDeleteOnTheResolvedDirectory() throws Exception {
        try (FileSystem fs = BeneathFileSystems.open(host); WatchService w = fs.newWatchService()) {
            Path dir = fs.getPath("/link-dir"); // a symlink: the watch sits on the directory it names
            WatchKey key = dir.register(w, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            assertEquals(dir, key.watchable());
            Files.writeString(host.resolve("a/new"), "n"); // changed from the host side
            awaitEvent(w, "ENTRY_CREATE new");
            Files.writeString(host.resolve("a/new"), "more", java.nio.file.StandardOpenOption.APPEND);
            awaitEvent(w, "ENTRY_MODIFY new");
            Files.delete(host.resolve("a/new"));
            awaitEvent(w, "ENTRY_DELETE new");
            key.cancel();
            assertFalse(key.isValid());
        }
    }

    private static long inotifyReaders() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("beneath-inotify")).count();
    }

    @Test
    void watchServicesOfOneFileSystemShareOneReader() throws Exception {
        long before = inotifyReaders();
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            WatchService first = fs.newWatchService();
            try (WatchService second = fs.newWatchService()) {
                fs.getPath("/a").register(first, ENTRY_CREATE);
                fs.getPath("/link-dir").register(second, ENTRY_CREATE, ENTRY_DELETE);
                assertEquals(before + 1, inotifyReaders());
                Files.writeString(host.resolve("a/both"), "b");
                awaitEvent(first, "ENTRY_CREATE both");
                awaitEvent(second, "ENTRY_CREATE both");
                first.close();
                Files.delete(host.resolve("a/both"));
                awaitEvent(second, "ENTRY_DELETE both");
            }
        }
        assertEquals(before, inotifyReaders());
    }

    @Test
    void closingTheFileSystemClosesItsWatchServices() throws Exception {
        FileSystem fs = BeneathFileSystems.open(host);
        WatchService w = fs.newWatchService();
        fs.getPath("/a").register(w, ENTRY_CREATE);
        fs.close();
        assertThrows(ClosedWatchServiceException.class, w::poll);
    }

    @Test
    void secureDirectoryStreamActsRelativeToItsDirectory() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host);
             DirectoryStream<Path> s = Files.newDirectoryStream(fs.getPath("/full"))) {
            SecureDirectoryStream<Path> secure = assertInstanceOf(SecureDirectoryStream.class, s);
            Path one = fs.getPath("one");
            try (SeekableByteChannel c = secure.newByteChannel(one, Set.of(StandardOpenOption.READ))) {
                assertEquals(2, c.size());
            }
            assertEquals("posix", secure.getFileAttributeView(one, PosixFileAttributeView.class).name());
            secure.deleteFile(one);
            assertFalse(Files.exists(host.resolve("full/one")));
            List<String> names = new ArrayList<>();
            secure.forEach(p -> names.add(p.toString()));
            assertEquals(List.of("/full/two.txt"), names);
        }
    }

    @Test
    void copyAndMoveAcrossProvidersGoThroughStreams() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            Path out = host.resolveSibling(host.getFileName() + "-out");
            Files.copy(fs.getPath("/link-dir/file.txt"), out);
            assertEquals("a file\n", Files.readString(out));
            Files.move(out, fs.getPath("/moved-in"));
            assertFalse(Files.exists(out));
            assertEquals("a file\n", Files.readString(host.resolve("moved-in")));
            try (FileSystem other = BeneathFileSystems.open(host.resolve("a"))) {
                Files.copy(fs.getPath("/file"), other.getPath("/from-other"));
                assertTrue(Files.isSameFile(fs.getPath("/a/file.txt"), other.getPath("/file.txt")));
                assertFalse(Files.isSameFile(fs.getPath("/file"), other.getPath("/file.txt")));
                assertEquals("top file\n", Files.readString(host.resolve("a/from-other")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void beneathScopeRefusesEveryEscape(Backend backend) throws IOException {
        new Tree(host).symlink("to-slash", "/").symlink("rel-out", "../outside").symlink("up", "..")
                .symlink("a/climb", "../../outside");
        try (FileSystem fs = BeneathFileSystems.open(host, ResolveOptions.DEFAULT.withScope(Scope.BENEATH), backend)) {
            for (String p : List.of("to-slash/file", "rel-out/x", "../outside/x", "/file", "up/file",
                    "a/climb/secret", "a/up/../x")) {
                assertThrows(PathEscapeException.class, () -> Files.readAllBytes(fs.getPath(p)), p);
                assertThrows(PathEscapeException.class, () -> Files.writeString(fs.getPath(p), "x"), p);
                assertThrows(PathEscapeException.class, () -> Files.createDirectory(fs.getPath(p)), p);
                assertThrows(PathEscapeException.class, () -> Files.deleteIfExists(fs.getPath(p)), p);
                assertThrows(PathEscapeException.class, () -> Files.move(fs.getPath("file"), fs.getPath(p)), p);
            }
            assertEquals("top file\n", Files.readString(fs.getPath("file")));
            assertEquals("a file\n", Files.readString(fs.getPath("link-dir/file.txt")));
        }
    }

    @Test
    void namesThatAreNotUtf8RoundTripFromListingBackIntoResolve() throws Exception {
        byte[] name = {'c', 'a', 'f', (byte) 0xE9};
        byte[] hostName = (host + "/a/").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] full = java.util.Arrays.copyOf(hostName, hostName.length + name.length);
        System.arraycopy(name, 0, full, hostName.length, name.length);
        Sys.close(Sys.openat(Linux.AT_FDCWD, full, Linux.O_CREAT | Linux.O_WRONLY | Linux.O_CLOEXEC, 0644));
        try (FileSystem fs = FileSystems.newFileSystem(uri(), Map.of());
             Stream<Path> listed = Files.list(fs.getPath("/a"))) {
            Path cafe = listed.filter(p -> p.getFileName().toString().startsWith("caf")).findFirst().orElseThrow();
            assertEquals("caf\uDCE9", cafe.getFileName().toString());
            Path again = fs.getPath(cafe.toString());
            assertTrue(Files.isRegularFile(again));
            Files.writeString(again, "bytes\n");
            assertEquals(cafe.toAbsolutePath(), Path.of(cafe.toUri()));
            Files.move(again, fs.getPath("/a/" + cafe.getFileName() + "2"));
            assertEquals("bytes\n", Files.readString(fs.getPath("/a/caf\uDCE92")));
            assertEquals(cafe.getFileName() + "2", fs.getPath("/a/caf\uDCE92").toRealPath().getFileName().toString());
        }
    }

    @Test
    void secureDirectoryStreamKeepsItsDirectoryWhenThePathChanges() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host);
             SecureDirectoryStream<Path> full = (SecureDirectoryStream<Path>) Files.newDirectoryStream(fs.getPath("/full"));
             SecureDirectoryStream<Path> empty = (SecureDirectoryStream<Path>) Files.newDirectoryStream(fs.getPath("/empty"))) {
            Files.move(host.resolve("full"), host.resolve("renamed"));
            Files.createSymbolicLink(host.resolve("full"), host.resolve("a"));
            full.move(fs.getPath("one"), empty, fs.getPath("one-moved"));
            assertTrue(Files.exists(host.resolve("empty/one-moved")));
            // a relative ".." stays in the stream's directory
            assertThrows(NoSuchFileException.class, () -> full.newByteChannel(fs.getPath("../file"), Set.of()));
            try (SeekableByteChannel c = full.newByteChannel(fs.getPath("../two.txt"), Set.of())) {
                assertEquals(2, c.size());
            }
        }
    }

    @Test
    void moveAcrossAMountInsideTheRootCopiesUnlessAtomic() throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Path mnt = Files.createDirectory(host.resolve("mnt"));
        byte[] target = mnt.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Sys.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        try (FileSystem fs = BeneathFileSystems.open(host)) {
            assertThrows(java.nio.file.AtomicMoveNotSupportedException.class,
                    () -> Files.move(fs.getPath("/file"), fs.getPath("/mnt/file"), StandardCopyOption.ATOMIC_MOVE));
            Files.move(fs.getPath("/file"), fs.getPath("/mnt/file"));
            assertFalse(Files.exists(host.resolve("file")));
            assertEquals("top file\n", Files.readString(fs.getPath("/mnt/file")));
            assertEquals("tmpfs", Files.getFileStore(fs.getPath("/mnt")).type());
        } finally {
            Sys.umount2(target, Linux.MNT_DETACH);
        }
    }

    @Test
    void walkWithFollowLinksStaysInside() throws IOException {
        try (FileSystem fs = BeneathFileSystems.open(host); Stream<Path> w = Files.walk(fs.getPath("/a"))) {
            assertTrue(w.allMatch(p -> p.startsWith(fs.getPath("/a"))));
        }
    }
}
