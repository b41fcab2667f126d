package dev.beneath.nio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process umask, which the default provider lets the kernel apply to new files and
 * directories; beneath creates with exact modes, so it applies the umask itself. Read once
 * from {@code /proc/self/status} (Linux 4.7 and later; this process's own trusted record,
 * not part of any tree), since the only other way to read it, {@code umask(2)}, changes it.
 */
final class Umask {
    private Umask() {
    }

    private static final class Probe {
        static final int VALUE = read();
    }

    static int get() {
        return Probe.VALUE;
    }

    private static int read() {
        try {
            for (String line : new String(Files.readAllBytes(Path.of("/proc/self/status")), StandardCharsets.US_ASCII)
                    .split("\n")) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the strictest common value
        }
        return 077;
    }
}
