package dev.beneath.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The system call numbers the lookup path calls {@code syscall(2)} with, for every supported
 * architecture, and x86_64's open flags, against the kernel's UAPI headers as the C library
 * installs them (x86_64's own table, and the generic table aarch64 uses). Where the headers are
 * not installed the test is skipped and says so; the start-up self check still tries the
 * running architecture's numbers and flags.
 */
class SyscallNumbersTest {
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(__NR(?:3264)?_\\w+)\\s+(\\S+)", Pattern.MULTILINE);

    private static Path header(Architecture arch) {
        return switch (arch) {
            case X86_64 -> Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
            case AARCH64 -> Path.of("/usr/include/asm-generic/unistd.h");
        };
    }

    /** The numbers {@code arch}'s header defines; skips the test where it is not installed. */
    private static Map<String, Long> kernelNumbers(Architecture arch) throws IOException {
        Path header = header(arch);
        assumeTrue(Files.isRegularFile(header), () -> header + " is not installed (linux-libc-dev)");
        return numbers(header);
    }

    /** {@code __NR_x} to its number, following one level of {@code #define __NR_x __NR3264_x}. */
    private static Map<String, Long> numbers(Path header) throws IOException {
        Map<String, String> raw = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(header));
        while (m.find()) {
            raw.putIfAbsent(m.group(1), m.group(2));
        }
        Map<String, Long> out = new HashMap<>();
        raw.forEach((name, value) -> {
            String v = raw.getOrDefault(value, value);
            if (v.matches("\\d+")) {
                out.put(name, Long.parseLong(v));
            }
        });
        return out;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theLookupPathsNumbersAreTheKernels(Architecture arch) throws IOException {
        Map<String, Long> kernel = kernelNumbers(arch);
        Architecture.Numbers n = arch.numbers();
        assertEquals(kernel.get("__NR_openat"), n.openat(), "openat");
        assertEquals(kernel.get("__NR_close"), n.close(), "close");
        assertEquals(kernel.get("__NR_fcntl"), n.fcntl(), "fcntl");
        assertEquals(kernel.get("__NR_readlinkat"), n.readlinkat(), "readlinkat");
        assertEquals(kernel.get("__NR_statx"), n.statx(), "statx");
        assertEquals(kernel.get("__NR_fstatfs"), n.fstatfs(), "fstatfs");
    }

    /**
     * x86_64 takes its open flags from the generic {@code fcntl.h} (its own includes it); arm64
     * has a header of its own, which only an arm64 system installs.
     */
    @Test
    void theX8664OpenFlagsAreTheGenericHeaders() throws IOException {
        Path header = Path.of("/usr/include/asm-generic/fcntl.h");
        assumeTrue(Files.isRegularFile(header), () -> header + " is not installed (linux-libc-dev)");
        Map<String, Integer> flags = new HashMap<>();
        Matcher m = Pattern.compile("^#define\\s+(O_\\w+)\\s+(0[0-7]+)\\b", Pattern.MULTILINE)
                .matcher(Files.readString(header));
        while (m.find()) {
            flags.putIfAbsent(m.group(1), Integer.parseInt(m.group(2), 8));
        }
        assertEquals(flags.get("O_DIRECTORY"), Architecture.X86_64.oDirectory());
        assertEquals(flags.get("O_NOFOLLOW"), Architecture.X86_64.oNofollow());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theUnifiedNumbersAreTheKernels(Architecture arch) throws IOException {
        Map<String, Long> kernel = kernelNumbers(arch);
        assertEquals(kernel.get("__NR_open_tree"), Linux.SYS_OPEN_TREE);
        assertEquals(kernel.get("__NR_move_mount"), Linux.SYS_MOVE_MOUNT);
        assertEquals(kernel.get("__NR_fsopen"), Linux.SYS_FSOPEN);
        assertEquals(kernel.get("__NR_fsconfig"), Linux.SYS_FSCONFIG);
        assertEquals(kernel.get("__NR_fsmount"), Linux.SYS_FSMOUNT);
        assertEquals(kernel.get("__NR_openat2"), Linux.SYS_OPENAT2);
        assertEquals(kernel.get("__NR_mount_setattr"), Linux.SYS_MOUNT_SETATTR);
        // Linux 6.6; headers of older kernels (Debian 12 ships 6.1's) do not have it yet
        if (kernel.containsKey("__NR_fchmodat2")) {
            assertEquals(kernel.get("__NR_fchmodat2"), Linux.SYS_FCHMODAT2);
        }
    }
}
