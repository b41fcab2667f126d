package dev.beneath.internal.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The C structures {@link Sys} passes to and reads from the kernel and glibc, as
 * {@link StructLayout}s with the C field names, and a {@link VarHandle} for each field it
 * uses. x86_64 and aarch64 (LP64) lay every one of them out the same way; {@code StructsTest}
 * holds each size and the offsets that matter to the kernel's ABI. {@code struct statx} is in
 * {@link Statx}, next to the fields it fills.
 */
final class Structs {
    /** {@code struct open_how} (linux/openat2.h): {@code OPEN_HOW_SIZE_VER0}, 24 bytes. */
    static final StructLayout OPEN_HOW = struct(JAVA_LONG, "flags", "mode", "resolve");
    static final VarHandle OPEN_HOW_FLAGS = field(OPEN_HOW, "flags");
    static final VarHandle OPEN_HOW_MODE = field(OPEN_HOW, "mode");
    static final VarHandle OPEN_HOW_RESOLVE = field(OPEN_HOW, "resolve");

    /** {@code struct mount_attr} (linux/mount.h): {@code MOUNT_ATTR_SIZE_VER0}, 32 bytes. */
    static final StructLayout MOUNT_ATTR = struct(JAVA_LONG, "attr_set", "attr_clr", "propagation", "userns_fd");
    static final VarHandle MOUNT_ATTR_SET = field(MOUNT_ATTR, "attr_set");
    static final VarHandle MOUNT_ATTR_CLR = field(MOUNT_ATTR, "attr_clr");

    /** {@code struct statfs} (glibc bits/statfs.h on LP64; asm-generic/statfs.h): 120 bytes. */
    static final StructLayout STATFS = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_flags"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("f_spare"));
    static final VarHandle STATFS_TYPE = field(STATFS, "f_type");
    static final VarHandle STATFS_BSIZE = field(STATFS, "f_bsize");
    static final VarHandle STATFS_BLOCKS = field(STATFS, "f_blocks");
    static final VarHandle STATFS_BFREE = field(STATFS, "f_bfree");
    static final VarHandle STATFS_BAVAIL = field(STATFS, "f_bavail");
    static final VarHandle STATFS_FRSIZE = field(STATFS, "f_frsize");
    static final VarHandle STATFS_FLAGS = field(STATFS, "f_flags");

    /** {@code struct timespec} (LP64): seconds and nanoseconds, 16 bytes. */
    static final StructLayout TIMESPEC = struct(JAVA_LONG, "tv_sec", "tv_nsec");
    static final VarHandle TIMESPEC_SEC = field(TIMESPEC, "tv_sec");
    static final VarHandle TIMESPEC_NSEC = field(TIMESPEC, "tv_nsec");

    /** {@code struct pollfd} (poll.h): 8 bytes. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));
    static final VarHandle POLLFD_FD = field(POLLFD, "fd");
    static final VarHandle POLLFD_EVENTS = field(POLLFD, "events");
    static final VarHandle POLLFD_REVENTS = field(POLLFD, "revents");

    /**
     * The fixed head of {@code struct linux_dirent64} (linux/dirent.h); {@code d_name} follows
     * at {@code DIRENT64_NAME}, NUL-terminated, and {@code d_reclen} covers head, name and padding.
     */
    static final StructLayout DIRENT64 = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),
            JAVA_LONG.withName("d_off"),
            JAVA_SHORT.withName("d_reclen"),
            JAVA_BYTE.withName("d_type"));
    static final VarHandle DIRENT64_INO = field(DIRENT64, "d_ino");
    static final VarHandle DIRENT64_RECLEN = field(DIRENT64, "d_reclen");
    static final VarHandle DIRENT64_TYPE = field(DIRENT64, "d_type");
    static final long DIRENT64_NAME = DIRENT64.byteSize();

    /** {@code struct passwd} (glibc pwd.h, LP64): 48 bytes. */
    static final StructLayout PASSWD = MemoryLayout.structLayout(
            ADDRESS.withName("pw_name"),
            ADDRESS.withName("pw_passwd"),
            JAVA_INT.withName("pw_uid"),
            JAVA_INT.withName("pw_gid"),
            ADDRESS.withName("pw_gecos"),
            ADDRESS.withName("pw_dir"),
            ADDRESS.withName("pw_shell"));
    static final VarHandle PASSWD_NAME = field(PASSWD, "pw_name");
    static final VarHandle PASSWD_UID = field(PASSWD, "pw_uid");

    /** {@code struct group} (glibc grp.h, LP64): 32 bytes. */
    static final StructLayout GROUP = MemoryLayout.structLayout(
            ADDRESS.withName("gr_name"),
            ADDRESS.withName("gr_passwd"),
            JAVA_INT.withName("gr_gid"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("gr_mem"));
    static final VarHandle GROUP_NAME = field(GROUP, "gr_name");
    static final VarHandle GROUP_GID = field(GROUP, "gr_gid");

    /** {@code struct utsname} (sys/utsname.h): six fields of {@code _UTSNAME_LENGTH} (65) characters. */
    static final StructLayout UTSNAME = struct(MemoryLayout.sequenceLayout(65, JAVA_BYTE),
            "sysname", "nodename", "release", "version", "machine", "domainname");
    static final long UTSNAME_RELEASE = UTSNAME.byteOffset(groupElement("release"));

    private Structs() {
    }

    /** A struct of fields of one layout, with these names, in this order. */
    private static StructLayout struct(MemoryLayout each, String... names) {
        MemoryLayout[] fields = new MemoryLayout[names.length];
        for (int i = 0; i < names.length; i++) {
            fields[i] = each.withName(names[i]);
        }
        return MemoryLayout.structLayout(fields);
    }

    /** The handle of one top-level field, with the (segment, base offset) coordinates. */
    static VarHandle field(StructLayout struct, String name) {
        return struct.varHandle(groupElement(name));
    }
}
