package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Names that are not UTF-8 are listed, resolved, renamed and removed byte for byte, on both
 * backends; strings that are not the canonical form of any name are refused and create nothing.
 */
class ByteNamesTest {
    /** "caf" + 0xE9 (Latin-1 é), an invalid byte in the middle, and a lone continuation byte. */
    private static final byte[] LATIN1 = {'c', 'a', 'f', (byte) 0xE9};
    private static final byte[] MIXED = {'x', (byte) 0xFF, 'y', (byte) 0xC3, (byte) 0xA9, (byte) 0x80};

    @TempDir
    Path base;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private byte[] at(String relative) {
        return base.resolve(relative).toString().getBytes(StandardCharsets.UTF_8);
    }

    private boolean exists(byte[] parent, byte[] name) {
        try {
            Sys.statx(Linux.AT_FDCWD, concat(concat(parent, new byte[] {'/'}), name), Linux.AT_SYMLINK_NOFOLLOW,
                    Linux.STATX_TYPE);
            return true;
        } catch (SyscallException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void listResolveRenameRemoveByteExact(Backend backend) throws Exception {
        Sys.mkdirat(Linux.AT_FDCWD, at("root"), 0755);
        byte[] rootBytes = at("root");
        Sys.mkdirat(Linux.AT_FDCWD, concat(rootBytes, concat(new byte[] {'/'}, LATIN1)), 0755);
        Sys.close(Sys.openat(Linux.AT_FDCWD, concat(rootBytes, concat(new byte[] {'/'}, MIXED)),
                Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY | Linux.O_CLOEXEC, 0644));
        try (Root root = Root.open(base.resolve("root"), backend)) {
            List<DirectoryEntry> entries;
            try (Handle dir = root.resolve(".")) {
                entries = dir.list();
            }
            assertEquals(2, entries.size());
            DirectoryEntry dir = entries.stream().filter(e -> e.type() == FileType.DIRECTORY).findFirst().orElseThrow();
            DirectoryEntry file = entries.stream().filter(e -> e.type() == FileType.REGULAR_FILE).findFirst()
                    .orElseThrow();
            assertEquals("caf\uDCE9", dir.name());
            assertArrayEquals(LATIN1, dir.nameBytes());
            assertEquals("x\uDCFFy\u00E9\uDC80", file.name());
            assertArrayEquals(MIXED, file.nameBytes());
            dir.nameBytes()[0] = 'Z'; // a defensive copy
            assertArrayEquals(LATIN1, dir.nameBytes());
            assertEquals(PathNames.decode(LATIN1), dir.name());

            // the listed names reach the very entries again
            try (Handle h = root.resolve(dir.name() + "/../" + file.name())) {
                assertEquals(FileType.REGULAR_FILE, h.type());
                assertEquals(file.inode(), h.attributes().inode());
                assertTrue(h.realPath().endsWith(file.name()), h.realPath());
            }
            root.createSymbolicLink(dir.name() + "/link", "../" + file.name());
            assertEquals("../" + file.name(), root.readSymbolicLink(dir.name() + "/link"));
            byte[] target = Sys.readlinkat(Linux.AT_FDCWD, concat(rootBytes, concat(new byte[] {'/'},
                    concat(LATIN1, "/link".getBytes(StandardCharsets.UTF_8)))));
            assertArrayEquals(concat("../".getBytes(StandardCharsets.UTF_8), MIXED), target);
            try (Handle viaLink = root.resolve(dir.name() + "/link")) {
                assertEquals(file.inode(), viaLink.attributes().inode());
            }
            String renamed = dir.name() + "/\uDCFE";
            root.rename(file.name(), renamed);
            assertFalse(exists(rootBytes, MIXED));
            assertTrue(exists(concat(rootBytes, concat(new byte[] {'/'}, LATIN1)), new byte[] {(byte) 0xFE}));
            root.removeFile(renamed);
            root.removeFile(dir.name() + "/link");
            root.removeDir(dir.name());
            assertFalse(exists(rootBytes, LATIN1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void nonCanonicalStringsAreRefusedAndCreateNothing(Backend backend) throws IOException {
        Sys.close(openRoot());
        try (Root root = Root.open(base.resolve("root"), backend)) {
            for (String bad : List.of("name\uD800", "name\uDBFF", "a\uDC00", "\uDC7F", "x\uDFFF/y",
                    "\uDCC3\uDCA9", "pre\uDCE2\uDC82\uDCAC", "\uDCF0\uDC90\uDC80\uDC80")) {
                IOException e = assertThrows(IOException.class, () -> root.createFile(bad, 0644), bad);
                assertSame(Errno.EINVAL, ((PathError) e).errno(), bad);
                assertSame(Errno.EINVAL, ((PathError) assertThrows(IOException.class,
                        () -> root.mkdir(bad, 0755))).errno());
                assertSame(Errno.EINVAL, ((PathError) assertThrows(IOException.class,
                        () -> root.createSymbolicLink("l", bad))).errno());
                assertSame(Errno.EINVAL, ((PathError) assertThrows(IOException.class,
                        () -> root.resolve(bad))).errno());
                assertThrows(IllegalArgumentException.class, () -> PathNames.encode(bad));
            }
            try (Handle dir = root.resolve(".")) {
                assertEquals(List.of(), dir.list(), "nothing was created");
            }
            // a valid pair and a canonical escape are names like any other
            root.createFile("\uD83D\uDE00\uDCC3", 0644).close();
            try (Handle dir = root.resolve(".")) {
                assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xC3},
                        dir.list().getFirst().nameBytes());
            }
        }
    }

    private int openRoot() throws IOException {
        try {
            Sys.mkdirat(Linux.AT_FDCWD, at("root"), 0755);
            return Sys.openat(Linux.AT_FDCWD, at("root"), Linux.O_PATH | Linux.O_CLOEXEC, 0);
        } catch (SyscallException e) {
            throw new IOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void directoryEntriesCheckTheirNames(Backend backend) {
        assertThrows(IllegalArgumentException.class, () -> new DirectoryEntry("a\uD800", 1, FileType.DIRECTORY));
        assertArrayEquals(new byte[] {'o', 'k', (byte) 0x80},
                new DirectoryEntry("ok\uDC80", 1, FileType.REGULAR_FILE).nameBytes());
    }
}
