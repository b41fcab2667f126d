package dev.beneath.internal.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.StructLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The C structures' layouts against the kernel ABI (x86_64 and aarch64 agree): the sizes the
 * kernel checks ({@code OPEN_HOW_SIZE_VER0}, {@code MOUNT_ATTR_SIZE_VER0}, {@code sizeof(struct
 * statx)}) and the offsets of linux/stat.h, linux/openat2.h, linux/mount.h and glibc's statfs.
 */
class StructsTest {

    private static long offset(StructLayout layout, String... path) {
        return switch (path.length) {
            case 1 -> layout.byteOffset(groupElement(path[0]));
            default -> layout.byteOffset(groupElement(path[0]), groupElement(path[1]));
        };
    }

    /** The per-mount options (mountinfo's sixth field) of the topmost mount at {@code point}. */
    private static List<String> mountOptions(String point) throws IOException {
        List<String> options = List.of();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals(point)) {
                options = List.of(f[5].split(","));
            }
        }
        return options;
    }

    @Test
    void statxIsTheKernelsStruct() {
        assertEquals(256, Statx.LAYOUT.byteSize());
        assertEquals(0, offset(Statx.LAYOUT, "stx_mask"));
        assertEquals(8, offset(Statx.LAYOUT, "stx_attributes"));
        assertEquals(28, offset(Statx.LAYOUT, "stx_mode"));
        assertEquals(32, offset(Statx.LAYOUT, "stx_ino"));
        assertEquals(40, offset(Statx.LAYOUT, "stx_size"));
        assertEquals(56, offset(Statx.LAYOUT, "stx_attributes_mask"));
        assertEquals(64, offset(Statx.LAYOUT, "stx_atime", "tv_sec"));
        assertEquals(72, offset(Statx.LAYOUT, "stx_atime", "tv_nsec"));
        assertEquals(80, offset(Statx.LAYOUT, "stx_btime"));
        assertEquals(96, offset(Statx.LAYOUT, "stx_ctime"));
        assertEquals(112, offset(Statx.LAYOUT, "stx_mtime"));
        assertEquals(128, offset(Statx.LAYOUT, "stx_rdev_major"));
        assertEquals(136, offset(Statx.LAYOUT, "stx_dev_major"));
        assertEquals(144, offset(Statx.LAYOUT, "stx_mnt_id"));
        assertEquals(160, offset(Statx.LAYOUT, "stx_subvol"));
    }

    @Test
    void openHowAndMountAttrAreTheirFirstVersions() {
        assertEquals(24, Structs.OPEN_HOW.byteSize());
        assertEquals(16, offset(Structs.OPEN_HOW, "resolve"));
        assertEquals(32, Structs.MOUNT_ATTR.byteSize());
        assertEquals(8, offset(Structs.MOUNT_ATTR, "attr_clr"));
        assertEquals(24, offset(Structs.MOUNT_ATTR, "userns_fd"));
    }

    @Test
    void theOtherStructsAreLp64s() {
        assertEquals(120, Structs.STATFS.byteSize());
        assertEquals(72, offset(Structs.STATFS, "f_frsize"));
        assertEquals(80, offset(Structs.STATFS, "f_flags"));
        assertEquals(16, Structs.TIMESPEC.byteSize());
        assertEquals(8, Structs.POLLFD.byteSize());
        assertEquals(19, Structs.DIRENT64_NAME);
        assertEquals(48, Structs.PASSWD.byteSize());
        assertEquals(16, offset(Structs.PASSWD, "pw_uid"));
        assertEquals(32, Structs.GROUP.byteSize());
        assertEquals(16, offset(Structs.GROUP, "gr_gid"));
        assertEquals(6 * 65, Structs.UTSNAME.byteSize());
        assertEquals(2 * 65, Structs.UTSNAME_RELEASE);
    }

    @Test
    void theDecodedFieldsAreTheOnesTheKernelFilled() throws Exception {
        byte[] root = "/".getBytes(StandardCharsets.UTF_8);
        Statx st = Sys.statx(Linux.AT_FDCWD, root, 0, Linux.STATX_BASIC_STATS | Linux.STATX_MNT_ID);
        assertTrue(st.isDirectory());
        assertEquals(0, st.uid());
        assertTrue(st.nlink() >= 2);
        int fd = Sys.openat(Linux.AT_FDCWD, root, Linux.O_PATH | Linux.O_CLOEXEC, 0);
        try {
            assertTrue(st.sameInode(Sys.fstatx(fd, Linux.STATX_INO)));
            Sys.StatFs fs = Sys.fstatfs(fd);
            assertEquals(Sys.fstatfsType(fd), fs.type());
            assertEquals(Sys.fstatfsFlags(fd), fs.flags());
            assertEquals((fs.flags() & Linux.ST_RDONLY) != 0, fs.readOnly());
            assertTrue(fs.blockSize() > 0 && fs.fragmentSize() > 0);
        } finally {
            Sys.close(fd);
        }
        int proc = Sys.openat(Linux.AT_FDCWD, "/proc".getBytes(StandardCharsets.UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            Sys.StatFs fs = Sys.fstatfs(proc);
            assertEquals(Linux.PROC_SUPER_MAGIC, fs.type());
            List<String> options = mountOptions("/proc");
            assertEquals(options.contains("ro"), fs.readOnly(), options::toString);
            assertEquals(options.contains("nosuid"), (fs.flags() & Linux.ST_NOSUID) != 0, options::toString);
            assertEquals(options.contains("nodev"), (fs.flags() & Linux.ST_NODEV) != 0, options::toString);
        } finally {
            Sys.close(proc);
        }
    }
}
