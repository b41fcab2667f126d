package dev.beneath.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Objects identified by device and inode, never by path strings. */
public final class Inodes {
    private Inodes() {
    }

    /** A device and inode pair. */
    public record Key(long device, long inode) {
        @Override
        public String toString() {
            return device + ":" + inode;
        }
    }

    /** The key of what {@code path} names, without following a final symlink. */
    public static Key of(Path path) {
        try {
            Statx st = Sys.statx(Linux.AT_FDCWD, path.toString().getBytes(UTF_8), Linux.AT_SYMLINK_NOFOLLOW,
                    Linux.STATX_BASIC_STATS);
            return new Key(st.dev(), st.ino());
        } catch (SyscallException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every object inside {@code root} (the root included), symlinks not followed, mapped to its
     * path relative to {@code root} ("" for the root). Take it before a race starts: renames
     * inside the root move names, not inodes.
     */
    public static Map<Key, String> census(Path root) throws IOException {
        Map<Key, String> keys = new HashMap<>();
        try (Stream<Path> all = java.nio.file.Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                keys.putIfAbsent(of(p), root.relativize(p).toString());
            }
        }
        return keys;
    }
}
