package dev.beneath.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The descriptors open in this process and what each refers to, read from
 * {@code /proc/self/fd}. Comparing two snapshots names the descriptors that appeared between
 * them, which says more in a failure than a count does.
 */
public record FdSnapshot(Map<Integer, String> fds) {

    public static FdSnapshot take() {
        Path dir = Path.of("/proc/self/fd");
        String self = selfFdDir();
        Map<Integer, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (NoSuchFileException e) {
                    continue; // closed since the listing began
                }
                if (target.equals(self)) {
                    continue; // the listing's own descriptor
                }
                fds.put(Integer.parseInt(p.getFileName().toString()), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FdSnapshot(fds);
    }

    private static String selfFdDir() {
        try {
            return Path.of("/proc/self").toRealPath().resolve("fd").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int count() {
        return fds.size();
    }

    /** {@link #newSince} as text, at most twenty entries and the count, for an assertion message. */
    public String describeNewSince(FdSnapshot before) {
        Map<Integer, String> added = newSince(before);
        if (added.size() <= 20) {
            return added.toString();
        }
        Map<Integer, String> first = new TreeMap<>();
        added.entrySet().stream().limit(20).forEach(e -> first.put(e.getKey(), e.getValue()));
        return added.size() + " new descriptors, the first twenty: " + first;
    }

    /** Descriptors open now that were not open (or referred to something else) in {@code before}. */
    public Map<Integer, String> newSince(FdSnapshot before) {
        Map<Integer, String> added = new TreeMap<>();
        fds.forEach((fd, target) -> {
            if (!target.equals(before.fds.get(fd))) {
                added.put(fd, target);
            }
        });
        return added;
    }
}
