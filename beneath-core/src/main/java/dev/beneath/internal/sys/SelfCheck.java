package dev.beneath.internal.sys;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Before the first root is opened, the constants the resolvers stand on are tried against the
 * running kernel, once: {@code O_NOFOLLOW} on a known symbolic link must fail with
 * {@code ELOOP}, {@code O_PATH} must give a path-only descriptor, {@code O_DIRECTORY} on a
 * file must fail with {@code ENOTDIR}, and the {@code openat2} system call number must open
 * the very directory {@code openat} does (or be missing, {@code ENOSYS}, or forbidden,
 * {@code EPERM}). The numbers the lookup path calls {@code statx}, {@code readlinkat} and
 * {@code fstatfs} by must answer what the JDK's own file system code reads for the same objects
 * ({@code openat} and {@code fcntl} are tried by the flag checks). Any other answer, or an {@link Architecture} whose constants were never
 * checked, makes every later attempt a refusal that says why: a wrong flag would make the
 * emulated walk follow links it must not.
 */
public final class SelfCheck {
    /** Symbolic links every Linux system has; the first that is one is tried. */
    private static final List<String> KNOWN_LINKS = List.of("/proc/self", "/dev/fd", "/dev/stdin");
    /** Objects that are not directories; the first that exists is tried. */
    private static final List<String> KNOWN_FILES = List.of("/dev/null", "/proc/self/stat");

    private SelfCheck() {
    }

    private static final class Holder {
        static final Optional<String> FAILURE = run();
    }

    /**
     * Refuses unless the check passed on this system.
     *
     * @throws UnsupportedOperationException with the reason, on every call once the check failed
     */
    public static void require() {
        Holder.FAILURE.ifPresent(reason -> {
            throw new UnsupportedOperationException(reason);
        });
    }

    /** What failed, or empty when every constant behaved. */
    static Optional<String> run() {
        Optional<String> unsupported = Architecture.unsupported();
        if (unsupported.isPresent()) {
            return unsupported;
        }
        try {
            return noFollow().or(SelfCheck::pathOnly).or(SelfCheck::directoryOnly).or(SelfCheck::lookupNumbers)
                    .or(SelfCheck::openat2Number);
        } catch (RuntimeException e) {
            return Optional.of(failed("the check itself failed: " + e));
        }
    }

    private static String failed(String what) {
        return "beneath refuses to run: the system does not behave as its constants say (" + what + ")";
    }

    private static Optional<String> noFollow() {
        String link = first(KNOWN_LINKS, true);
        if (link == null) {
            return Optional.of(failed("no symbolic link among " + KNOWN_LINKS + " to try O_NOFOLLOW on"));
        }
        try {
            Sys.close(Sys.openat(Linux.AT_FDCWD, bytes(link), Linux.O_RDONLY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC
                    | Linux.O_NONBLOCK | Linux.O_NOCTTY, 0));
            return Optional.of(failed("O_NOFOLLOW opened through the symbolic link " + link));
        } catch (SyscallException e) {
            return e.errno() == ErrnoNames.ELOOP ? Optional.empty()
                    : Optional.of(failed("O_NOFOLLOW on the symbolic link " + link + " gave " + e.errnoName()
                            + ", not ELOOP"));
        }
    }

    private static Optional<String> pathOnly() {
        try {
            int fd = Sys.openat(Linux.AT_FDCWD, bytes("/"), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            try {
                int flags = Sys.fcntl(fd, Linux.F_GETFL, 0);
                return (flags & Linux.O_PATH) != 0 ? Optional.empty()
                        : Optional.of(failed("O_PATH gave a descriptor whose flags lack O_PATH"));
            } finally {
                Sys.close(fd);
            }
        } catch (SyscallException e) {
            return Optional.of(failed("O_PATH|O_DIRECTORY on / gave " + e.errnoName()));
        }
    }

    private static Optional<String> directoryOnly() {
        String file = first(KNOWN_FILES, false);
        if (file == null) {
            return Optional.of(failed("no file among " + KNOWN_FILES + " to try O_DIRECTORY on"));
        }
        try {
            Sys.close(Sys.openat(Linux.AT_FDCWD, bytes(file), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
            return Optional.of(failed("O_DIRECTORY opened " + file + ", which is not a directory"));
        } catch (SyscallException e) {
            return e.errno() == ErrnoNames.ENOTDIR ? Optional.empty()
                    : Optional.of(failed("O_DIRECTORY on " + file + " gave " + e.errnoName() + ", not ENOTDIR"));
        }
    }

    /**
     * {@code statx}, {@code readlinkat} and {@code fstatfs}, called by number, against what the
     * JDK's own native code (libc's wrappers) reads: the inode of {@code /}, the target of
     * {@code /proc/self} and the file system type of {@code /proc} (the last two where
     * {@code /proc} is mounted).
     */
    private static Optional<String> lookupNumbers() {
        long expected;
        try {
            expected = ((Number) Files.getAttribute(Path.of("/"), "unix:ino")).longValue();
        } catch (IOException e) {
            return Optional.of(failed("the JDK could not read the inode of /, to try statx against: " + e));
        }
        try {
            if (Sys.statx(Linux.AT_FDCWD, bytes("/"), 0, Linux.STATX_INO).ino() != expected) {
                return Optional.of(failed("system call " + Linux.SYS_STATX + " (statx) did not describe /"));
            }
            return procNumbers();
        } catch (SyscallException e) {
            return Optional.of(failed("statx, readlinkat or fstatfs by number gave " + e.errnoName()));
        }
    }

    /** readlinkat and fstatfs against {@code /proc}, where a procfs is mounted there; else nothing to try them on. */
    private static Optional<String> procNumbers() throws SyscallException {
        String target;
        try {
            Path self = Path.of("/proc/self");
            if (!Files.isSymbolicLink(self) || !Files.getFileStore(self.getParent()).type().equals("proc")) {
                return Optional.empty();
            }
            target = Files.readSymbolicLink(self).toString();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!target.equals(new String(Sys.readlinkat(Linux.AT_FDCWD, bytes("/proc/self")), UTF_8))) {
            return Optional.of(failed("system call " + Linux.SYS_READLINKAT + " (readlinkat) did not read /proc/self"));
        }
        int proc = Sys.openat(Linux.AT_FDCWD, bytes("/proc"), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            return Sys.fstatfsType(proc) == Linux.PROC_SUPER_MAGIC ? Optional.empty()
                    : Optional.of(failed("system call " + Linux.SYS_FSTATFS + " (fstatfs) did not describe /proc"));
        } finally {
            Sys.close(proc);
        }
    }

    private static Optional<String> openat2Number() {
        int viaOpenat2;
        try {
            viaOpenat2 = Sys.openat2(Linux.AT_FDCWD, bytes("/"), Linux.O_PATH | Linux.O_CLOEXEC, 0,
                    Linux.RESOLVE_NO_MAGICLINKS);
        } catch (SyscallException e) {
            return e.errno() == ErrnoNames.ENOSYS || e.errno() == ErrnoNames.EPERM ? Optional.empty()
                    : Optional.of(failed("system call " + Linux.SYS_OPENAT2 + " (openat2) on / gave " + e.errnoName()));
        }
        try {
            Statx a = Sys.fstatx(viaOpenat2, Linux.STATX_INO);
            Statx b = Sys.statx(Linux.AT_FDCWD, bytes("/"), 0, Linux.STATX_INO);
            return a.dev() == b.dev() && a.ino() == b.ino() ? Optional.empty()
                    : Optional.of(failed("system call " + Linux.SYS_OPENAT2 + " (openat2) did not open /"));
        } catch (SyscallException e) {
            return Optional.of(failed("what system call " + Linux.SYS_OPENAT2 + " returned is no descriptor: "
                    + e.errnoName()));
        } finally {
            Sys.close(viaOpenat2);
        }
    }

    /** The first of {@code paths} that exists and is (or is not) a symbolic link. */
    private static String first(List<String> paths, boolean symlink) {
        for (String p : paths) {
            try {
                Statx st = Sys.statx(Linux.AT_FDCWD, bytes(p), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_TYPE);
                if (st.isSymlink() == symlink && (symlink || !st.isDirectory())) {
                    return p;
                }
            } catch (SyscallException missing) {
                // try the next one
            }
        }
        return null;
    }

    private static byte[] bytes(String path) {
        return path.getBytes(UTF_8);
    }
}
