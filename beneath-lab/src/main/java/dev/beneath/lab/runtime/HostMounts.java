package dev.beneath.lab.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}: used
 * to prove that nothing stays mounted under a directory, and to refuse to delete a directory
 * that still has something mounted below it.
 */
public final class HostMounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private HostMounts() {
    }

    /** Every mount point in this namespace, in mountinfo order (octal escapes decoded). */
    public static List<Path> all() throws IOException {
        List<Path> points = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    /**
     * The mount points strictly below {@code dir} or at it. {@code dir} is compared as given
     * and as its real path, so a temporary directory reached through a symlink still counts.
     */
    public static List<Path> under(Path dir) throws IOException {
        Path given = dir.toAbsolutePath().normalize();
        Path real = Files.exists(given) ? given.toRealPath() : given;
        List<Path> found = new ArrayList<>();
        for (Path point : all()) {
            if (point.startsWith(given) || point.startsWith(real)) {
                found.add(point);
            }
        }
        return found;
    }

    /** Decodes mountinfo's {@code \ooo} escapes (space, tab, newline, backslash). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2])
                    && isOctal(raw[i + 3])) {
                out.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
