package dev.beneath;

import dev.beneath.internal.sys.Statx;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@code statx(2)} reported for the object a {@link Handle} refers to, read from the
 * descriptor itself (never through a path), as java.nio's {@link PosixFileAttributes}.
 * A snapshot: it does not change when the object does.
 *
 * @param type      the kind of object
 * @param device    the device it lives on ({@code st_dev})
 * @param inode     its inode number
 * @param mode      the full mode: type, permission bits, setuid, setgid, sticky
 * @param linkCount number of hard links
 * @param uid       owner user id
 * @param gid       owner group id
 * @param size      size in bytes
 * @param lastAccessTime   time of last access
 * @param lastModifiedTime time of last modification
 * @param lastChangeTime   time of last status change ({@code ctime})
 * @param creationTime     time of creation where the file system records it, else the modification time
 * @param mountId   the id of the mount it was reached through
 * @param mountRoot whether it is the root of a mount
 */
public record FileAttributes(
        FileType type,
        long device,
        long inode,
        int mode,
        int linkCount,
        int uid,
        int gid,
        long size,
        FileTime lastAccessTime,
        FileTime lastModifiedTime,
        FileTime lastChangeTime,
        FileTime creationTime,
        long mountId,
        boolean mountRoot) implements PosixFileAttributes {

    /**
     * A user by number; its name is the number, because beneath never reads the user database.
     *
     * @param uid the user id
     */
    public record NumericUser(int uid) implements UserPrincipal {
        @Override
        public String getName() {
            return Integer.toString(uid);
        }
    }

    /**
     * A group by number; its name is the number.
     *
     * @param gid the group id
     */
    public record NumericGroup(int gid) implements GroupPrincipal {
        @Override
        public String getName() {
            return Integer.toString(gid);
        }
    }

    static FileAttributes of(Statx st) {
        FileTime mtime = time(st.mtimeSeconds(), st.mtimeNanos());
        return new FileAttributes(FileType.ofMode(st.mode()), st.dev(), st.ino(), st.mode(), st.nlink(),
                st.uid(), st.gid(), st.size(),
                time(st.atimeSeconds(), st.atimeNanos()), mtime,
                time(st.ctimeSeconds(), st.ctimeNanos()),
                (st.mask() & dev.beneath.internal.sys.Linux.STATX_BTIME) != 0
                        ? time(st.btimeSeconds(), st.btimeNanos()) : mtime,
                st.mountId(), st.isMountRoot());
    }

    private static FileTime time(long seconds, int nanos) {
        return FileTime.from(TimeUnit.SECONDS.toNanos(seconds) + nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Whether both describe the same object: same device and inode.
     *
     * @param other attributes of another (or the same) object
     * @return true for the same object
     */
    public boolean sameFile(FileAttributes other) {
        return device == other.device && inode == other.inode;
    }

    @Override
    public UserPrincipal owner() {
        return new NumericUser(uid);
    }

    @Override
    public GroupPrincipal group() {
        return new NumericGroup(gid);
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    /**
     * The permission bits with setuid, setgid and sticky.
     *
     * @return {@code mode & 07777}
     */
    public int permissionBits() {
        return mode & 07777;
    }

    @Override
    public boolean isRegularFile() {
        return type == FileType.REGULAR_FILE;
    }

    @Override
    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    @Override
    public boolean isSymbolicLink() {
        return type == FileType.SYMLINK;
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    /** The {@code (device, inode)} pair, equal for two handles on the same object. */
    @Override
    public Object fileKey() {
        return new FileKey(device, inode);
    }

    private record FileKey(long device, long inode) {
    }
}
