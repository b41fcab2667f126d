package dev.beneath.internal.sys;

/**
 * Linux constants, for the {@link Architecture}s they were checked on. Loading this class on
 * any other architecture fails: the flags that differ between architectures are never guessed.
 */
public final class Linux {
    private static final Architecture ARCH = Architecture.required();

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_ACCMODE = 03;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int O_DIRECTORY = ARCH.oDirectory();
    public static final int O_NOFOLLOW = ARCH.oNofollow();
    public static final int O_CLOEXEC = 02000000;
    public static final int O_SYNC = 04000000 | O_DSYNC;
    public static final int O_PATH = 010000000;
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;

    /*
     * System call numbers that libc may not wrap. Every one is from the unified table
     * (424 onwards) that x86_64 and aarch64 share.
     */
    public static final long SYS_OPEN_TREE = 428;
    public static final long SYS_MOVE_MOUNT = 429;
    public static final long SYS_FSOPEN = 430;
    public static final long SYS_FSCONFIG = 431;
    public static final long SYS_FSMOUNT = 432;
    public static final long SYS_OPENAT2 = 437;
    public static final long SYS_MOUNT_SETATTR = 442;
    public static final long SYS_FCHMODAT2 = 452;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_RECURSIVE = 0x8000;

    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int STATX_TYPE = 0x1;
    public static final int STATX_MODE = 0x2;
    public static final int STATX_NLINK = 0x4;
    public static final int STATX_INO = 0x100;
    public static final int STATX_SIZE = 0x200;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_BTIME = 0x800;
    public static final int STATX_MNT_ID = 0x1000;
    /** The mount's 64-bit id, never reused while the system runs (Linux 6.8 and later). */
    public static final int STATX_MNT_ID_UNIQUE = 0x4000;
    public static final long STATX_ATTR_MOUNT_ROOT = 0x2000;

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 060000;
    public static final int S_IFDIR = 040000;
    public static final int S_IFCHR = 020000;
    public static final int S_IFIFO = 010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    public static final long PROC_SUPER_MAGIC = 0x9fa0;
    public static final long SYSFS_MAGIC = 0x62656572;
    /** {@code statfs} {@code f_flags}: the mount's read-only, nosuid and nodev attributes. */
    public static final long ST_RDONLY = 1;
    public static final long ST_NOSUID = 2;
    public static final long ST_NODEV = 4;
    /**
     * procfs numbers its registered entries ({@code /proc/self}, {@code /proc/thread-self} and
     * every {@code proc_symlink}, such as {@code /proc/mounts}) from here up; the per-process
     * entries, among them every magic link, get numbers from the general counter below it.
     */
    public static final long PROC_DYNAMIC_FIRST = 0xF0000000L;
    public static final long PROC_ROOT_INO = 1;

    public static final int OPEN_TREE_CLONE = 1;
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    public static final int MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    public static final int FSOPEN_CLOEXEC = 1;
    public static final int FSCONFIG_SET_STRING = 1;
    public static final int FSCONFIG_CMD_CREATE = 6;
    public static final int FSMOUNT_CLOEXEC = 1;
    public static final long MOUNT_ATTR_RDONLY = 0x1;
    public static final long MOUNT_ATTR_NOSUID = 0x2;
    public static final long MOUNT_ATTR_NODEV = 0x4;
    public static final long MOUNT_ATTR_NOEXEC = 0x8;

    public static final int MNT_DETACH = 2;
    public static final int UMOUNT_NOFOLLOW = 8;
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETOWN = 8;
    public static final int F_SETLEASE = 1024;
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;
    /** The kernel's limit on symbolic links followed during one lookup. */
    public static final int MAXSYMLINKS = 40;

    private Linux() {
    }
}
