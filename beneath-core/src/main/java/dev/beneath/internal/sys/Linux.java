package dev.beneath.internal.sys;

/**
 * Every Linux constant the project passes to or reads from the kernel, with the values of the
 * kernel's UAPI headers ({@code include/uapi/linux/*.h}, {@code include/uapi/asm-generic/*.h})
 * and of glibc where the name is glibc's. x86_64 and aarch64 share every value here except
 * the open flags {@code O_DIRECTORY} and {@code O_NOFOLLOW} and the system call numbers below
 * 424, which come from the {@link Architecture} ({@code arch/x86/include/uapi/asm} has its own {@code fcntl.h}; arm64
 * has its own too). Loading this class on any other architecture fails: no value is guessed.
 */
public final class Linux {
    private static final Architecture ARCH = Architecture.required();

    // ---- open(2) flags: asm-generic/fcntl.h, arch/*/include/uapi/asm/fcntl.h ----------

    /** {@code O_RDONLY}: open for reading only. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}: open for writing only. */
    public static final int O_WRONLY = 01;
    /** {@code O_RDWR}: open for reading and writing. */
    public static final int O_RDWR = 02;
    /** {@code O_ACCMODE}: the access mode bits of the flags. */
    public static final int O_ACCMODE = 03;
    /** {@code O_CREAT}: create the file if it does not exist. */
    public static final int O_CREAT = 0100;
    /** {@code O_EXCL}: with {@code O_CREAT}, fail with {@code EEXIST} if the name exists. */
    public static final int O_EXCL = 0200;
    /** {@code O_NOCTTY}: a terminal opened does not become the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** {@code O_TRUNC}: truncate a regular file opened for writing. */
    public static final int O_TRUNC = 01000;
    /** {@code O_APPEND}: every write goes to the end of the file. */
    public static final int O_APPEND = 02000;
    /** {@code O_NONBLOCK}: the open and later I/O do not block. */
    public static final int O_NONBLOCK = 04000;
    /** {@code O_DSYNC}: writes wait for the data to reach the device. */
    public static final int O_DSYNC = 010000;
    /** {@code O_DIRECTORY}: fail with {@code ENOTDIR} unless the object is a directory (per architecture). */
    public static final int O_DIRECTORY = ARCH.oDirectory();
    /** {@code O_NOFOLLOW}: fail with {@code ELOOP} if the last component is a symbolic link (per architecture). */
    public static final int O_NOFOLLOW = ARCH.oNofollow();
    /** {@code O_CLOEXEC}: the descriptor is closed on {@code execve}. */
    public static final int O_CLOEXEC = 02000000;
    /** {@code O_SYNC} ({@code __O_SYNC | O_DSYNC}): writes wait for data and metadata. */
    public static final int O_SYNC = 04000000 | O_DSYNC;
    /** {@code O_PATH}: a descriptor that only names the object, for {@code *at} calls and {@code fstat}. */
    public static final int O_PATH = 010000000;
    /** {@code O_TMPFILE} ({@code __O_TMPFILE | O_DIRECTORY}): an unnamed file in the directory. */
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;

    // ---- system call numbers of the lookup path: arch/x86/entry/syscalls/syscall_64.tbl,
    // ---- include/uapi/asm-generic/unistd.h (aarch64), per architecture --------------------

    /** {@code __NR_openat} (per architecture). */
    public static final long SYS_OPENAT = ARCH.numbers().openat();
    /** {@code __NR_close} (per architecture). */
    public static final long SYS_CLOSE = ARCH.numbers().close();
    /** {@code __NR_fcntl} (per architecture). */
    public static final long SYS_FCNTL = ARCH.numbers().fcntl();
    /** {@code __NR_readlinkat} (per architecture). */
    public static final long SYS_READLINKAT = ARCH.numbers().readlinkat();
    /** {@code __NR_statx} (per architecture). */
    public static final long SYS_STATX = ARCH.numbers().statx();
    /** {@code __NR_fstatfs} (per architecture). */
    public static final long SYS_FSTATFS = ARCH.numbers().fstatfs();

    // ---- system call numbers: the unified table (424 onwards) x86_64 and aarch64 share --

    /** {@code __NR_open_tree}. */
    public static final long SYS_OPEN_TREE = 428;
    /** {@code __NR_move_mount}. */
    public static final long SYS_MOVE_MOUNT = 429;
    /** {@code __NR_fsopen}. */
    public static final long SYS_FSOPEN = 430;
    /** {@code __NR_fsconfig}. */
    public static final long SYS_FSCONFIG = 431;
    /** {@code __NR_fsmount}. */
    public static final long SYS_FSMOUNT = 432;
    /** {@code __NR_openat2}. */
    public static final long SYS_OPENAT2 = 437;
    /** {@code __NR_mount_setattr}. */
    public static final long SYS_MOUNT_SETATTR = 442;
    /** {@code __NR_fchmodat2}. */
    public static final long SYS_FCHMODAT2 = 452;

    // ---- *at(2) flags: linux/fcntl.h ----------------------------------------------------

    /** {@code AT_FDCWD}: the directory argument means the current working directory. */
    public static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}: do not follow a symbolic link in the last component. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code AT_REMOVEDIR}: {@code unlinkat} removes a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** {@code AT_SYMLINK_FOLLOW}: {@code linkat} follows a symbolic link in the old path. */
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    /** {@code AT_NO_AUTOMOUNT}: do not trigger an automount at the last component. */
    public static final int AT_NO_AUTOMOUNT = 0x800;
    /** {@code AT_EMPTY_PATH}: an empty path names the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;
    /** {@code AT_RECURSIVE}: apply to the whole mount tree ({@code open_tree}, {@code mount_setattr}). */
    public static final int AT_RECURSIVE = 0x8000;

    // ---- openat2(2) resolve flags: linux/openat2.h --------------------------------------

    /** {@code RESOLVE_NO_XDEV}: no mount point crossed. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** {@code RESOLVE_NO_MAGICLINKS}: no procfs magic link followed. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_NO_SYMLINKS}: no symbolic link followed. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** {@code RESOLVE_BENEATH}: fail with {@code EXDEV} on any step outside the directory. */
    public static final long RESOLVE_BENEATH = 0x08;
    /** {@code RESOLVE_IN_ROOT}: resolve as if the directory were the root ({@code chroot}-like). */
    public static final long RESOLVE_IN_ROOT = 0x10;

    // ---- statx(2): linux/stat.h ---------------------------------------------------------

    /** {@code STATX_TYPE}: want {@code stx_mode & S_IFMT}. */
    public static final int STATX_TYPE = 0x1;
    /** {@code STATX_MODE}: want {@code stx_mode & ~S_IFMT}. */
    public static final int STATX_MODE = 0x2;
    /** {@code STATX_NLINK}: want {@code stx_nlink}. */
    public static final int STATX_NLINK = 0x4;
    /** {@code STATX_INO}: want {@code stx_ino}. */
    public static final int STATX_INO = 0x100;
    /** {@code STATX_SIZE}: want {@code stx_size}. */
    public static final int STATX_SIZE = 0x200;
    /** {@code STATX_BASIC_STATS}: everything {@code stat(2)} reports. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code STATX_BTIME}: want {@code stx_btime}. */
    public static final int STATX_BTIME = 0x800;
    /** {@code STATX_MNT_ID}: want {@code stx_mnt_id} (Linux 5.8). */
    public static final int STATX_MNT_ID = 0x1000;
    /** The mount's 64-bit id, never reused while the system runs (Linux 6.8 and later). */
    public static final int STATX_MNT_ID_UNIQUE = 0x4000;
    /** {@code STATX_ATTR_MOUNT_ROOT}: in {@code stx_attributes}, the object is the root of a mount. */
    public static final long STATX_ATTR_MOUNT_ROOT = 0x2000;

    // ---- file types and mode bits: linux/stat.h -----------------------------------------

    /** {@code S_IFMT}: the file type bits of a mode. */
    public static final int S_IFMT = 0170000;
    /** {@code S_IFSOCK}: socket. */
    public static final int S_IFSOCK = 0140000;
    /** {@code S_IFLNK}: symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** {@code S_IFREG}: regular file. */
    public static final int S_IFREG = 0100000;
    /** {@code S_IFBLK}: block device. */
    public static final int S_IFBLK = 060000;
    /** {@code S_IFDIR}: directory. */
    public static final int S_IFDIR = 040000;
    /** {@code S_IFCHR}: character device. */
    public static final int S_IFCHR = 020000;
    /** {@code S_IFIFO}: FIFO. */
    public static final int S_IFIFO = 010000;
    /** {@code S_ISUID}: set-user-ID. */
    public static final int S_ISUID = 04000;
    /** {@code S_ISGID}: set-group-ID. */
    public static final int S_ISGID = 02000;
    /** {@code S_ISVTX}: sticky. */
    public static final int S_ISVTX = 01000;

    // ---- getdents64(2) d_type: glibc dirent.h (the kernel's fs_types.h FT_* << 0) -------

    /** {@code DT_UNKNOWN}: the file system does not say; ask {@code statx}. */
    public static final int DT_UNKNOWN = 0;
    /** {@code DT_DIR}: directory (its value is {@code S_IFDIR >> 12}, as for every {@code DT_*}). */
    public static final int DT_DIR = 4;

    // ---- renameat2(2): linux/fs.h -------------------------------------------------------

    /** {@code RENAME_NOREPLACE}: fail with {@code EEXIST} instead of replacing the new name. */
    public static final int RENAME_NOREPLACE = 1;
    /** {@code RENAME_EXCHANGE}: swap the two names atomically. */
    public static final int RENAME_EXCHANGE = 2;

    // ---- utimensat(2): linux/stat.h -----------------------------------------------------

    /** {@code UTIME_OMIT}: in a {@code tv_nsec}, leave that time unchanged. */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    // ---- statfs(2): linux/magic.h, linux/statfs.h ---------------------------------------

    /** {@code PROC_SUPER_MAGIC}: the {@code f_type} of procfs. */
    public static final long PROC_SUPER_MAGIC = 0x9fa0;
    /** {@code SYSFS_MAGIC}: the {@code f_type} of sysfs. */
    public static final long SYSFS_MAGIC = 0x62656572;
    /** {@code ST_RDONLY}: in {@code f_flags}, the mount is read-only. */
    public static final long ST_RDONLY = 1;
    /** {@code ST_NOSUID}: in {@code f_flags}, set-user/group-ID bits are ignored. */
    public static final long ST_NOSUID = 2;
    /** {@code ST_NODEV}: in {@code f_flags}, device files cannot be opened. */
    public static final long ST_NODEV = 4;
    /**
     * procfs numbers its registered entries ({@code /proc/self}, {@code /proc/thread-self} and
     * every {@code proc_symlink}, such as {@code /proc/mounts}) from here up; the per-process
     * entries, among them every magic link, get numbers from the general counter below it.
     */
    public static final long PROC_DYNAMIC_FIRST = 0xF0000000L;
    /** {@code PROC_ROOT_INO}: the inode number of procfs's root directory. */
    public static final long PROC_ROOT_INO = 1;

    // ---- the new mount API: linux/mount.h -----------------------------------------------

    /** {@code OPEN_TREE_CLONE}: {@code open_tree} returns a detached copy of the mount. */
    public static final int OPEN_TREE_CLONE = 1;
    /** {@code MOVE_MOUNT_F_EMPTY_PATH}: an empty from-path names the from-descriptor. */
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    /** {@code MOVE_MOUNT_T_EMPTY_PATH}: an empty to-path names the to-descriptor. */
    public static final int MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    /** {@code FSOPEN_CLOEXEC}: the file system context descriptor is close-on-exec. */
    public static final int FSOPEN_CLOEXEC = 1;
    /** {@code FSCONFIG_SET_STRING}: {@code fsconfig} sets a string option. */
    public static final int FSCONFIG_SET_STRING = 1;
    /** {@code FSCONFIG_CMD_CREATE}: {@code fsconfig} creates the superblock. */
    public static final int FSCONFIG_CMD_CREATE = 6;
    /** {@code FSMOUNT_CLOEXEC}: the mount descriptor is close-on-exec. */
    public static final int FSMOUNT_CLOEXEC = 1;
    /** {@code MOUNT_ATTR_RDONLY}: the mount is read-only. */
    public static final long MOUNT_ATTR_RDONLY = 0x1;
    /** {@code MOUNT_ATTR_NOSUID}: set-user/group-ID bits are ignored. */
    public static final long MOUNT_ATTR_NOSUID = 0x2;
    /** {@code MOUNT_ATTR_NODEV}: device files cannot be opened. */
    public static final long MOUNT_ATTR_NODEV = 0x4;
    /** {@code MOUNT_ATTR_NOEXEC}: programs cannot be executed. */
    public static final long MOUNT_ATTR_NOEXEC = 0x8;

    // ---- mount(2), umount2(2): linux/mount.h, sys/mount.h -------------------------------

    /** {@code MNT_DETACH}: lazy unmount. */
    public static final int MNT_DETACH = 2;
    /** {@code UMOUNT_NOFOLLOW}: do not follow a symbolic link in the target. */
    public static final int UMOUNT_NOFOLLOW = 8;
    /** {@code MS_RDONLY}: read-only. */
    public static final long MS_RDONLY = 1;
    /** {@code MS_NOSUID}: set-user/group-ID bits are ignored. */
    public static final long MS_NOSUID = 2;
    /** {@code MS_NODEV}: device files cannot be opened. */
    public static final long MS_NODEV = 4;
    /** {@code MS_REMOUNT}: change an existing mount's flags. */
    public static final long MS_REMOUNT = 32;
    /** {@code MS_BIND}: a bind mount. */
    public static final long MS_BIND = 4096;
    /** {@code MS_REC}: with {@code MS_BIND} or a propagation type, the whole subtree. */
    public static final long MS_REC = 16384;
    /** {@code MS_PRIVATE}: propagation type private. */
    public static final long MS_PRIVATE = 1 << 18;

    // ---- fcntl(2): asm-generic/fcntl.h, linux/fcntl.h -----------------------------------

    /** {@code F_GETFL}: the descriptor's status flags. */
    public static final int F_GETFL = 3;
    /** {@code F_SETFL}: set the descriptor's status flags. */
    public static final int F_SETFL = 4;
    /** {@code F_SETOWN}: the process that receives the descriptor's signals. */
    public static final int F_SETOWN = 8;
    /** {@code F_SETLEASE}: take or release a lease. */
    public static final int F_SETLEASE = 1024;
    /** {@code F_DUPFD_CLOEXEC}: a close-on-exec duplicate, at or above the argument. */
    public static final int F_DUPFD_CLOEXEC = 1030;
    /** {@code F_RDLCK}: a read lease or lock. */
    public static final int F_RDLCK = 0;
    /** {@code F_WRLCK}: a write lease or lock. */
    public static final int F_WRLCK = 1;
    /** {@code F_UNLCK}: no lease or lock. */
    public static final int F_UNLCK = 2;

    // ---- lseek(2), flock(2): linux/fs.h, asm-generic/fcntl.h ----------------------------

    /** {@code SEEK_SET}: the offset is absolute. */
    public static final int SEEK_SET = 0;
    /** {@code SEEK_CUR}: the offset is relative to the current position. */
    public static final int SEEK_CUR = 1;
    /** {@code SEEK_END}: the offset is relative to the end of the file. */
    public static final int SEEK_END = 2;
    /** {@code LOCK_SH}: a shared lock. */
    public static final int LOCK_SH = 1;
    /** {@code LOCK_EX}: an exclusive lock. */
    public static final int LOCK_EX = 2;
    /** {@code LOCK_NB}: fail with {@code EWOULDBLOCK} instead of waiting. */
    public static final int LOCK_NB = 4;
    /** {@code LOCK_UN}: release the lock. */
    public static final int LOCK_UN = 8;

    // ---- inotify(7), eventfd(2), poll(2): linux/inotify.h, linux/eventfd.h, poll.h ------

    /** {@code IN_NONBLOCK} ({@code O_NONBLOCK}): the inotify descriptor does not block. */
    public static final int IN_NONBLOCK = O_NONBLOCK;
    /** {@code IN_CLOEXEC} ({@code O_CLOEXEC}): the inotify descriptor is close-on-exec. */
    public static final int IN_CLOEXEC = O_CLOEXEC;
    /** {@code IN_MODIFY}: a file was written. */
    public static final int IN_MODIFY = 0x2;
    /** {@code IN_ATTRIB}: metadata changed. */
    public static final int IN_ATTRIB = 0x4;
    /** {@code IN_MOVED_FROM}: an entry was renamed away from the directory. */
    public static final int IN_MOVED_FROM = 0x40;
    /** {@code IN_MOVED_TO}: an entry was renamed into the directory. */
    public static final int IN_MOVED_TO = 0x80;
    /** {@code IN_CREATE}: an entry was created in the directory. */
    public static final int IN_CREATE = 0x100;
    /** {@code IN_DELETE}: an entry was deleted from the directory. */
    public static final int IN_DELETE = 0x200;
    /** {@code IN_Q_OVERFLOW}: events were lost. */
    public static final int IN_Q_OVERFLOW = 0x4000;
    /** {@code IN_IGNORED}: the watch was removed. */
    public static final int IN_IGNORED = 0x8000;
    /** {@code IN_ONLYDIR}: watch only if the path is a directory. */
    public static final int IN_ONLYDIR = 0x1000000;
    /** {@code IN_MASK_ADD}: add to an existing watch's mask instead of replacing it. */
    public static final int IN_MASK_ADD = 0x20000000;
    /** {@code EFD_NONBLOCK} ({@code O_NONBLOCK}): the eventfd does not block. */
    public static final int EFD_NONBLOCK = O_NONBLOCK;
    /** {@code EFD_CLOEXEC} ({@code O_CLOEXEC}): the eventfd is close-on-exec. */
    public static final int EFD_CLOEXEC = O_CLOEXEC;
    /** {@code POLLIN}: there is data to read. */
    public static final short POLLIN = 1;

    // ---- limits: linux/limits.h ---------------------------------------------------------

    /** {@code PATH_MAX}: the longest path, its NUL included, a system call takes. */
    public static final int PATH_MAX = 4096;
    /** {@code NAME_MAX}: the longest file name. */
    public static final int NAME_MAX = 255;
    /** The kernel's limit on symbolic links followed during one lookup. */
    public static final int MAXSYMLINKS = 40;

    private Linux() {
    }
}
