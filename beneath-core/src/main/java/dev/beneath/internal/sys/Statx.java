package dev.beneath.internal.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * What {@code statx(2)} reported for one object. {@code dev} and {@code rdev} are encoded as
 * glibc's {@code makedev} does, so they compare equal to {@code st_dev} values.
 *
 * <p>A field the kernel was not asked for (or could not give) holds what the buffer held:
 * check {@link #mask()} before trusting one outside {@link Linux#STATX_BASIC_STATS}. To read
 * one more field, add a component here and one line to {@link #read(MemorySegment)}.
 *
 * @param mask the {@code STATX_*} bits the kernel filled ({@code stx_mask})
 * @param attributes the {@code STATX_ATTR_*} flags ({@code stx_attributes})
 * @param attributesMask which {@code STATX_ATTR_*} flags the file system supports
 * @param nlink the number of hard links
 * @param uid the owner
 * @param gid the group
 * @param mode the file type and mode bits ({@code stx_mode}, unsigned)
 * @param ino the inode number
 * @param size the size in bytes
 * @param blocks the 512-byte blocks allocated
 * @param atimeSeconds the last access, seconds
 * @param atimeNanos the last access, nanoseconds
 * @param mtimeSeconds the last modification, seconds
 * @param mtimeNanos the last modification, nanoseconds
 * @param ctimeSeconds the last status change, seconds
 * @param ctimeNanos the last status change, nanoseconds
 * @param btimeSeconds the creation, seconds
 * @param btimeNanos the creation, nanoseconds
 * @param dev the device the object lives on, as {@code makedev(major, minor)}
 * @param rdev the device a device file stands for, as {@code makedev(major, minor)}
 * @param mountId the mount the object lives on ({@code stx_mnt_id}, with {@link Linux#STATX_MNT_ID})
 */
public record Statx(
        int mask,
        long attributes,
        long attributesMask,
        int nlink,
        int uid,
        int gid,
        int mode,
        long ino,
        long size,
        long blocks,
        long atimeSeconds,
        int atimeNanos,
        long mtimeSeconds,
        int mtimeNanos,
        long ctimeSeconds,
        int ctimeNanos,
        long btimeSeconds,
        int btimeNanos,
        long dev,
        long rdev,
        long mountId) {

    /** {@code struct statx_timestamp}: 16 bytes. */
    private static final StructLayout TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            JAVA_INT.withName("__reserved"));

    /**
     * {@code struct statx} (linux/stat.h), 256 bytes: the named fields up to Linux 6.10's, then
     * the room the kernel keeps for later ones, which it fills only when a mask bit asks.
     */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            JAVA_SHORT.withName("__spare0"),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            TIMESTAMP.withName("stx_atime"),
            TIMESTAMP.withName("stx_btime"),
            TIMESTAMP.withName("stx_ctime"),
            TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            JAVA_INT.withName("stx_dio_mem_align"),
            JAVA_INT.withName("stx_dio_offset_align"),
            JAVA_LONG.withName("stx_subvol"),
            MemoryLayout.paddingLayout(88));

    private static final VarHandle MASK = field("stx_mask");
    private static final VarHandle ATTRIBUTES = field("stx_attributes");
    private static final VarHandle NLINK = field("stx_nlink");
    private static final VarHandle UID = field("stx_uid");
    private static final VarHandle GID = field("stx_gid");
    private static final VarHandle MODE = field("stx_mode");
    private static final VarHandle INO = field("stx_ino");
    private static final VarHandle SIZE = field("stx_size");
    private static final VarHandle BLOCKS = field("stx_blocks");
    private static final VarHandle ATTRIBUTES_MASK = field("stx_attributes_mask");
    private static final VarHandle ATIME_SEC = field("stx_atime", "tv_sec");
    private static final VarHandle ATIME_NSEC = field("stx_atime", "tv_nsec");
    private static final VarHandle BTIME_SEC = field("stx_btime", "tv_sec");
    private static final VarHandle BTIME_NSEC = field("stx_btime", "tv_nsec");
    private static final VarHandle CTIME_SEC = field("stx_ctime", "tv_sec");
    private static final VarHandle CTIME_NSEC = field("stx_ctime", "tv_nsec");
    private static final VarHandle MTIME_SEC = field("stx_mtime", "tv_sec");
    private static final VarHandle MTIME_NSEC = field("stx_mtime", "tv_nsec");
    private static final VarHandle RDEV_MAJOR = field("stx_rdev_major");
    private static final VarHandle RDEV_MINOR = field("stx_rdev_minor");
    private static final VarHandle DEV_MAJOR = field("stx_dev_major");
    private static final VarHandle DEV_MINOR = field("stx_dev_minor");
    private static final VarHandle MNT_ID = field("stx_mnt_id");

    private static VarHandle field(String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return LAYOUT.varHandle(elements);
    }

    /** The {@code struct statx} the kernel filled in {@code st}. */
    static Statx read(MemorySegment st) {
        return new Statx(
                (int) MASK.get(st, 0L),
                (long) ATTRIBUTES.get(st, 0L),
                (long) ATTRIBUTES_MASK.get(st, 0L),
                (int) NLINK.get(st, 0L),
                (int) UID.get(st, 0L),
                (int) GID.get(st, 0L),
                Short.toUnsignedInt((short) MODE.get(st, 0L)),
                (long) INO.get(st, 0L),
                (long) SIZE.get(st, 0L),
                (long) BLOCKS.get(st, 0L),
                (long) ATIME_SEC.get(st, 0L), (int) ATIME_NSEC.get(st, 0L),
                (long) MTIME_SEC.get(st, 0L), (int) MTIME_NSEC.get(st, 0L),
                (long) CTIME_SEC.get(st, 0L), (int) CTIME_NSEC.get(st, 0L),
                (long) BTIME_SEC.get(st, 0L), (int) BTIME_NSEC.get(st, 0L),
                makedev(Integer.toUnsignedLong((int) DEV_MAJOR.get(st, 0L)),
                        Integer.toUnsignedLong((int) DEV_MINOR.get(st, 0L))),
                makedev(Integer.toUnsignedLong((int) RDEV_MAJOR.get(st, 0L)),
                        Integer.toUnsignedLong((int) RDEV_MINOR.get(st, 0L))),
                (long) MNT_ID.get(st, 0L));
    }

    /** {@code stx_size} alone, for a caller that wants nothing else. */
    static long readSize(MemorySegment st) {
        return (long) SIZE.get(st, 0L);
    }

    /**
     * The file type bits of {@link #mode()}.
     *
     * @return {@code mode & S_IFMT}
     */
    public int type() {
        return mode & Linux.S_IFMT;
    }

    /**
     * Whether this is a directory.
     *
     * @return {@code S_ISDIR(mode)}
     */
    public boolean isDirectory() {
        return type() == Linux.S_IFDIR;
    }

    /**
     * Whether this is a regular file.
     *
     * @return {@code S_ISREG(mode)}
     */
    public boolean isRegularFile() {
        return type() == Linux.S_IFREG;
    }

    /**
     * Whether this is a symbolic link.
     *
     * @return {@code S_ISLNK(mode)}
     */
    public boolean isSymlink() {
        return type() == Linux.S_IFLNK;
    }

    /**
     * Whether the kernel says this object is the root of a mount (Linux 5.8 and later).
     *
     * @return {@code STATX_ATTR_MOUNT_ROOT} is supported and set
     */
    public boolean isMountRoot() {
        return (attributesMask & Linux.STATX_ATTR_MOUNT_ROOT) != 0
                && (attributes & Linux.STATX_ATTR_MOUNT_ROOT) != 0;
    }

    /**
     * Whether {@link #mountId()} was filled.
     *
     * @return {@code STATX_MNT_ID} is in the mask
     */
    public boolean hasMountId() {
        return (mask & Linux.STATX_MNT_ID) != 0;
    }

    /**
     * Whether {@code other} is the same object: the same inode on the same device.
     *
     * @param other what another statx reported
     * @return {@code dev} and {@code ino} are equal
     */
    public boolean sameInode(Statx other) {
        return dev == other.dev && ino == other.ino;
    }

    /**
     * {@code dev_t makedev(unsigned int major, unsigned int minor)}, as glibc encodes it.
     *
     * @param major the major number
     * @param minor the minor number
     * @return the device number
     */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
