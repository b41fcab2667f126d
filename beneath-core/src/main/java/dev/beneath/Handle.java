package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An open reference ({@code O_PATH} descriptor) to one object inside a {@link Root}, as
 * {@link Root#resolve} found it. Everything done through a handle acts on that object, even
 * if its path is renamed, replaced or swapped for a symlink afterwards: attributes are read
 * from the descriptor, I/O reopens the descriptor through a verified procfs, listing opens
 * the directory relative to the descriptor.
 *
 * <p>Not protected: the object's contents, which whoever controls the tree may change at any
 * time; a hard link to a file outside the root that was planted before (the same inode is
 * reachable both ways; see {@link FileAttributes#linkCount()}). A handle is safe to use from
 * several threads; close it once you are done.
 */
public final class Handle implements AutoCloseable {
    private final OwnedFd fd;
    private final String path;

    Handle(OwnedFd fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** The path this handle was resolved from, as given. */
    public String path() {
        return path;
    }

    /**
     * The descriptor number, for system calls this API does not offer. Borrowed: valid until
     * {@link #close()}, and never to be closed by the caller.
     */
    public int fd() {
        return fd.get();
    }

    public FileType type() throws IOException {
        return FileType.ofMode(statx(Linux.STATX_TYPE).mode());
    }

    /** The object's attributes, read from the descriptor (a symlink's own, not its target's). */
    public FileAttributes attributes() throws IOException {
        return FileAttributes.of(statx(Linux.STATX_BASIC_STATS | Linux.STATX_BTIME | Linux.STATX_MNT_ID));
    }

    private Statx statx(int mask) throws IOException {
        int n = fd.acquire();
        try {
            return Sys.fstatx(n, mask);
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    /**
     * Where the object is now, as the kernel names it: for display and logs only. Acting on
     * this string would reopen the race the handle exists to avoid.
     */
    public Path realPath() throws IOException {
        int n = fd.acquire();
        try {
            return Path.of(new String(ProcFs.shared().pathOf(n), UTF_8));
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    /**
     * Opens the object for I/O. {@link StandardOpenOption#READ}, {@code WRITE}, {@code APPEND},
     * {@code TRUNCATE_EXISTING}, {@code SYNC} and {@code DSYNC} apply; {@code CREATE} and
     * {@link LinkOption#NOFOLLOW_LINKS} are accepted and change nothing (the object exists and
     * is already chosen); {@code CREATE_NEW} fails with {@code EEXIST}. No option means READ.
     * A symlink handle cannot be opened ({@code ELOOP}); opening a fifo blocks until the other
     * end is opened, as {@code open(2)} does.
     */
    public FileChannel newChannel(OpenOption... options) throws IOException {
        int flags = openFlags(Set.copyOf(Arrays.asList(options)));
        int n = fd.acquire();
        try {
            OwnedFd reopened = ProcFs.shared().reopen(n, flags);
            try {
                Statx was = Sys.fstatx(n, Linux.STATX_INO);
                Statx now = Sys.fstatx(reopened.get(), Linux.STATX_INO);
                if (!was.sameInode(now)) {
                    throw new SyscallException(ErrnoNames.EXDEV, "reopen: procfs returned another object");
                }
            } catch (SyscallException | RuntimeException e) {
                reopened.close();
                throw e;
            }
            return new FdChannel(reopened, flags, (e, call) -> Failures.translate(e, path));
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    private int openFlags(Set<OpenOption> options) throws IOException {
        boolean read = options.contains(StandardOpenOption.READ);
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = options.contains(StandardOpenOption.WRITE) || append;
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            throw Failures.translate(new SyscallException(ErrnoNames.EEXIST, "open"), path);
        }
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("DELETE_ON_CLOSE is not supported on a handle");
        }
        if (append && (read || options.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            throw new IllegalArgumentException("APPEND cannot be combined with READ or TRUNCATE_EXISTING");
        }
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption) && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("unsupported open option: " + o);
            }
        }
        int flags = Linux.O_NOCTTY;
        flags |= write ? (read ? Linux.O_RDWR : Linux.O_WRONLY) : Linux.O_RDONLY;
        if (append) {
            flags |= Linux.O_APPEND;
        }
        if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            flags |= Linux.O_TRUNC;
        }
        if (options.contains(StandardOpenOption.SYNC)) {
            flags |= Linux.O_SYNC;
        }
        if (options.contains(StandardOpenOption.DSYNC)) {
            flags |= Linux.O_DSYNC;
        }
        return flags;
    }

    /** A stream reading the object from its start. */
    public InputStream newInputStream() throws IOException {
        return Channels.newInputStream(newChannel(StandardOpenOption.READ));
    }

    /**
     * A stream writing to the object; with no option, the file is truncated first
     * ({@code WRITE, TRUNCATE_EXISTING}), as {@link java.nio.file.Files#newOutputStream} does.
     */
    public OutputStream newOutputStream(OpenOption... options) throws IOException {
        OpenOption[] effective = options.length == 0
                ? new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : options;
        return Channels.newOutputStream(newChannel(effective));
    }

    /**
     * The entries of this directory (without {@code .} and {@code ..}), in the order the
     * filesystem returns them. Symlinks are reported as symlinks and not followed.
     */
    public List<DirectoryEntry> list() throws IOException {
        int n = fd.acquire();
        try (OwnedFd dir = OwnedFd.adopt(Sys.openat(n, new byte[] {'.'},
                Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0))) {
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Sys.Dirent d : Sys.readDirectory(dir.get())) {
                int mode = d.type() != Sys.DT_UNKNOWN
                        ? d.type() << 12
                        : Sys.statx(dir.get(), d.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE).mode();
                entries.add(new DirectoryEntry(new String(d.name(), UTF_8), d.ino(), FileType.ofMode(mode)));
            }
            return entries;
        } catch (SyscallException e) {
            throw Failures.translate(e, path);
        } finally {
            fd.release();
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Handle[" + path + "]";
    }
}
