package dev.beneath.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every native call the project makes, in one place. Each method makes one system call (or
 * retries it on {@code EINTR}), reads errno through {@link Linker.Option#captureCallState},
 * and throws {@link SyscallException} on failure. Paths are NUL-free byte strings: callers
 * check for NUL before they get here, because C would silently cut the path at it.
 */
public final class Sys {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_FSOPEN = 430;
    private static final long SYS_FSCONFIG = 431;
    private static final long SYS_FSMOUNT = 432;
    private static final long SYS_OPENAT2 = 437;
    private static final long SYS_MOUNT_SETATTR = 442;
    private static final long SYS_FCHMODAT2 = 452;

    /** {@code struct open_how}: flags, mode, resolve. */
    private static final long OPEN_HOW_SIZE = 24;
    /** {@code struct mount_attr}: attr_set, attr_clr, propagation, userns_fd. */
    private static final long MOUNT_ATTR_SIZE = 32;
    private static final long STATX_SIZE = 256;
    private static final long STATFS_SIZE = 120;

    private static final MethodHandle OPENAT = variadic("openat", 3,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = variadic("fcntl", 2,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READLINKAT = bind("readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle STATX = bind("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle FSTATFS = bind("fstatfs",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle MKDIRAT = bind("mkdirat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MKNODAT = bind("mknodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle SYMLINKAT = bind("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle LINKAT = bind("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UNLINKAT = bind("unlinkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RENAMEAT2 = bind("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCHMODAT = bind("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCHMOD = bind("fchmod",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCHOWNAT = bind("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle UTIMENSAT = bind("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle GETDENTS64 = bind("getdents64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READ = bind("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = bind("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PREAD = bind("pread64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = bind("pwrite64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle LSEEK = bind("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FTRUNCATE = bind("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle COPY_FILE_RANGE = bind("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FSYNC = bind("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FDATASYNC = bind("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FLOCK = bind("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MOUNT = bind("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = bind("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UNAME = bind("uname", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("geteuid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("getpid"), FunctionDescriptor.of(JAVA_INT));
    /** {@code syscall(nr, a, b, c, d, e)}: every integer argument widened to long, as the ABI expects. */
    private static final MethodHandle SYSCALL5 = variadic("syscall", 1,
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));

    private Sys() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE);
    }

    private static MethodHandle variadic(String name, int firstVariadic, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                CAPTURE, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static SyscallException failure(MemorySegment capture, String call) {
        return new SyscallException((int) ERRNO.get(capture, 0L), call);
    }

    private static boolean interrupted(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L) == ErrnoNames.EINTR;
    }

    private static MemorySegment capture(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** A NUL-terminated copy of {@code path}. */
    public static MemorySegment cString(Arena arena, byte[] path) {
        MemorySegment s = arena.allocate(path.length + 1L);
        MemorySegment.copy(path, 0, s, JAVA_BYTE, 0, path.length);
        return s;
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    // ---- descriptors --------------------------------------------------------------------

    public static int openat(int dirfd, byte[] path, int flags, int mode) throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                return openat(capture(arena), cString(arena, path), dirfd, flags, mode);
            }
        }
        Scratch scratch = Scratch.get();
        return openat(scratch.capture, scratch.path(path), dirfd, flags, mode);
    }

    private static int openat(MemorySegment cap, MemorySegment p, int dirfd, int flags, int mode)
            throws SyscallException {
        try {
            while (true) {
                int fd = (int) OPENAT.invokeExact(cap, dirfd, p, flags, mode);
                if (fd >= 0) {
                    return fd;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, "openat");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code openat2(2)}; fails with {@code ENOSYS} on kernels before 5.6. */
    public static int openat2(int dirfd, byte[] path, long flags, long mode, long resolve)
            throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                return openat2(capture(arena), cString(arena, path), arena.allocate(OPEN_HOW_SIZE, 8),
                        dirfd, flags, mode, resolve);
            }
        }
        Scratch scratch = Scratch.get();
        return openat2(scratch.capture, scratch.path(path), scratch.block, dirfd, flags, mode, resolve);
    }

    private static int openat2(MemorySegment cap, MemorySegment p, MemorySegment how, int dirfd, long flags,
                               long mode, long resolve) throws SyscallException {
        try {
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            while (true) {
                long fd = (long) SYSCALL5.invokeExact(cap, SYS_OPENAT2, (long) dirfd, p.address(),
                        how.address(), OPEN_HOW_SIZE, 0L);
                if (fd >= 0) {
                    return (int) fd;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, "openat2");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Closes {@code fd}. Linux releases the descriptor even when close reports an error, so it is never retried. */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(Scratch.get().capture, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int dupCloexec(int fd) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            int r = (int) FCNTL.invokeExact(cap, fd, Linux.F_DUPFD_CLOEXEC, 3);
            if (r < 0) {
                throw failure(cap, "fcntl(F_DUPFD_CLOEXEC)");
            }
            return r;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} for the commands that take an integer; returns what it returns. */
    public static int fcntl(int fd, int cmd, int arg) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            while (true) {
                int r = (int) FCNTL.invokeExact(cap, fd, cmd, arg);
                if (r >= 0) {
                    return r;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, "fcntl");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- metadata -----------------------------------------------------------------------

    /** The target of a symbolic link, as raw bytes. An empty {@code path} reads the link {@code dirfd} itself is. */
    public static byte[] readlinkat(int dirfd, byte[] path) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment p = cString(arena, path);
            long size = Linux.PATH_MAX;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long n = (long) READLINKAT.invokeExact(cap, dirfd, p, buf, size);
                if (n < 0) {
                    throw failure(cap, "readlinkat");
                }
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
                size *= 4; // the target may have been cut: magic links on procfs can be long
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static Statx statx(int dirfd, byte[] path, int flags, int mask) throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                return statx(capture(arena), cString(arena, path), arena.allocate(STATX_SIZE, 8),
                        dirfd, flags, mask);
            }
        }
        Scratch scratch = Scratch.get();
        return statx(scratch.capture, scratch.path(path), scratch.block, dirfd, flags, mask);
    }

    private static Statx statx(MemorySegment cap, MemorySegment p, MemorySegment st, int dirfd, int flags,
                               int mask) throws SyscallException {
        try {
            int r = (int) STATX.invokeExact(cap, dirfd, p, flags, mask, st);
            if (r != 0) {
                throw failure(cap, "statx");
            }
            return new Statx(
                    st.get(JAVA_INT, 0),
                    st.get(JAVA_LONG, 8),
                    st.get(JAVA_LONG, 56),
                    st.get(JAVA_INT, 16),
                    st.get(JAVA_INT, 20),
                    st.get(JAVA_INT, 24),
                    Short.toUnsignedInt(st.get(JAVA_SHORT, 28)),
                    st.get(JAVA_LONG, 32),
                    st.get(JAVA_LONG, 40),
                    st.get(JAVA_LONG, 48),
                    st.get(JAVA_LONG, 64), st.get(JAVA_INT, 72),
                    st.get(JAVA_LONG, 112), st.get(JAVA_INT, 120),
                    st.get(JAVA_LONG, 96), st.get(JAVA_INT, 104),
                    st.get(JAVA_LONG, 80), st.get(JAVA_INT, 88),
                    Statx.makedev(Integer.toUnsignedLong(st.get(JAVA_INT, 136)),
                            Integer.toUnsignedLong(st.get(JAVA_INT, 140))),
                    Statx.makedev(Integer.toUnsignedLong(st.get(JAVA_INT, 128)),
                            Integer.toUnsignedLong(st.get(JAVA_INT, 132))),
                    st.get(JAVA_LONG, 144));
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** statx of the object {@code fd} itself refers to, including an {@code O_PATH} symlink. */
    public static Statx fstatx(int fd, int mask) throws SyscallException {
        return statx(fd, EMPTY, Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW, mask);
    }

    /** The {@code f_type} magic of the filesystem {@code fd} lives on. */
    public static long fstatfsType(int fd) throws SyscallException {
        return fstatfs(fd, 0);
    }

    /**
     * The {@code f_flags} of the mount {@code fd} lives on: {@link Linux#ST_RDONLY},
     * {@link Linux#ST_NOSUID}, {@link Linux#ST_NODEV}, ...
     */
    public static long fstatfsFlags(int fd) throws SyscallException {
        return fstatfs(fd, 80);
    }

    /** One 64-bit field of {@code struct statfs} (x86-64 and arm64 share the layout). */
    private static long fstatfs(int fd, long offset) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment st = arena.allocate(STATFS_SIZE, 8);
            int r = (int) FSTATFS.invokeExact(cap, fd, st);
            if (r != 0) {
                throw failure(cap, "fstatfs");
            }
            return st.get(JAVA_LONG, offset);
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** One directory entry as {@code getdents64} reports it. */
    public record Dirent(byte[] name, long ino, int type) {
    }

    /** {@code d_type} values. */
    public static final int DT_UNKNOWN = 0;
    public static final int DT_DIR = 4;

    /** Every entry of the directory open for reading on {@code fd}, except {@code .} and {@code ..}. */
    public static List<Dirent> readDirectory(int fd) throws SyscallException {
        List<Dirent> entries = new ArrayList<>();
        for (List<Dirent> batch; !(batch = readDirectoryBatch(fd, 32 * 1024)).isEmpty(); ) {
            entries.addAll(batch);
        }
        return entries;
    }

    /**
     * The next entries of the directory open for reading on {@code fd}, as one
     * {@code getdents64} call with a buffer of {@code bufferSize} bytes returns them (more calls
     * only when a buffer held nothing but {@code .} and {@code ..}); empty at the end of the
     * directory. The descriptor's position moves past them.
     */
    public static List<Dirent> readDirectoryBatch(int fd, int bufferSize) throws SyscallException {
        List<Dirent> entries = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment buf = arena.allocate(bufferSize, 8);
            while (entries.isEmpty()) {
                long n = (long) GETDENTS64.invokeExact(cap, fd, buf, (long) bufferSize);
                if (n < 0) {
                    if (interrupted(cap)) {
                        continue;
                    }
                    throw failure(cap, "getdents64");
                }
                if (n == 0) {
                    break;
                }
                long off = 0;
                while (off < n) {
                    long ino = buf.get(JAVA_LONG, off);
                    int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, off + 16));
                    int type = Byte.toUnsignedInt(buf.get(JAVA_BYTE, off + 18));
                    MemorySegment name = buf.asSlice(off + 19, reclen - 19);
                    long len = 0;
                    while (name.get(JAVA_BYTE, len) != 0) {
                        len++;
                    }
                    byte[] bytes = name.asSlice(0, len).toArray(JAVA_BYTE);
                    if (!isDotOrDotDot(bytes)) {
                        entries.add(new Dirent(bytes, ino, type));
                    }
                    off += reclen;
                }
            }
            return entries;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return Arrays.equals(name, new byte[] {'.'}) || Arrays.equals(name, new byte[] {'.', '.'});
    }

    // ---- changing the tree --------------------------------------------------------------

    private interface PathCall {
        int call(MemorySegment capture, MemorySegment path) throws Throwable;
    }

    private static void pathCall(String name, byte[] path, PathCall call) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment p = cString(arena, path);
            if (call.call(cap, p) != 0) {
                throw failure(cap, name);
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void mkdirat(int dirfd, byte[] name, int mode) throws SyscallException {
        pathCall("mkdirat", name, (cap, p) -> (int) MKDIRAT.invokeExact(cap, dirfd, p, mode));
    }

    public static void mknodat(int dirfd, byte[] name, int mode, long dev) throws SyscallException {
        pathCall("mknodat", name, (cap, p) -> (int) MKNODAT.invokeExact(cap, dirfd, p, mode, dev));
    }

    public static void unlinkat(int dirfd, byte[] name, int flags) throws SyscallException {
        pathCall("unlinkat", name, (cap, p) -> (int) UNLINKAT.invokeExact(cap, dirfd, p, flags));
    }

    public static void fchmodat(int dirfd, byte[] name, int mode, int flags) throws SyscallException {
        pathCall("fchmodat", name, (cap, p) -> (int) FCHMODAT.invokeExact(cap, dirfd, p, mode, flags));
    }

    public static void fchownat(int dirfd, byte[] name, int uid, int gid, int flags) throws SyscallException {
        pathCall("fchownat", name, (cap, p) -> (int) FCHOWNAT.invokeExact(cap, dirfd, p, uid, gid, flags));
    }

    /**
     * {@code fchmodat2(2)} (Linux 6.6): unlike fchmodat, it takes {@code AT_EMPTY_PATH}, so an
     * {@code O_PATH} descriptor can be changed directly.
     */
    public static void fchmodat2(int dirfd, byte[] name, int mode, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("fchmodat2", SYS_FCHMODAT2, dirfd, cString(arena, name).address(), mode, flags, 0);
        }
    }

    public static void fchmod(int fd, int mode) throws SyscallException {
        pathCall("fchmod", EMPTY, (cap, p) -> (int) FCHMOD.invokeExact(cap, fd, mode));
    }

    /** {@code utimensat}; a {@code null} time leaves that time unchanged ({@code UTIME_OMIT}). */
    public static void utimensat(int dirfd, byte[] name, long[] atime, long[] mtime, int flags)
            throws SyscallException {
        final long utimeOmit = (1L << 30) - 2;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment p = cString(arena, name);
            MemorySegment times = arena.allocate(32, 8);
            times.set(JAVA_LONG, 0, atime == null ? 0 : atime[0]);
            times.set(JAVA_LONG, 8, atime == null ? utimeOmit : atime[1]);
            times.set(JAVA_LONG, 16, mtime == null ? 0 : mtime[0]);
            times.set(JAVA_LONG, 24, mtime == null ? utimeOmit : mtime[1]);
            if ((int) UTIMENSAT.invokeExact(cap, dirfd, p, times, flags) != 0) {
                throw failure(cap, "utimensat");
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void symlinkat(byte[] target, int dirfd, byte[] name) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            if ((int) SYMLINKAT.invokeExact(cap, cString(arena, target), dirfd, cString(arena, name)) != 0) {
                throw failure(cap, "symlinkat");
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void linkat(int olddirfd, byte[] oldname, int newdirfd, byte[] newname, int flags)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            if ((int) LINKAT.invokeExact(cap, olddirfd, cString(arena, oldname), newdirfd,
                    cString(arena, newname), flags) != 0) {
                throw failure(cap, "linkat");
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void renameat2(int olddirfd, byte[] oldname, int newdirfd, byte[] newname, int flags)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            if ((int) RENAMEAT2.invokeExact(cap, olddirfd, cString(arena, oldname), newdirfd,
                    cString(arena, newname), flags) != 0) {
                throw failure(cap, "renameat2");
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- file I/O -----------------------------------------------------------------------

    /**
     * Reads into {@code dst} (a native segment); returns the byte count, 0 at end of file.
     * {@code position < 0} reads at the file offset, otherwise at {@code position}.
     */
    public static long read(int fd, MemorySegment dst, long position) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            while (true) {
                long n = position < 0
                        ? (long) READ.invokeExact(cap, fd, dst, dst.byteSize())
                        : (long) PREAD.invokeExact(cap, fd, dst, dst.byteSize(), position);
                if (n >= 0) {
                    return n;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, position < 0 ? "read" : "pread");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Writes from {@code src} (a native segment); returns the byte count written. */
    public static long write(int fd, MemorySegment src, long position) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            while (true) {
                long n = position < 0
                        ? (long) WRITE.invokeExact(cap, fd, src, src.byteSize())
                        : (long) PWRITE.invokeExact(cap, fd, src, src.byteSize(), position);
                if (n >= 0) {
                    return n;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, position < 0 ? "write" : "pwrite");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static long lseek(int fd, long offset, int whence) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            long r = (long) LSEEK.invokeExact(cap, fd, offset, whence);
            if (r < 0) {
                throw failure(cap, "lseek");
            }
            return r;
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code copy_file_range(2)} at both files' offsets: copies up to {@code length} bytes
     * inside the kernel and returns how many, 0 at the end of the input. Fails with
     * {@code EXDEV}, {@code EINVAL}, {@code EOPNOTSUPP} or {@code ENOSYS} where the file
     * systems or the kernel cannot do it; callers then copy through a buffer.
     */
    public static long copyFileRange(int fdIn, int fdOut, long length) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            while (true) {
                long n = (long) COPY_FILE_RANGE.invokeExact(cap, fdIn, MemorySegment.NULL, fdOut,
                        MemorySegment.NULL, length, 0);
                if (n >= 0) {
                    return n;
                }
                if (!interrupted(cap)) {
                    throw failure(cap, "copy_file_range");
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void ftruncate(int fd, long size) throws SyscallException {
        pathCall("ftruncate", EMPTY, (cap, p) -> (int) FTRUNCATE.invokeExact(cap, fd, size));
    }

    public static void fsync(int fd, boolean metadata) throws SyscallException {
        pathCall(metadata ? "fsync" : "fdatasync", EMPTY, (cap, p) -> metadata
                ? (int) FSYNC.invokeExact(cap, fd)
                : (int) FDATASYNC.invokeExact(cap, fd));
    }

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    public static void flock(int fd, int operation) throws SyscallException {
        pathCall("flock", EMPTY, (cap, p) -> (int) FLOCK.invokeExact(cap, fd, operation));
    }

    // ---- mounts -------------------------------------------------------------------------

    private static long syscall(String name, long nr, long a, long b, long c, long d, long e)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            long r = (long) SYSCALL5.invokeExact(cap, nr, a, b, c, d, e);
            if (r < 0) {
                throw failure(cap, name);
            }
            return r;
        } catch (SyscallException ex) {
            throw ex;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code open_tree(2)}: with {@code OPEN_TREE_CLONE}, a detached copy of the mount at the path. */
    public static int openTree(int dirfd, byte[] path, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("open_tree", SYS_OPEN_TREE, dirfd, cString(arena, path).address(), flags, 0, 0);
        }
    }

    public static void moveMount(int fromDirfd, byte[] fromPath, int toDirfd, byte[] toPath, int flags)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("move_mount", SYS_MOVE_MOUNT, fromDirfd, cString(arena, fromPath).address(),
                    toDirfd, cString(arena, toPath).address(), flags);
        }
    }

    public static int fsopen(String fsName, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("fsopen", SYS_FSOPEN, arena.allocateFrom(fsName).address(), flags, 0, 0, 0);
        }
    }

    /** {@code fsconfig(2)}; {@code key} and {@code value} may be null. */
    public static void fsconfig(int fsfd, int cmd, String key, String value, int aux) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            long k = key == null ? 0 : arena.allocateFrom(key).address();
            long v = value == null ? 0 : arena.allocateFrom(value).address();
            syscall("fsconfig", SYS_FSCONFIG, fsfd, cmd, k, v, aux);
        }
    }

    public static int fsmount(int fsfd, int flags, long attrFlags) throws SyscallException {
        return (int) syscall("fsmount", SYS_FSMOUNT, fsfd, flags, attrFlags, 0, 0);
    }

    public static void mountSetattr(int dirfd, byte[] path, int flags, long attrSet, long attrClear)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(MOUNT_ATTR_SIZE, 8);
            attr.set(JAVA_LONG, 0, attrSet);
            attr.set(JAVA_LONG, 8, attrClear);
            syscall("mount_setattr", SYS_MOUNT_SETATTR, dirfd, cString(arena, path).address(), flags,
                    attr.address(), MOUNT_ATTR_SIZE);
        }
    }

    /** {@code mount(2)}; null strings are passed as NULL. */
    public static void mount(String source, byte[] target, String fsType, long flags, String data)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment s = source == null ? MemorySegment.NULL : arena.allocateFrom(source);
            MemorySegment t = cString(arena, target);
            MemorySegment f = fsType == null ? MemorySegment.NULL : arena.allocateFrom(fsType);
            MemorySegment d = data == null ? MemorySegment.NULL : arena.allocateFrom(data);
            if ((int) MOUNT.invokeExact(cap, s, t, f, flags, d) != 0) {
                throw failure(cap, "mount");
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void umount2(byte[] target, int flags) throws SyscallException {
        pathCall("umount2", target, (cap, p) -> (int) UMOUNT2.invokeExact(cap, p, flags));
    }

    // ---- process ------------------------------------------------------------------------

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The kernel release, as {@code uname -r} prints it. */
    public static String kernelRelease() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = capture(arena);
            MemorySegment uts = arena.allocate(6 * 65);
            if ((int) UNAME.invokeExact(cap, uts) != 0) {
                throw failure(cap, "uname");
            }
            return uts.getString(2 * 65);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
