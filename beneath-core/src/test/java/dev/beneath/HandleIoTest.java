package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading, writing, listing and inspecting objects through handles, resolved by either backend. */
class HandleIoTest {
    @TempDir
    Path tmp;
    Tree tree;

    @BeforeEach
    void setUp() {
        tree = new Tree(tmp)
                .file("r/f", "hello")
                .file("r/dir/inner", "x")
                .dir("r/dir/sub")
                .symlink("r/dir/link", "inner")
                .fifo("r/dir/fifo")
                .socket("r/dir/sock")
                .fifo("r/fifo");
    }

    private Root open(Backend backend) throws IOException {
        return Root.open(tree.path("r"), backend);
    }

    /**
     * Heap buffers go through a staging buffer: a platform thread's own, reused, and a virtual
     * thread's made per call. Both move a file larger than one staging buffer, both ways, with
     * reads and writes at positions that straddle its size.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void heapBuffersMoveTheSameBytesOnPlatformAndVirtualThreads(Backend backend) throws Exception {
        byte[] content = new byte[200_000];
        new Random(11).nextBytes(content);
        try (Root root = open(backend)) {
            for (boolean virtual : new boolean[] {false, true}) {
                String name = virtual ? "virtual.bin" : "platform.bin";
                Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
                byte[][] read = new byte[1][];
                Throwable[] failure = new Throwable[1];
                Thread t = builder.start(() -> {
                    try (FileChannel out = root.newFileChannel(name, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        for (int at = 0; at < content.length; at += 70_000) {
                            ByteBuffer chunk = ByteBuffer.wrap(content, at, Math.min(70_000, content.length - at));
                            while (chunk.hasRemaining()) {
                                out.write(chunk, chunk.position());
                            }
                        }
                        try (FileChannel in = root.newFileChannel(name, StandardOpenOption.READ)) {
                            ByteBuffer all = ByteBuffer.allocate(content.length + 1);
                            while (in.read(all) > 0) {
                                // until the end
                            }
                            read[0] = Arrays.copyOf(all.array(), all.position());
                        }
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                });
                t.join();
                if (failure[0] != null) {
                    throw new AssertionError(name, failure[0]);
                }
                assertArrayEquals(content, read[0], name);
                assertArrayEquals(content, Files.readAllBytes(tree.path("r").resolve(name)), name);
            }
        }
    }

    private String content(String relative) throws IOException {
        return Files.readString(tree.path(relative));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void readsThroughAStreamAndAChannel(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            try (InputStream in = h.newInputStream()) {
                assertEquals("hello", new String(in.readAllBytes(), UTF_8));
            }
            try (FileChannel ch = h.newChannel()) { // no option means READ
                ByteBuffer buf = ByteBuffer.allocate(16);
                assertEquals(5, ch.read(buf));
                assertEquals(-1, ch.read(buf));
                assertEquals("hello", new String(buf.array(), 0, 5, UTF_8));
                assertEquals(5, ch.size());
                assertEquals(5, ch.position());
                assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.wrap(new byte[1])));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void writeOverwritesInPlaceAndTruncateExistingEmptiesFirst(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            try (FileChannel ch = h.newChannel(StandardOpenOption.WRITE)) {
                assertEquals(1, ch.write(ByteBuffer.wrap("J".getBytes(UTF_8))));
                assertThrows(NonReadableChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
            }
            assertEquals("Jello", content("r/f"));
            try (FileChannel ch = h.newChannel(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                assertEquals(0, ch.size());
                ch.write(ByteBuffer.wrap("new".getBytes(UTF_8)));
            }
            assertEquals("new", content("r/f"));
            try (OutputStream out = h.newOutputStream()) { // truncates, as Files.newOutputStream does
                out.write("xy".getBytes(UTF_8));
            }
            assertEquals("xy", content("r/f"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void appendAlwaysWritesAtTheEnd(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            try (FileChannel ch = h.newChannel(StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(" world".getBytes(UTF_8)));
                assertEquals(11, ch.position());
            }
            try (OutputStream out = h.newOutputStream(StandardOpenOption.APPEND)) {
                out.write("!".getBytes(UTF_8));
            }
            assertEquals("hello world!", content("r/f"));
            assertThrows(IllegalArgumentException.class,
                    () -> h.newChannel(StandardOpenOption.APPEND, StandardOpenOption.READ));
            assertThrows(IllegalArgumentException.class,
                    () -> h.newChannel(StandardOpenOption.APPEND, StandardOpenOption.TRUNCATE_EXISTING));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void positionSizeAndTruncate(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f");
             FileChannel ch = h.newChannel(StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertEquals(0, ch.position());
            ch.position(3);
            ch.write(ByteBuffer.wrap("LO!".getBytes(UTF_8)));
            assertEquals(6, ch.position());
            assertEquals(6, ch.size());
            assertEquals("helLO!", content("r/f"));

            ch.truncate(10); // larger than the file: nothing changes
            assertEquals(6, ch.size());
            assertEquals(6, ch.position());
            ch.truncate(2);
            assertEquals(2, ch.size());
            assertEquals(2, ch.position(), "the position moves back to the new size");
            assertEquals("he", content("r/f"));

            ch.position(100); // past the end: reads see the end, a write leaves a hole
            assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
            ch.write(ByteBuffer.wrap("Z".getBytes(UTF_8)));
            assertEquals(101, ch.size());

            ByteBuffer two = ByteBuffer.allocate(2);
            assertEquals(2, ch.read(two, 0)); // positional read leaves the position alone
            assertEquals("he", new String(two.array(), UTF_8));
            assertEquals(101, ch.position());
            assertEquals(1, ch.write(ByteBuffer.wrap("H".getBytes(UTF_8)), 0));
            assertEquals(101, ch.position());
            assertTrue(content("r/f").startsWith("He\0\0"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void largeTransfersWithHeapAndDirectBuffers(Backend backend) throws IOException {
        byte[] data = new byte[200_000 + 7]; // over three times the 64 KiB staging chunk, odd length
        new Random(42).nextBytes(data);
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            try (FileChannel ch = h.newChannel(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                // a heap buffer that does not start at its array's beginning
                ByteBuffer heap = ByteBuffer.wrap(data, 0, data.length / 2).slice();
                assertEquals(data.length / 2, ch.write(heap));
                assertFalse(heap.hasRemaining());
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length - data.length / 2);
                direct.put(data, data.length / 2, direct.capacity()).flip();
                assertEquals(direct.capacity(), ch.write(direct));
            }
            assertArrayEquals(data, Files.readAllBytes(tree.path("r/f")));

            try (FileChannel ch = h.newChannel(StandardOpenOption.READ)) {
                ByteBuffer heap = ByteBuffer.allocate(data.length);
                while (heap.hasRemaining() && ch.read(heap) > 0) {
                    // a heap read moves at most one staging chunk per call
                }
                assertArrayEquals(data, heap.array());
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
                while (direct.hasRemaining() && ch.read(direct, direct.position()) > 0) {
                    // positional reads into a direct buffer
                }
                byte[] back = new byte[data.length];
                direct.flip().get(back);
                assertArrayEquals(data, back);
            }
            try (InputStream in = h.newInputStream()) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void listReportsNamesAndTypesWithoutFollowing(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("dir")) {
            Map<String, FileType> seen = new TreeMap<>();
            for (DirectoryEntry e : h.list()) {
                seen.put(e.name(), e.type());
                assertEquals(Files.getAttribute(tree.path("r/dir/" + e.name()), "unix:ino", LinkOption.NOFOLLOW_LINKS),
                        e.inode(), e.name());
            }
            assertEquals(Map.of(
                    "inner", FileType.REGULAR_FILE,
                    "sub", FileType.DIRECTORY,
                    "link", FileType.SYMLINK,
                    "fifo", FileType.FIFO,
                    "sock", FileType.SOCKET), seen);
        }
        try (Root root = open(backend); Handle sub = root.resolve("dir/sub"); Handle f = root.resolve("f")) {
            assertTrue(sub.list().isEmpty());
            NotDirectoryException e = assertThrows(NotDirectoryException.class, f::list);
            assertEquals("ENOTDIR", ((PathError) e).errno().name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void attributesMatchWhatJavaNioSees(Backend backend) throws IOException {
        Path f = tree.path("r/f");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            FileAttributes a = h.attributes();
            PosixFileAttributes nio = Files.readAttributes(f, PosixFileAttributes.class);
            assertEquals(nio.permissions(), a.permissions());
            assertEquals(0640, a.permissionBits());
            assertEquals(5, a.size());
            assertEquals(FileType.REGULAR_FILE, a.type());
            assertEquals(FileType.REGULAR_FILE, h.type());
            assertEquals(Files.getAttribute(f, "unix:ino"), a.inode());
            assertEquals(Files.getAttribute(f, "unix:dev"), a.device());
            assertEquals(Files.getAttribute(f, "unix:nlink"), a.linkCount());
            assertEquals(Files.getAttribute(f, "unix:uid"), a.uid());
            assertEquals(nio.lastModifiedTime(), a.lastModifiedTime());
            assertEquals(nio.size(), a.size());
            try (Handle again = root.resolve("/f")) {
                assertEquals(a.fileKey(), again.attributes().fileKey());
                assertTrue(a.sameFile(again.attributes()));
            }
        }
        try (Root root = open(backend);
             Handle link = root.resolve("dir/link", ResolveOptions.DEFAULT.withNoFollow(true));
             Handle fifo = root.resolve("fifo");
             Handle sock = root.resolve("dir/sock");
             Handle dir = root.resolve("dir")) {
            assertEquals(FileType.SYMLINK, link.attributes().type());
            assertTrue(link.attributes().isSymbolicLink());
            assertEquals(Files.getAttribute(tree.path("r/dir/link"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
                    link.attributes().inode());
            assertEquals(FileType.FIFO, fifo.type());
            assertTrue(fifo.attributes().isOther());
            assertEquals(FileType.SOCKET, sock.type());
            assertTrue(dir.attributes().isDirectory());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void realPathNamesTheObjectWhereItIsNow(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("dir/link")) {
            assertEquals(tree.path("r/dir/inner").toRealPath().toString(), h.realPath());
            Files.move(tree.path("r/dir/inner"), tree.path("r/moved"));
            assertEquals(tree.path("r/moved").toRealPath().toString(), h.realPath());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aSymlinkHandleCannotBeOpenedForIo(Backend backend) throws IOException {
        try (Root root = open(backend);
             Handle link = root.resolve("dir/link", ResolveOptions.DEFAULT.withNoFollow(true))) {
            FileSystemLoopException e = assertThrows(FileSystemLoopException.class, link::newInputStream);
            assertEquals("ELOOP", ((PathError) e).errno().name());
            assertEquals("dir/link", ((PathError) e).path());
            assertThrows(FileSystemLoopException.class, () -> link.newChannel(StandardOpenOption.WRITE));
        }
        assertEquals("x", content("r/dir/inner"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void createNewFailsBecauseTheObjectExists(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> h.newChannel(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
            assertEquals("EEXIST", ((PathError) e).errno().name());
            // CREATE is accepted and changes nothing
            try (FileChannel ch = h.newChannel(StandardOpenOption.READ, StandardOpenOption.CREATE)) {
                assertEquals(5, ch.size());
            }
        }
        assertEquals("hello", content("r/f"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aHandleFollowsItsObjectWhenThePathIsRenamedAwayAndReplaced(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            long inode = h.attributes().inode();
            // moved out of the root altogether, and the name reused for a new file
            Files.move(tree.path("r/f"), tree.path("elsewhere"));
            tree.file("r/f", "replacement");
            try (InputStream in = h.newInputStream()) {
                assertEquals("hello", new String(in.readAllBytes(), UTF_8));
            }
            try (OutputStream out = h.newOutputStream()) {
                out.write("changed".getBytes(UTF_8));
            }
            assertEquals("changed", content("elsewhere"));
            assertEquals("replacement", content("r/f"));
            assertEquals(inode, h.attributes().inode());
            try (Handle fresh = root.resolve("f")) {
                assertNotEquals(inode, fresh.attributes().inode());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aHandleOutlivesItsRoot(Backend backend) throws IOException {
        Handle h;
        try (Root root = open(backend)) {
            h = root.resolve("f");
        }
        try (h; InputStream in = h.newInputStream()) {
            assertEquals("hello", new String(in.readAllBytes(), UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aFifoOpenedForReadAndWriteDoesNotBlock(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("fifo");
             FileChannel ch = h.newChannel(StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("ping".getBytes(UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(4);
            assertEquals(4, ch.read(buf));
            assertEquals("ping", new String(buf.array(), UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void aDirectoryCannotBeOpenedForWriting(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("dir")) {
            IOException e = assertThrows(IOException.class, () -> h.newChannel(StandardOpenOption.WRITE));
            assertInstanceOf(PathError.class, e);
            assertEquals("EISDIR", ((PathError) e).errno().name());
            assertEquals("dir", ((PathError) e).path());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void closedChannelsAndWholeFileLocks(Backend backend) throws IOException {
        try (Root root = open(backend); Handle h = root.resolve("f")) {
            FileChannel ch = h.newChannel(StandardOpenOption.READ, StandardOpenOption.WRITE);
            try (ch) {
                FileLock lock = ch.lock();
                assertTrue(lock.isValid());
                assertThrows(OverlappingFileLockException.class, ch::tryLock);
                lock.release();
                assertFalse(lock.isValid());
                try (FileLock shared = ch.tryLock(0, Long.MAX_VALUE, true)) {
                    assertTrue(shared.isShared());
                }
                assertThrows(UnsupportedOperationException.class, () -> ch.lock(0, 1, false));
            }
            assertFalse(ch.isOpen());
            assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
            assertThrows(ClosedChannelException.class, ch::size);
        }
    }
}
