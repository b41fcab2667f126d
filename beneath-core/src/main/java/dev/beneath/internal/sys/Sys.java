package dev.beneath.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Every native call the project makes, in one place. Each method makes one system call, reads
 * errno through {@link Linker.Option#captureCallState}, and throws {@link SyscallException} on
 * failure; all of them go through {@link #invoke}, which counts the call, applies the
 * {@link Eintr} policy and translates the failure. Paths are NUL-free byte strings: callers
 * check for NUL before they get here, because C would silently cut the path at it. Each
 * public method's Javadoc opens with the C prototype it wraps.
 */
public final class Sys {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** The capture area of a call that reports no errno: {@link #invoke} never reads it. */
    private static final MemorySegment NO_ERRNO = MemorySegment.NULL;
    /** {@code ""}, for the {@code AT_EMPTY_PATH} calls on a descriptor (kernels before 6.11 refuse NULL). */
    private static final MemorySegment EMPTY_PATH = Arena.global().allocate(1);

    /**
     * {@code long syscall(long number, ...)} with five arguments, each widened to long as the ABI
     * expects. The calls every lookup makes ({@code openat}, {@code openat2}, {@code fcntl},
     * {@code statx}, {@code fstatfs}, {@code readlinkat}) all go through it by their numbers,
     * and {@code close} through the same function bound without errno capture. The JDK spins a
     * stub and its method handles for each distinct binding at run time, and its ahead-of-time
     * cache keeps neither: seven bindings by name cost a one-shot command about 75 ms, these two
     * about 40 ms. The numbers differ per {@link Architecture}; {@link SelfCheck} tries them.
     */
    private static final MethodHandle SYSCALL5 = variadic("syscall", 1,
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));

    /**
     * {@code long syscall(long number, long fd)} bound without errno capture, for {@code close}:
     * it is never retried and its errno never read (see {@link #close}), and a capture area
     * passed from as deep as an {@code OwnedFd}'s close is not optimised away by the JIT (40
     * bytes per close). A second binding, of one more shape.
     */
    private static final MethodHandle SYSCALL1_UNCAPTURED = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("syscall"), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    /*
     * Every other call is bound by name, in groups, by the JVM's lazy class initialisation on
     * first use: a one-shot command (beneath resolve) binds what it calls and nothing else. The
     * handles stay static final constants, which the JIT inlines.
     */

    private static final class Tree {
        static final MethodHandle MKDIRAT = bind("mkdirat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle MKNODAT = bind("mknodat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
        static final MethodHandle SYMLINKAT = bind("symlinkat",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle LINKAT = bind("linkat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle UNLINKAT = bind("unlinkat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle RENAMEAT2 = bind("renameat2",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle FCHMODAT = bind("fchmodat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle FCHMOD = bind("fchmod",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FCHOWNAT = bind("fchownat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle UTIMENSAT = bind("utimensat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }

    private static final class Listing {
        static final MethodHandle GETDENTS64 = bind("getdents64",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class Io {
        static final MethodHandle READ = bind("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle WRITE = bind("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle PREAD = bind("pread64",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PWRITE = bind("pwrite64",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        static final MethodHandle LSEEK = bind("lseek",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle FTRUNCATE = bind("ftruncate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle COPY_FILE_RANGE = bind("copy_file_range",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle FSYNC = bind("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle FDATASYNC = bind("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle FLOCK = bind("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Mounts {
        static final MethodHandle MOUNT = bind("mount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle UMOUNT2 = bind("umount2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class ProcessCalls {
        static final MethodHandle UNAME = bind("uname", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle GETEUID = LINKER.downcallHandle(
                LINKER.defaultLookup().findOrThrow("geteuid"), FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETPID = LINKER.downcallHandle(
                LINKER.defaultLookup().findOrThrow("getpid"), FunctionDescriptor.of(JAVA_INT));
    }


    private static final class NioCalls {
        static final MethodHandle FACCESSAT = bind("faccessat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle INOTIFY_INIT1 = bind("inotify_init1",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle INOTIFY_ADD_WATCH = bind("inotify_add_watch",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle INOTIFY_RM_WATCH = bind("inotify_rm_watch",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle GETPWUID_R = bind("getpwuid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle GETPWNAM_R = bind("getpwnam_r",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle GETGRGID_R = bind("getgrgid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle GETGRNAM_R = bind("getgrnam_r",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    private Sys() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE);
    }

    private static MethodHandle variadic(String name, int firstVariadic, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                CAPTURE, Linker.Option.firstVariadicArg(firstVariadic));
    }

    // ---- the one invoke -----------------------------------------------------------------

    /**
     * What a call's {@code EINTR} (a signal handler ran while it waited) means, and so whether
     * {@link #invoke} makes the call again. The JVM installs its handlers with
     * {@code SA_RESTART}, so the kernel restarts most interrupted calls itself and an
     * {@code EINTR} that reaches us is rare: it comes from a call that may wait (an open of a
     * FIFO or of a file on a network or FUSE file system, read, write, getdents, a blocking
     * fcntl) and was interrupted before it did anything.
     */
    enum Eintr {
        /**
         * Nothing happened: make the call again. For the calls that read, write or open, whose
         * {@code EINTR} the kernel reports only before any effect: openat, openat2, fcntl,
         * read/pread, write/pwrite, copy_file_range, getdents64.
         */
        RETRY,
        /**
         * Report it as the failure it is. For every other call: {@code close} above all,
         * because Linux has released the descriptor even when close says {@code EINTR}, and a
         * retry could close a descriptor another thread has just been given (close is bound
         * without errno capture and its result is not read at all); the calls that change the
         * tree, whose effect on a network file system may have happened; and {@code poll},
         * whose caller takes {@code EINTR} as "nothing is ready" ({@link #pollIn}).
         */
        FAIL
    }

    /** One native call, made with {@code capture} as its errno capture area. */
    @FunctionalInterface
    private interface Call {
        /**
         * Makes the call.
         *
         * @param capture the errno capture area to pass to a capturing downcall
         * @return what the call returned, negative (-1) with errno set on failure
         * @throws Throwable what {@link MethodHandle#invokeExact} declares; nothing in practice
         */
        long call(MemorySegment capture) throws Throwable;
    }

    /**
     * The one place a native call is made: counts every attempt for {@link SyscallCounter},
     * makes it, and on a negative result hands over to {@link #failed}, which reads errno from
     * {@code capture} and either calls again ({@link Eintr#RETRY} and {@code EINTR}) or throws
     * {@link SyscallException}. It is kept under the JIT's limit for inlining a method
     * wherever it is called ({@code MaxInlineSize}, 35 bytes of bytecode; the rare path is
     * out of line), so it and
     * {@code call} are compiled into every caller: the lambda is then never allocated, the
     * downcall's capture segment is checked without a copy, and no call site sees more than
     * one lambda class.
     *
     * @param name the call's name in the exception
     * @param capture the errno capture area ({@link #NO_ERRNO} for a call that never fails)
     * @param onEintr whether an {@code EINTR} is retried
     * @param call the downcall
     * @return what the call returned, never negative
     * @throws SyscallException with errno, when the call failed
     */
    private static long invoke(String name, MemorySegment capture, Eintr onEintr, Call call)
            throws SyscallException {
        try {
            SyscallCounter.tick();
            return checked(call.call(capture), name, capture, onEintr, call);
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code r} when the call succeeded, otherwise what {@link #failed} makes of it. */
    private static long checked(long r, String name, MemorySegment capture, Eintr onEintr, Call call)
            throws SyscallException {
        return r >= 0 ? r : failed(name, capture, onEintr, call);
    }

    /** {@link #invoke}'s rare path: the call returned -1 with errno set. */
    private static long failed(String name, MemorySegment capture, Eintr onEintr, Call call)
            throws SyscallException {
        int errno = (int) ERRNO.get(capture, 0L);
        if (errno == ErrnoNames.EINTR && onEintr == Eintr.RETRY) {
            return invoke(name, capture, onEintr, call);
        }
        throw new SyscallException(errno, name);
    }

    /** What {@link MethodHandle#invokeExact} threw, which a downcall never does but in a JVM error. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** {@link #invoke} for a call that never reports a failure (it returns no -1). */
    private static long infallible(String name, Call call) {
        try {
            return invoke(name, NO_ERRNO, Eintr.FAIL, call);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calling thread's errno capture area, for a call that takes no path. */
    private static MemorySegment capture() {
        return Scratch.get().capture;
    }

    /**
     * A NUL-terminated copy of {@code path}.
     *
     * @param arena where to allocate it
     * @param path the bytes, without NUL
     * @return {@code path} and a NUL, in native memory
     */
    public static MemorySegment cString(Arena arena, byte[] path) {
        MemorySegment s = arena.allocate(path.length + 1L);
        MemorySegment.copy(path, 0, s, JAVA_BYTE, 0, path.length);
        return s;
    }

    /** A C string of {@code s}, or NULL for null. */
    private static MemorySegment cStringOrNull(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    /** One path and the errno area of one call, allocated in {@code arena}. */
    private interface PathCall {
        long call(MemorySegment capture, MemorySegment path) throws Throwable;
    }

    /** A call that takes one path, which may be longer than the scratch area. */
    private static long pathCall(String name, byte[] path, Eintr onEintr, PathCall call) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            return invoke(name, arena.allocate(CAPTURE_LAYOUT), onEintr, cap -> call.call(cap, p));
        }
    }

    // ---- descriptors --------------------------------------------------------------------

    /**
     * {@code int openat(int dirfd, const char *pathname, int flags, mode_t mode)}.
     *
     * @param dirfd the directory {@code path} is relative to, or {@link Linux#AT_FDCWD}
     * @param path the path
     * @param flags the {@code O_*} flags
     * @param mode the mode of a file it creates
     * @return the new descriptor
     * @throws SyscallException with the call's errno
     */
    public static int openat(int dirfd, byte[] path, int flags, int mode) throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                return openat(arena.allocate(CAPTURE_LAYOUT), cString(arena, path), dirfd, flags, mode);
            }
        }
        Scratch scratch = Scratch.get();
        return openat(scratch.capture, scratch.path(path), dirfd, flags, mode);
    }

    /**
     * {@code int openat(int dirfd, const char *pathname, int flags)} where the name is the
     * decimal {@code number}, written straight into the thread's scratch area (a procfs
     * {@code fd/N} entry, reopened on every file open, costs no string and no array).
     *
     * @param dirfd the directory
     * @param number the name, not negative
     * @param flags the {@code O_*} flags
     * @return the new descriptor
     * @throws SyscallException with the call's errno
     */
    public static int openatNumber(int dirfd, int number, int flags) throws SyscallException {
        if (number < 0) {
            throw new IllegalArgumentException("negative name " + number);
        }
        Scratch scratch = Scratch.get();
        int digits = 1;
        for (int rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        MemorySegment p = scratch.path;
        p.set(JAVA_BYTE, digits, (byte) 0);
        int rest = number;
        for (int i = digits - 1; i >= 0; i--) {
            p.set(JAVA_BYTE, i, (byte) ('0' + rest % 10));
            rest /= 10;
        }
        return openat(scratch.capture, p, dirfd, flags, 0);
    }

    private static int openat(MemorySegment cap, MemorySegment p, int dirfd, int flags, int mode)
            throws SyscallException {
        return (int) invoke("openat", cap, Eintr.RETRY, c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_OPENAT,
                (long) dirfd, p.address(), (long) flags, (long) mode, 0L));
    }

    /**
     * {@code long syscall(SYS_openat2, int dirfd, const char *pathname, struct open_how *how, size_t size)};
     * fails with {@code ENOSYS} on kernels before 5.6.
     *
     * @param dirfd the directory {@code path} is relative to
     * @param path the path
     * @param flags {@code how.flags}, the {@code O_*} flags
     * @param mode {@code how.mode}
     * @param resolve {@code how.resolve}, the {@code RESOLVE_*} flags
     * @return the new descriptor
     * @throws SyscallException with the call's errno
     */
    public static int openat2(int dirfd, byte[] path, long flags, long mode, long resolve)
            throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                return openat2(arena.allocate(CAPTURE_LAYOUT), cString(arena, path), arena.allocate(Structs.OPEN_HOW),
                        dirfd, flags, mode, resolve);
            }
        }
        Scratch scratch = Scratch.get();
        return openat2(scratch.capture, scratch.path(path), scratch.block, dirfd, flags, mode, resolve);
    }

    private static int openat2(MemorySegment cap, MemorySegment p, MemorySegment how, int dirfd, long flags,
                               long mode, long resolve) throws SyscallException {
        Structs.OPEN_HOW_FLAGS.set(how, 0L, flags);
        Structs.OPEN_HOW_MODE.set(how, 0L, mode);
        Structs.OPEN_HOW_RESOLVE.set(how, 0L, resolve);
        return (int) invoke("openat2", cap, Eintr.RETRY, c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_OPENAT2,
                (long) dirfd, p.address(), how.address(), Structs.OPEN_HOW.byteSize(), 0L));
    }

    /**
     * {@code int close(int fd)}. Linux releases the descriptor even when close reports an
     * error, so it is never retried and its result is not read (see {@link Eintr#FAIL}).
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        infallible("close", c -> {
            long ignored = (long) SYSCALL1_UNCAPTURED.invokeExact(Linux.SYS_CLOSE, (long) fd);
            return 0;
        });
    }

    /**
     * {@code int fcntl(int fd, F_DUPFD_CLOEXEC, 3)}: a close-on-exec duplicate, numbered 3 or above.
     *
     * @param fd the descriptor
     * @return the duplicate
     * @throws SyscallException with the call's errno
     */
    public static int dupCloexec(int fd) throws SyscallException {
        return (int) invoke("fcntl(F_DUPFD_CLOEXEC)", capture(), Eintr.FAIL,
                c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_FCNTL, (long) fd, (long) Linux.F_DUPFD_CLOEXEC, 3L, 0L, 0L));
    }

    /**
     * {@code int fcntl(int fd, int cmd, int arg)}, for the commands that take an integer.
     *
     * @param fd the descriptor
     * @param cmd the {@code F_*} command
     * @param arg its argument
     * @return what fcntl returns
     * @throws SyscallException with the call's errno
     */
    public static int fcntl(int fd, int cmd, int arg) throws SyscallException {
        return (int) invoke("fcntl", capture(), Eintr.RETRY, c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_FCNTL,
                (long) fd, (long) cmd, (long) arg, 0L, 0L));
    }

    // ---- metadata -----------------------------------------------------------------------

    /**
     * {@code ssize_t readlinkat(int dirfd, const char *pathname, char *buf, size_t bufsiz)},
     * with a buffer grown until the target fits. An empty {@code path} reads the link
     * {@code dirfd} itself is.
     *
     * @param dirfd the directory {@code path} is relative to
     * @param path the link's path
     * @return the target, as raw bytes
     * @throws SyscallException with the call's errno
     */
    public static byte[] readlinkat(int dirfd, byte[] path) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment p = cString(arena, path);
            for (long size = Linux.PATH_MAX; ; size *= 4) { // magic links on procfs can be long
                MemorySegment buf = arena.allocate(size);
                long bufSize = size;
                long n = invoke("readlinkat", cap, Eintr.FAIL,
                        c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_READLINKAT, (long) dirfd, p.address(),
                                buf.address(), bufSize, 0L));
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
            }
        }
    }

    /**
     * {@code int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf)}.
     *
     * @param dirfd the directory {@code path} is relative to
     * @param path the path
     * @param flags the {@code AT_*} flags
     * @param mask the {@code STATX_*} fields wanted
     * @return what the kernel reported
     * @throws SyscallException with the call's errno
     */
    public static Statx statx(int dirfd, byte[] path, int flags, int mask) throws SyscallException {
        if (!Scratch.fits(path)) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment st = arena.allocate(Statx.LAYOUT);
                statx(arena.allocate(CAPTURE_LAYOUT), cString(arena, path), st, dirfd, flags, mask);
                return Statx.read(st);
            }
        }
        Scratch scratch = Scratch.get();
        statx(scratch.capture, scratch.path(path), scratch.block, dirfd, flags, mask);
        return Statx.read(scratch.block);
    }

    private static void statx(MemorySegment cap, MemorySegment p, MemorySegment st, int dirfd, int flags,
                              int mask) throws SyscallException {
        invoke("statx", cap, Eintr.FAIL, c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_STATX, (long) dirfd,
                p.address(), (long) flags, Integer.toUnsignedLong(mask), st.address()));
    }

    /**
     * {@code statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, mask, buf)}: the object
     * {@code fd} itself refers to, an {@code O_PATH} symlink included.
     *
     * @param fd the descriptor
     * @param mask the {@code STATX_*} fields wanted
     * @return what the kernel reported
     * @throws SyscallException with the call's errno
     */
    public static Statx fstatx(int fd, int mask) throws SyscallException {
        Scratch scratch = Scratch.get();
        statx(scratch.capture, EMPTY_PATH, scratch.block, fd, Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW, mask);
        return Statx.read(scratch.block);
    }

    /**
     * {@code statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_SIZE, buf)}: the size of
     * the file open on {@code fd}, read without building a {@link Statx}.
     *
     * @param fd the descriptor
     * @return {@code stx_size}
     * @throws SyscallException with the call's errno
     */
    public static long fstatSize(int fd) throws SyscallException {
        Scratch scratch = Scratch.get();
        statx(scratch.capture, EMPTY_PATH, scratch.block, fd, Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW,
                Linux.STATX_SIZE);
        return Statx.readSize(scratch.block);
    }

    /**
     * What {@code struct statfs} says of a file system.
     *
     * @param type {@code f_type}, the file system's magic
     * @param blockSize {@code f_bsize}, the optimal transfer block size
     * @param blocks {@code f_blocks}, the size in fragments
     * @param blocksFree {@code f_bfree}, the free fragments
     * @param blocksAvailable {@code f_bavail}, the fragments free to an unprivileged user
     * @param fragmentSize {@code f_frsize}, the fragment size
     * @param flags {@code f_flags}, the mount's {@code ST_*} flags
     */
    public record StatFs(long type, long blockSize, long blocks, long blocksFree, long blocksAvailable,
                         long fragmentSize, long flags) {
        /**
         * Whether the mount is read-only.
         *
         * @return {@link Linux#ST_RDONLY} is in {@code f_flags}
         */
        public boolean readOnly() {
            return (flags & Linux.ST_RDONLY) != 0;
        }
    }

    /**
     * {@code int fstatfs(int fd, struct statfs *buf)} on any descriptor, an {@code O_PATH} one included.
     *
     * @param fd the descriptor
     * @return what the kernel reported
     * @throws SyscallException with the call's errno
     */
    public static StatFs fstatfs(int fd) throws SyscallException {
        MemorySegment st = fstatfsInto(fd);
        return new StatFs((long) Structs.STATFS_TYPE.get(st, 0L), (long) Structs.STATFS_BSIZE.get(st, 0L),
                (long) Structs.STATFS_BLOCKS.get(st, 0L), (long) Structs.STATFS_BFREE.get(st, 0L),
                (long) Structs.STATFS_BAVAIL.get(st, 0L), (long) Structs.STATFS_FRSIZE.get(st, 0L),
                (long) Structs.STATFS_FLAGS.get(st, 0L));
    }

    /**
     * {@code fstatfs(fd, buf)}'s {@code f_type}: the magic of the file system {@code fd} lives on.
     *
     * @param fd the descriptor
     * @return {@code f_type}
     * @throws SyscallException with the call's errno
     */
    public static long fstatfsType(int fd) throws SyscallException {
        return (long) Structs.STATFS_TYPE.get(fstatfsInto(fd), 0L);
    }

    /**
     * {@code fstatfs(fd, buf)}'s {@code f_flags}: {@link Linux#ST_RDONLY},
     * {@link Linux#ST_NOSUID}, {@link Linux#ST_NODEV}, ... of the mount {@code fd} lives on.
     *
     * @param fd the descriptor
     * @return {@code f_flags}
     * @throws SyscallException with the call's errno
     */
    public static long fstatfsFlags(int fd) throws SyscallException {
        return (long) Structs.STATFS_FLAGS.get(fstatfsInto(fd), 0L);
    }

    /** fstatfs into the thread's scratch block, which it returns. */
    private static MemorySegment fstatfsInto(int fd) throws SyscallException {
        Scratch scratch = Scratch.get();
        MemorySegment st = scratch.block;
        invoke("fstatfs", scratch.capture, Eintr.FAIL, c -> (long) SYSCALL5.invokeExact(c, Linux.SYS_FSTATFS,
                (long) fd, st.address(), 0L, 0L, 0L));
        return st;
    }

    /**
     * One directory entry as {@code getdents64} reports it.
     *
     * @param name {@code d_name}, without its NUL
     * @param ino {@code d_ino}
     * @param type {@code d_type}, a {@code DT_*} value
     */
    public record Dirent(byte[] name, long ino, int type) {
    }

    /**
     * Every entry of the directory open for reading on {@code fd}, except {@code .} and
     * {@code ..}, by {@code getdents64} calls until the end.
     *
     * @param fd the directory
     * @return the entries
     * @throws SyscallException with the call's errno
     */
    public static List<Dirent> readDirectory(int fd) throws SyscallException {
        List<Dirent> entries = new ArrayList<>();
        for (List<Dirent> batch; !(batch = readDirectoryBatch(fd, 32 * 1024)).isEmpty(); ) {
            entries.addAll(batch);
        }
        return entries;
    }

    /**
     * {@code ssize_t getdents64(int fd, void *dirp, size_t count)}: the next entries of the
     * directory open for reading on {@code fd}, as one call with a buffer of
     * {@code bufferSize} bytes returns them (more calls only when a buffer held nothing but
     * {@code .} and {@code ..}); empty at the end of the directory. The descriptor's position
     * moves past them.
     *
     * @param fd the directory
     * @param bufferSize the buffer's size
     * @return the entries, without {@code .} and {@code ..}
     * @throws SyscallException with the call's errno
     */
    public static List<Dirent> readDirectoryBatch(int fd, int bufferSize) throws SyscallException {
        List<Dirent> entries = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment buf = arena.allocate(bufferSize, 8);
            while (entries.isEmpty()) {
                long n = invoke("getdents64", cap, Eintr.RETRY,
                        c -> (long) Listing.GETDENTS64.invokeExact(c, fd, buf, (long) bufferSize));
                if (n == 0) {
                    break;
                }
                for (long off = 0; off < n; ) {
                    MemorySegment entry = buf.asSlice(off);
                    int reclen = Short.toUnsignedInt((short) Structs.DIRENT64_RECLEN.get(entry, 0L));
                    byte[] name = nulTerminated(entry.asSlice(Structs.DIRENT64_NAME, reclen - Structs.DIRENT64_NAME));
                    if (!isDotOrDotDot(name)) {
                        entries.add(new Dirent(name, (long) Structs.DIRENT64_INO.get(entry, 0L),
                                Byte.toUnsignedInt((byte) Structs.DIRENT64_TYPE.get(entry, 0L))));
                    }
                    off += reclen;
                }
            }
            return entries;
        }
    }

    /** The bytes of {@code s} before its first NUL. */
    private static byte[] nulTerminated(MemorySegment s) {
        long len = 0;
        while (s.get(JAVA_BYTE, len) != 0) {
            len++;
        }
        return s.asSlice(0, len).toArray(JAVA_BYTE);
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return name.length <= 2 && name.length > 0 && name[0] == '.' && (name.length == 1 || name[1] == '.');
    }

    // ---- changing the tree --------------------------------------------------------------

    /**
     * {@code int mkdirat(int dirfd, const char *pathname, mode_t mode)}.
     *
     * @param dirfd the parent directory
     * @param name the new directory's name
     * @param mode its mode, before the umask
     * @throws SyscallException with the call's errno
     */
    public static void mkdirat(int dirfd, byte[] name, int mode) throws SyscallException {
        pathCall("mkdirat", name, Eintr.FAIL, (c, p) -> (int) Tree.MKDIRAT.invokeExact(c, dirfd, p, mode));
    }

    /**
     * {@code int mknodat(int dirfd, const char *pathname, mode_t mode, dev_t dev)}.
     *
     * @param dirfd the parent directory
     * @param name the new node's name
     * @param mode its type and mode
     * @param dev the device of a device file
     * @throws SyscallException with the call's errno
     */
    public static void mknodat(int dirfd, byte[] name, int mode, long dev) throws SyscallException {
        pathCall("mknodat", name, Eintr.FAIL, (c, p) -> (int) Tree.MKNODAT.invokeExact(c, dirfd, p, mode, dev));
    }

    /**
     * {@code int unlinkat(int dirfd, const char *pathname, int flags)}.
     *
     * @param dirfd the parent directory
     * @param name the entry's name
     * @param flags 0, or {@link Linux#AT_REMOVEDIR}
     * @throws SyscallException with the call's errno
     */
    public static void unlinkat(int dirfd, byte[] name, int flags) throws SyscallException {
        pathCall("unlinkat", name, Eintr.FAIL, (c, p) -> (int) Tree.UNLINKAT.invokeExact(c, dirfd, p, flags));
    }

    /**
     * {@code int fchmodat(int dirfd, const char *pathname, mode_t mode, int flags)}.
     *
     * @param dirfd the directory {@code name} is relative to
     * @param name the path
     * @param mode the new mode bits
     * @param flags the {@code AT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void fchmodat(int dirfd, byte[] name, int mode, int flags) throws SyscallException {
        pathCall("fchmodat", name, Eintr.FAIL, (c, p) -> (int) Tree.FCHMODAT.invokeExact(c, dirfd, p, mode, flags));
    }

    /**
     * {@code int fchownat(int dirfd, const char *pathname, uid_t owner, gid_t group, int flags)}.
     *
     * @param dirfd the directory {@code name} is relative to
     * @param name the path
     * @param uid the new owner, or -1 to keep it
     * @param gid the new group, or -1 to keep it
     * @param flags the {@code AT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void fchownat(int dirfd, byte[] name, int uid, int gid, int flags) throws SyscallException {
        pathCall("fchownat", name, Eintr.FAIL,
                (c, p) -> (int) Tree.FCHOWNAT.invokeExact(c, dirfd, p, uid, gid, flags));
    }

    /**
     * {@code long syscall(SYS_fchmodat2, int dirfd, const char *pathname, mode_t mode, int flags)}
     * (Linux 6.6): unlike fchmodat, it takes {@code AT_EMPTY_PATH}, so an {@code O_PATH}
     * descriptor can be changed directly.
     *
     * @param dirfd the directory {@code name} is relative to
     * @param name the path
     * @param mode the new mode bits
     * @param flags the {@code AT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void fchmodat2(int dirfd, byte[] name, int mode, int flags) throws SyscallException {
        pathCall("fchmodat2", name, Eintr.FAIL,
                (c, p) -> (long) SYSCALL5.invokeExact(c, Linux.SYS_FCHMODAT2, (long) dirfd, p.address(),
                        (long) mode, (long) flags, 0L));
    }

    /**
     * {@code int fchmod(int fd, mode_t mode)}.
     *
     * @param fd the descriptor
     * @param mode the new mode bits
     * @throws SyscallException with the call's errno
     */
    public static void fchmod(int fd, int mode) throws SyscallException {
        invoke("fchmod", capture(), Eintr.FAIL, c -> (int) Tree.FCHMOD.invokeExact(c, fd, mode));
    }

    /**
     * {@code int utimensat(int dirfd, const char *pathname, const struct timespec times[2], int flags)};
     * a {@code null} time leaves that time unchanged ({@link Linux#UTIME_OMIT}).
     *
     * @param dirfd the directory {@code name} is relative to
     * @param name the path
     * @param atime the access time as {seconds, nanoseconds}, or null
     * @param mtime the modification time as {seconds, nanoseconds}, or null
     * @param flags the {@code AT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void utimensat(int dirfd, byte[] name, long[] atime, long[] mtime, int flags)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(Structs.TIMESPEC, 2);
            setTime(times, 0, atime);
            setTime(times, Structs.TIMESPEC.byteSize(), mtime);
            pathCall("utimensat", name, Eintr.FAIL,
                    (c, p) -> (int) Tree.UTIMENSAT.invokeExact(c, dirfd, p, times, flags));
        }
    }

    private static void setTime(MemorySegment times, long offset, long[] time) {
        Structs.TIMESPEC_SEC.set(times, offset, time == null ? 0 : time[0]);
        Structs.TIMESPEC_NSEC.set(times, offset, time == null ? Linux.UTIME_OMIT : time[1]);
    }

    /**
     * {@code int symlinkat(const char *target, int newdirfd, const char *linkpath)}.
     *
     * @param target the link's content
     * @param dirfd the parent directory
     * @param name the link's name
     * @throws SyscallException with the call's errno
     */
    public static void symlinkat(byte[] target, int dirfd, byte[] name) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = cString(arena, target);
            pathCall("symlinkat", name, Eintr.FAIL, (c, p) -> (int) Tree.SYMLINKAT.invokeExact(c, t, dirfd, p));
        }
    }

    /**
     * {@code int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)}.
     *
     * @param olddirfd the directory {@code oldname} is relative to
     * @param oldname the existing name
     * @param newdirfd the directory {@code newname} is relative to
     * @param newname the new name
     * @param flags 0, {@link Linux#AT_SYMLINK_FOLLOW} or {@link Linux#AT_EMPTY_PATH}
     * @throws SyscallException with the call's errno
     */
    public static void linkat(int olddirfd, byte[] oldname, int newdirfd, byte[] newname, int flags)
            throws SyscallException {
        twoPaths("linkat", Tree.LINKAT, olddirfd, oldname, newdirfd, newname, flags);
    }

    /**
     * {@code int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)}.
     *
     * @param olddirfd the directory {@code oldname} is relative to
     * @param oldname the existing name
     * @param newdirfd the directory {@code newname} is relative to
     * @param newname the new name
     * @param flags 0, {@link Linux#RENAME_NOREPLACE} or {@link Linux#RENAME_EXCHANGE}
     * @throws SyscallException with the call's errno
     */
    public static void renameat2(int olddirfd, byte[] oldname, int newdirfd, byte[] newname, int flags)
            throws SyscallException {
        twoPaths("renameat2", Tree.RENAMEAT2, olddirfd, oldname, newdirfd, newname, flags);
    }

    /** A call of the shape {@code int f(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)}. */
    private static void twoPaths(String name, MethodHandle call, int olddirfd, byte[] oldname, int newdirfd,
                                 byte[] newname, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = cString(arena, oldname);
            pathCall(name, newname, Eintr.FAIL,
                    (c, to) -> (int) call.invokeExact(c, olddirfd, from, newdirfd, to, flags));
        }
    }

    // ---- file I/O -----------------------------------------------------------------------

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count)}, or
     * {@code ssize_t pread(int fd, void *buf, size_t count, off_t offset)} when {@code position >= 0}.
     *
     * @param fd the descriptor
     * @param dst where to read to (a native segment), its whole size
     * @param position the file position, or negative for the descriptor's offset
     * @return the byte count, 0 at end of file
     * @throws SyscallException with the call's errno
     */
    public static long read(int fd, MemorySegment dst, long position) throws SyscallException {
        long size = dst.byteSize();
        return position < 0
                ? invoke("read", capture(), Eintr.RETRY, c -> (long) Io.READ.invokeExact(c, fd, dst, size))
                : invoke("pread", capture(), Eintr.RETRY, c -> (long) Io.PREAD.invokeExact(c, fd, dst, size, position));
    }

    /**
     * {@code ssize_t write(int fd, const void *buf, size_t count)}, or
     * {@code ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)} when {@code position >= 0}.
     *
     * @param fd the descriptor
     * @param src what to write (a native segment), its whole size
     * @param position the file position, or negative for the descriptor's offset
     * @return the byte count written
     * @throws SyscallException with the call's errno
     */
    public static long write(int fd, MemorySegment src, long position) throws SyscallException {
        long size = src.byteSize();
        return position < 0
                ? invoke("write", capture(), Eintr.RETRY, c -> (long) Io.WRITE.invokeExact(c, fd, src, size))
                : invoke("pwrite", capture(), Eintr.RETRY,
                        c -> (long) Io.PWRITE.invokeExact(c, fd, src, size, position));
    }

    /**
     * {@code off_t lseek(int fd, off_t offset, int whence)}.
     *
     * @param fd the descriptor
     * @param offset the offset
     * @param whence {@link Linux#SEEK_SET}, {@link Linux#SEEK_CUR} or {@link Linux#SEEK_END}
     * @return the new offset
     * @throws SyscallException with the call's errno
     */
    public static long lseek(int fd, long offset, int whence) throws SyscallException {
        return invoke("lseek", capture(), Eintr.FAIL, c -> (long) Io.LSEEK.invokeExact(c, fd, offset, whence));
    }

    /**
     * {@code ssize_t copy_file_range(int fd_in, NULL, int fd_out, NULL, size_t len, 0)}: copies
     * up to {@code length} bytes inside the kernel at both files' offsets. Fails with
     * {@code EXDEV}, {@code EINVAL}, {@code EOPNOTSUPP} or {@code ENOSYS} where the file
     * systems or the kernel cannot do it; callers then copy through a buffer.
     *
     * @param fdIn the source
     * @param fdOut the target
     * @param length the most bytes to copy
     * @return the bytes copied, 0 at the end of the input
     * @throws SyscallException with the call's errno
     */
    public static long copyFileRange(int fdIn, int fdOut, long length) throws SyscallException {
        return invoke("copy_file_range", capture(), Eintr.RETRY, c -> (long) Io.COPY_FILE_RANGE.invokeExact(c, fdIn,
                MemorySegment.NULL, fdOut, MemorySegment.NULL, length, 0));
    }

    /**
     * {@code int ftruncate(int fd, off_t length)}.
     *
     * @param fd the descriptor, open for writing
     * @param size the new size
     * @throws SyscallException with the call's errno
     */
    public static void ftruncate(int fd, long size) throws SyscallException {
        invoke("ftruncate", capture(), Eintr.FAIL, c -> (int) Io.FTRUNCATE.invokeExact(c, fd, size));
    }

    /**
     * {@code int fsync(int fd)}, or {@code int fdatasync(int fd)} when {@code metadata} is false.
     *
     * @param fd the descriptor
     * @param metadata whether metadata is flushed too
     * @throws SyscallException with the call's errno
     */
    public static void fsync(int fd, boolean metadata) throws SyscallException {
        if (metadata) {
            invoke("fsync", capture(), Eintr.FAIL, c -> (int) Io.FSYNC.invokeExact(c, fd));
        } else {
            invoke("fdatasync", capture(), Eintr.FAIL, c -> (int) Io.FDATASYNC.invokeExact(c, fd));
        }
    }

    /**
     * {@code int flock(int fd, int operation)}.
     *
     * @param fd the descriptor
     * @param operation {@link Linux#LOCK_SH}, {@link Linux#LOCK_EX} or {@link Linux#LOCK_UN},
     *     with {@link Linux#LOCK_NB}
     * @throws SyscallException with the call's errno
     */
    public static void flock(int fd, int operation) throws SyscallException {
        invoke("flock", capture(), Eintr.FAIL, c -> (int) Io.FLOCK.invokeExact(c, fd, operation));
    }

    // ---- for the java.nio file system (dev.beneath.nio) ---------------------------------


    /**
     * {@code int faccessat(int dirfd, const char *pathname, int mode, int flags)}, with the real
     * ids, as {@code access(2)} checks.
     *
     * @param dirfd the directory {@code name} is relative to
     * @param name the path
     * @param mode {@code F_OK}, or {@code R_OK | W_OK | X_OK}
     * @param flags the {@code AT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void faccessat(int dirfd, byte[] name, int mode, int flags) throws SyscallException {
        pathCall("faccessat", name, Eintr.FAIL,
                (c, p) -> (int) NioCalls.FACCESSAT.invokeExact(c, dirfd, p, mode, flags));
    }

    /**
     * {@code int inotify_init1(int flags)}.
     *
     * @param flags {@link Linux#IN_CLOEXEC}, {@link Linux#IN_NONBLOCK}
     * @return the inotify descriptor
     * @throws SyscallException with the call's errno
     */
    public static int inotifyInit(int flags) throws SyscallException {
        return (int) invoke("inotify_init1", capture(), Eintr.FAIL,
                c -> (int) NioCalls.INOTIFY_INIT1.invokeExact(c, flags));
    }

    /**
     * {@code int inotify_add_watch(int fd, const char *pathname, uint32_t mask)}. The kernel
     * takes only a path; callers give the magic link of a pinned descriptor in a verified
     * procfs ({@code ProcFs#addWatch}), never a tree path.
     *
     * @param inotifyFd the inotify descriptor
     * @param path what to watch
     * @param mask the {@code IN_*} events
     * @return the watch descriptor
     * @throws SyscallException with the call's errno
     */
    public static int inotifyAddWatch(int inotifyFd, byte[] path, int mask) throws SyscallException {
        return (int) pathCall("inotify_add_watch", path, Eintr.FAIL,
                (c, p) -> (int) NioCalls.INOTIFY_ADD_WATCH.invokeExact(c, inotifyFd, p, mask));
    }

    /**
     * {@code int inotify_rm_watch(int fd, int wd)}.
     *
     * @param inotifyFd the inotify descriptor
     * @param wd the watch descriptor
     * @throws SyscallException with the call's errno
     */
    public static void inotifyRmWatch(int inotifyFd, int wd) throws SyscallException {
        invoke("inotify_rm_watch", capture(), Eintr.FAIL,
                c -> (int) NioCalls.INOTIFY_RM_WATCH.invokeExact(c, inotifyFd, wd));
    }

    /**
     * {@code int eventfd(unsigned int initval, int flags)} with an initial value of 0.
     *
     * @param flags {@link Linux#EFD_CLOEXEC}, {@link Linux#EFD_NONBLOCK}
     * @return the eventfd
     * @throws SyscallException with the call's errno
     */
    public static int eventfd(int flags) throws SyscallException {
        return (int) invoke("eventfd", capture(), Eintr.FAIL, c -> (int) NioCalls.EVENTFD.invokeExact(c, 0, flags));
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} for {@link Linux#POLLIN}
     * on {@code fds}. {@code EINTR} answers "none" (see {@link Eintr#FAIL}).
     *
     * @param fds the descriptors
     * @param timeoutMillis the longest wait, -1 for no limit
     * @return which of them are readable
     * @throws SyscallException with the call's errno
     */
    public static boolean[] pollIn(int[] fds, int timeoutMillis) throws SyscallException {
        boolean[] ready = new boolean[fds.length];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfds = arena.allocate(Structs.POLLFD, fds.length);
            long size = Structs.POLLFD.byteSize();
            for (int i = 0; i < fds.length; i++) {
                Structs.POLLFD_FD.set(pfds, size * i, fds[i]);
                Structs.POLLFD_EVENTS.set(pfds, size * i, Linux.POLLIN);
            }
            invoke("poll", capture(), Eintr.FAIL,
                    c -> (int) NioCalls.POLL.invokeExact(c, pfds, (long) fds.length, timeoutMillis));
            for (int i = 0; i < fds.length; i++) {
                ready[i] = (short) Structs.POLLFD_REVENTS.get(pfds, size * i) != 0;
            }
            return ready;
        } catch (SyscallException e) {
            if (e.errno() == ErrnoNames.EINTR) {
                return ready;
            }
            throw e;
        }
    }

    /**
     * The name of user {@code uid}, by {@code int getpwuid_r(uid_t uid, struct passwd *pwd,
     * char *buf, size_t buflen, struct passwd **result)} (NSS, as {@code id -un} asks).
     *
     * @param uid the user id
     * @return the name, or null when the database has none
     */
    public static String userName(int uid) {
        return nss("getpwuid_r", Structs.PASSWD, Structs.PASSWD_NAME, null,
                (c, entry, buf, size, result) -> (int) NioCalls.GETPWUID_R.invokeExact(c, uid, entry, buf, size, result));
    }

    /**
     * The name of group {@code gid}, by {@code int getgrgid_r(gid_t gid, struct group *grp,
     * char *buf, size_t buflen, struct group **result)}.
     *
     * @param gid the group id
     * @return the name, or null when the database has none
     */
    public static String groupName(int gid) {
        return nss("getgrgid_r", Structs.GROUP, Structs.GROUP_NAME, null,
                (c, entry, buf, size, result) -> (int) NioCalls.GETGRGID_R.invokeExact(c, gid, entry, buf, size, result));
    }

    /**
     * The uid of user {@code name}, by {@code int getpwnam_r(const char *name, struct passwd
     * *pwd, char *buf, size_t buflen, struct passwd **result)}.
     *
     * @param name the user name
     * @return the uid, or -1 when the database has no such user
     */
    public static int userId(String name) {
        return nssId(name, "getpwnam_r", Structs.PASSWD, Structs.PASSWD_UID, NioCalls.GETPWNAM_R);
    }

    /**
     * The gid of group {@code name}, by {@code int getgrnam_r(const char *name, struct group
     * *grp, char *buf, size_t buflen, struct group **result)}.
     *
     * @param name the group name
     * @return the gid, or -1 when the database has no such group
     */
    public static int groupId(String name) {
        return nssId(name, "getgrnam_r", Structs.GROUP, Structs.GROUP_GID, NioCalls.GETGRNAM_R);
    }

    /** The id a {@code get*nam_r} lookup of {@code name} finds, or -1. */
    private static int nssId(String name, String call, StructLayout layout, VarHandle id, MethodHandle byName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            String found = nss(call, layout, null, id,
                    (c, entry, buf, size, result) -> (int) byName.invokeExact(c, n, entry, buf, size, result));
            return found == null ? -1 : Integer.parseInt(found);
        }
    }

    private interface NssCall {
        int call(MemorySegment capture, MemorySegment entry, MemorySegment buf, long size, MemorySegment result)
                throws Throwable;
    }

    /**
     * One {@code get*_r} lookup, its buffer grown while it answers {@code ERANGE}. These
     * return the error number instead of -1 and errno, so {@link #invoke} sees no failure.
     *
     * @return the entry's name ({@code name} given) or its id ({@code id} given), null when not found
     */
    private static String nss(String call, StructLayout layout, VarHandle name, VarHandle id, NssCall lookup) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment entry = arena.allocate(layout);
            MemorySegment result = arena.allocate(ADDRESS);
            for (long size = 1024; size <= 1 << 20; size *= 4) {
                MemorySegment buf = arena.allocate(size);
                long bufSize = size;
                long r = invoke(call, cap, Eintr.FAIL, c -> lookup.call(c, entry, buf, bufSize, result));
                if (r == ErrnoNames.ERANGE) {
                    continue;
                }
                if (r != 0 || result.get(ADDRESS, 0).address() == 0) {
                    return null;
                }
                return name != null
                        ? ((MemorySegment) name.get(entry, 0L)).reinterpret(Long.MAX_VALUE).getString(0)
                        : Integer.toUnsignedString((int) id.get(entry, 0L));
            }
            return null;
        } catch (SyscallException e) {
            throw new IllegalStateException(e); // get*_r never returns a negative number
        }
    }

    // ---- mounts -------------------------------------------------------------------------

    /** {@code syscall(nr, a, b, c, d, e)} for the calls libc does not wrap. */
    private static long syscall(String name, long nr, long a, long b, long c, long d, long e)
            throws SyscallException {
        return invoke(name, capture(), Eintr.FAIL, cap -> (long) SYSCALL5.invokeExact(cap, nr, a, b, c, d, e));
    }

    /**
     * {@code int open_tree(int dirfd, const char *path, unsigned int flags)}: with
     * {@link Linux#OPEN_TREE_CLONE}, a detached copy of the mount at the path.
     *
     * @param dirfd the directory {@code path} is relative to
     * @param path the path
     * @param flags {@code OPEN_TREE_*} and {@code AT_*} flags
     * @return the mount descriptor
     * @throws SyscallException with the call's errno
     */
    public static int openTree(int dirfd, byte[] path, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("open_tree", Linux.SYS_OPEN_TREE, dirfd, cString(arena, path).address(), flags, 0, 0);
        }
    }

    /**
     * {@code int move_mount(int from_dirfd, const char *from_path, int to_dirfd, const char *to_path, unsigned int flags)}.
     *
     * @param fromDirfd the directory {@code fromPath} is relative to
     * @param fromPath the mount to move
     * @param toDirfd the directory {@code toPath} is relative to
     * @param toPath where to attach it
     * @param flags the {@code MOVE_MOUNT_*} flags
     * @throws SyscallException with the call's errno
     */
    public static void moveMount(int fromDirfd, byte[] fromPath, int toDirfd, byte[] toPath, int flags)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("move_mount", Linux.SYS_MOVE_MOUNT, fromDirfd, cString(arena, fromPath).address(),
                    toDirfd, cString(arena, toPath).address(), flags);
        }
    }

    /**
     * {@code int fsopen(const char *fsname, unsigned int flags)}.
     *
     * @param fsName the file system type
     * @param flags {@link Linux#FSOPEN_CLOEXEC}
     * @return the file system context descriptor
     * @throws SyscallException with the call's errno
     */
    public static int fsopen(String fsName, int flags) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("fsopen", Linux.SYS_FSOPEN, arena.allocateFrom(fsName).address(), flags, 0, 0, 0);
        }
    }

    /**
     * {@code int fsconfig(int fd, unsigned int cmd, const char *key, const void *value, int aux)}.
     *
     * @param fsfd the file system context
     * @param cmd the {@code FSCONFIG_*} command
     * @param key the option, or null
     * @param value its value, or null
     * @param aux the auxiliary argument
     * @throws SyscallException with the call's errno
     */
    public static void fsconfig(int fsfd, int cmd, String key, String value, int aux) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("fsconfig", Linux.SYS_FSCONFIG, fsfd, cmd, cStringOrNull(arena, key).address(),
                    cStringOrNull(arena, value).address(), aux);
        }
    }

    /**
     * {@code int fsmount(int fsfd, unsigned int flags, unsigned int attr_flags)}.
     *
     * @param fsfd the file system context
     * @param flags {@link Linux#FSMOUNT_CLOEXEC}
     * @param attrFlags the {@code MOUNT_ATTR_*} flags
     * @return the mount descriptor
     * @throws SyscallException with the call's errno
     */
    public static int fsmount(int fsfd, int flags, long attrFlags) throws SyscallException {
        return (int) syscall("fsmount", Linux.SYS_FSMOUNT, fsfd, flags, attrFlags, 0, 0);
    }

    /**
     * {@code int mount_setattr(int dirfd, const char *path, unsigned int flags, struct mount_attr *attr, size_t size)}.
     *
     * @param dirfd the directory {@code path} is relative to
     * @param path the mount's path
     * @param flags the {@code AT_*} flags
     * @param attrSet {@code attr_set}, the {@code MOUNT_ATTR_*} flags to set
     * @param attrClear {@code attr_clr}, the {@code MOUNT_ATTR_*} flags to clear
     * @throws SyscallException with the call's errno
     */
    public static void mountSetattr(int dirfd, byte[] path, int flags, long attrSet, long attrClear)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Structs.MOUNT_ATTR);
            Structs.MOUNT_ATTR_SET.set(attr, 0L, attrSet);
            Structs.MOUNT_ATTR_CLR.set(attr, 0L, attrClear);
            syscall("mount_setattr", Linux.SYS_MOUNT_SETATTR, dirfd, cString(arena, path).address(), flags,
                    attr.address(), Structs.MOUNT_ATTR.byteSize());
        }
    }

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype,
     * unsigned long mountflags, const void *data)}; null strings are passed as NULL.
     *
     * @param source the source, or null
     * @param target the mount point
     * @param fsType the file system type, or null
     * @param flags the {@code MS_*} flags
     * @param data the options, or null
     * @throws SyscallException with the call's errno
     */
    public static void mount(String source, byte[] target, String fsType, long flags, String data)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = cStringOrNull(arena, source);
            MemorySegment f = cStringOrNull(arena, fsType);
            MemorySegment d = cStringOrNull(arena, data);
            pathCall("mount", target, Eintr.FAIL, (c, t) -> (int) Mounts.MOUNT.invokeExact(c, s, t, f, flags, d));
        }
    }

    /**
     * {@code int umount2(const char *target, int flags)}.
     *
     * @param target the mount point
     * @param flags {@link Linux#MNT_DETACH}, {@link Linux#UMOUNT_NOFOLLOW}
     * @throws SyscallException with the call's errno
     */
    public static void umount2(byte[] target, int flags) throws SyscallException {
        pathCall("umount2", target, Eintr.FAIL, (c, p) -> (int) Mounts.UMOUNT2.invokeExact(c, p, flags));
    }

    // ---- process ------------------------------------------------------------------------

    /**
     * {@code uid_t geteuid(void)}.
     *
     * @return the effective user id
     */
    public static int geteuid() {
        return (int) infallible("geteuid", c -> Integer.toUnsignedLong((int) ProcessCalls.GETEUID.invokeExact()));
    }

    /**
     * {@code pid_t getpid(void)}.
     *
     * @return the process id
     */
    public static int getpid() {
        return (int) infallible("getpid", c -> (int) ProcessCalls.GETPID.invokeExact());
    }

    /**
     * {@code int uname(struct utsname *buf)}'s {@code release}, as {@code uname -r} prints it.
     *
     * @return the kernel release
     */
    public static String kernelRelease() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment uts = arena.allocate(Structs.UTSNAME);
            invoke("uname", capture(), Eintr.FAIL, c -> (int) ProcessCalls.UNAME.invokeExact(c, uts));
            return uts.getString(Structs.UTSNAME_RELEASE);
        } catch (SyscallException e) {
            throw new IllegalStateException(e); // uname fails only on a bad pointer
        }
    }
}
