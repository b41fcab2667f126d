package dev.beneath.lab.attack;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.nio.file.Path;

/**
 * One object, named by its device and inode number: the only identity the lab trusts.
 *
 * @param device the device it lives on
 * @param inode  its inode number
 */
public record InodeKey(long device, long inode) {

    /** The object a descriptor refers to. */
    public static InodeKey ofFd(int fd) throws SyscallException {
        return of(Sys.fstatx(fd, Linux.STATX_BASIC_STATS));
    }

    /** The object a trusted path names, a final symlink not followed. */
    public static InodeKey ofPath(Path path) throws SyscallException {
        return of(Sys.statx(Linux.AT_FDCWD, path.toString().getBytes(UTF_8), Linux.AT_SYMLINK_NOFOLLOW,
                Linux.STATX_BASIC_STATS));
    }

    private static InodeKey of(Statx st) {
        return new InodeKey(st.dev(), st.ino());
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
