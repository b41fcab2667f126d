package dev.beneath.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixed tree the fuzzer works on: a root full of hostile entries (links to {@code /}, to
 * the outside, up and out, in loops, dangling, through {@code /proc}, a fifo, a file where a
 * directory is expected) next to an {@code outside} directory holding a secret.
 */
final class HostileTree {
    /** Names the input decoder can emit whole, so the fuzzer reaches every hostile entry quickly. */
    static final List<String> TOKENS = List.of("a", "b", "c", "f", "p", "abs", "absout", "up", "upout", "loop1",
            "dangling", "self", "chain", "deep", "proc", "fdl", "rel", "fdir", "dotdot", "..", ".", "outside",
            "secret", "new", "x", "etc", "passwd", "sub", "", "//", "/", "...");

    private HostileTree() {
    }

    /** Lays the tree out in the empty directory {@code dir}; returns the root. */
    static Path create(Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/sub"));
        Files.writeString(dir.resolve("outside/secret"), "secret\n");
        Path root = Files.createDirectories(dir.resolve("root/a/b/c")).getParent().getParent().getParent();
        Files.writeString(root.resolve("f"), "inside\n");
        try {
            Sys.mknodat(Linux.AT_FDCWD, root.resolve("p").toString().getBytes(UTF_8), 0010644, 0);
        } catch (SyscallException e) {
            throw new IOException("mkfifo: " + e.getMessage(), e);
        }
        Map<String, String> links = Map.ofEntries(
                Map.entry("abs", "/"), Map.entry("absout", outside.getParent().toString()),
                Map.entry("up", "../../.."), Map.entry("upout", "../outside"),
                Map.entry("loop1", "loop2"), Map.entry("loop2", "loop1"),
                Map.entry("dangling", "nothing/here"), Map.entry("self", "."),
                Map.entry("chain", "a/b/../b/c"), Map.entry("deep", "a/b/c/../../../up"),
                Map.entry("proc", "/proc/self/root"), Map.entry("fdl", "/proc/self/fd/0"),
                Map.entry("rel", "a/b"), Map.entry("fdir", "f/"), Map.entry("dotdot", ".."));
        for (Map.Entry<String, String> l : links.entrySet()) {
            Files.createSymbolicLink(root.resolve(l.getKey()), Path.of(l.getValue()));
        }
        Files.createSymbolicLink(root.resolve("a/b/c/out"), Path.of("../../../../outside/secret"));
        return root;
    }

    /** Every object under {@code top}, links not followed, by {@code dev:ino}, mapped to its relative path. */
    static Map<String, String> census(Path top) throws IOException {
        Map<String, String> keys = new HashMap<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
                keys.putIfAbsent(a.get("dev") + ":" + a.get("ino"), top.relativize(p).toString());
            }
        }
        return keys;
    }
}
