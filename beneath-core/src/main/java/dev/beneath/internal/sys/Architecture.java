package dev.beneath.internal.sys;

import java.util.Locale;
import java.util.Optional;

/**
 * The processor architectures whose constants the project was checked against (the kernel's
 * {@code asm-generic} and {@code arch/<arch>} headers). On any other, the open flags that
 * differ between architectures ({@code O_DIRECTORY}, {@code O_NOFOLLOW}; on ppc64le
 * {@code 0400000} is {@code O_DIRECT}, not {@code O_NOFOLLOW}) and the system call numbers
 * would be guesses, so nothing runs there: see {@link SelfCheck}.
 */
public enum Architecture {
    /** x86_64 (the JDK's {@code os.arch} {@code amd64}): its own table, {@code syscall_64.tbl}. */
    X86_64(0200000, 0400000, new Numbers(257, 3, 72, 267, 332, 138)),
    /** aarch64 (arm64): the generic table, {@code asm-generic/unistd.h}. */
    AARCH64(040000, 0100000, new Numbers(56, 57, 25, 78, 291, 44));

    /** The numbers of the system calls the lookup path makes through {@code syscall(2)}. */
    record Numbers(long openat, long close, long fcntl, long readlinkat, long statx, long fstatfs) {
    }

    private final int oDirectory;
    private final int oNofollow;
    private final Numbers numbers;

    Architecture(int oDirectory, int oNofollow, Numbers numbers) {
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
        this.numbers = numbers;
    }

    /** The system call numbers of the lookup path on this architecture. */
    Numbers numbers() {
        return numbers;
    }

    /** {@code O_DIRECTORY} on this architecture. */
    int oDirectory() {
        return oDirectory;
    }

    /** {@code O_NOFOLLOW} on this architecture. */
    int oNofollow() {
        return oNofollow;
    }

    /**
     * This JVM's architecture, when it is one of the checked ones.
     *
     * @return the architecture, or empty
     */
    public static Optional<Architecture> current() {
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    /**
     * Why this JVM cannot run the project's system calls.
     *
     * @return the reason, or empty when it can
     */
    public static Optional<String> unsupported() {
        String os = System.getProperty("os.name", "");
        if (!os.equals("Linux")) {
            return Optional.of("beneath runs on Linux only (os.name is " + os + ")");
        }
        if (current().isEmpty()) {
            return Optional.of("beneath runs on Linux x86_64 and aarch64 only: os.arch is "
                    + System.getProperty("os.arch") + ", whose open flags and system call numbers were never"
                    + " checked, so no path is resolved here rather than with guessed constants");
        }
        return Optional.empty();
    }

    /** The current architecture; refuses, with {@link #unsupported()}'s reason, on any other. */
    static Architecture required() {
        return current().orElseThrow(() -> new UnsupportedOperationException(unsupported().orElseThrow()));
    }
}
