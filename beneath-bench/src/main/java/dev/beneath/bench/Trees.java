package dev.beneath.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch trees the benchmarks work in, made and removed with plain {@code java.nio.file}. */
public final class Trees {
    /** The name of every directory on a benchmark path. */
    public static final String DIRECTORY = "d";
    /** The name of the regular file a benchmark path ends in. */
    public static final String FILE = "f";

    private Trees() {
    }

    /** A fresh empty directory under the system temporary directory. */
    public static Path scratch(String prefix) {
        try {
            return Files.createTempDirectory("beneath-bench-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code d/d/.../f}: {@code depth} components, the last a regular file. */
    public static String path(int depth) {
        return (DIRECTORY + "/").repeat(depth - 1) + FILE;
    }

    /** Creates the directories and the file of {@link #path(int)} under {@code root}. */
    public static void makePath(Path root, int depth) {
        try {
            Path file = root.resolve(path(depth));
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A tree of exactly {@code entries} entries below {@code top}: directories of 99 files
     * each, the last one holding the remainder.
     */
    public static void makeWide(Path top, int entries) {
        try {
            Files.createDirectories(top);
            int made = 0;
            for (int d = 0; made < entries; d++) {
                Path dir = Files.createDirectory(top.resolve("dir" + d));
                made++;
                for (int f = 0; f < 99 && made < entries; f++, made++) {
                    Files.createFile(dir.resolve("file" + f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One directory {@code top} of {@code entries} entries counted below it: {@code entries / 2}
     * subdirectories holding one file each, the shape that made a removal that re-reads the
     * parent after each child quadratic.
     */
    public static void makeFlat(Path top, int entries) {
        try {
            Files.createDirectories(top);
            for (int d = 0; d < entries / 2; d++) {
                Files.createFile(Files.createDirectory(top.resolve("dir" + d)).resolve(FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code top} and everything below it, if it exists. */
    public static void delete(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
