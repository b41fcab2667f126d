package dev.beneath.subpath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mountinfo, for tests that check what is mounted where. */
final class Mounts {
    private Mounts() {
    }

    /** Mount points at or below {@code top}, in mount order. */
    static List<String> under(Path top) {
        try {
            String prefix = top.toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> unescape(line.split(" ")[4]))
                    .filter(mountPoint -> mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options of the last mount at exactly {@code mountPoint} (per-mount and superblock). */
    static String optionsOf(Path mountPoint) {
        try {
            String last = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (unescape(f[4]).equals(mountPoint.toString())) {
                    last = f[5];
                }
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
