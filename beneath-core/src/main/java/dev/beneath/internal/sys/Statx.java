package dev.beneath.internal.sys;

/**
 * What {@code statx(2)} reported for one object. {@code dev} and {@code rdev} are encoded as
 * glibc's {@code makedev} does, so they compare equal to {@code st_dev} values.
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

    public int type() {
        return mode & Linux.S_IFMT;
    }

    public boolean isDirectory() {
        return type() == Linux.S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == Linux.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == Linux.S_IFLNK;
    }

    /** True when the kernel says this object is the root of a mount (Linux 5.8 and later). */
    public boolean isMountRoot() {
        return (attributesMask & Linux.STATX_ATTR_MOUNT_ROOT) != 0
                && (attributes & Linux.STATX_ATTR_MOUNT_ROOT) != 0;
    }

    public boolean hasMountId() {
        return (mask & Linux.STATX_MNT_ID) != 0;
    }

    public boolean sameInode(Statx other) {
        return dev == other.dev && ino == other.ino;
    }

    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
