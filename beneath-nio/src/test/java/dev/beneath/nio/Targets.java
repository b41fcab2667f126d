package dev.beneath.nio;

import dev.beneath.Backend;
import dev.beneath.ResolveOptions;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a conformance row runs: the default file system in a temporary directory, or a
 * beneath file system (openat2 or emulated backend) whose {@code /} is such a directory.
 * A row names paths relative to the tree's top; answers are shown in the tree's terms, so
 * the three targets' answers compare as strings.
 */
enum Targets {
    DEFAULT(null), OPENAT2(Backend.OPENAT2), EMULATED(Backend.EMULATED);

    private final Backend backend;

    Targets(Backend backend) {
        this.backend = backend;
    }

    boolean isBeneath() {
        return backend != null;
    }

    /** One tree, opened as this target sees it. */
    final class Session implements AutoCloseable {
        final Path host;
        final Path top;
        private final FileSystem fs;

        Session(Path host) throws IOException {
            this.host = host;
            if (backend == null) {
                fs = null;
                top = host;
            } else {
                fs = BeneathFileSystems.open(host, ResolveOptions.DEFAULT, backend);
                top = fs.getPath("/");
            }
        }

        Path p(String relative) {
            return relative.isEmpty() ? top : top.resolve(relative);
        }

        FileSystem fileSystem() {
            return fs != null ? fs : host.getFileSystem();
        }

        /** An answer as text, with paths shown relative to the tree's top ("/" for the top). */
        String show(Object v) {
            if (v instanceof Path path) {
                if (path.isAbsolute() && path.startsWith(top)) {
                    String rel = top.relativize(path).toString();
                    return "/" + rel;
                }
                return "path:" + path;
            }
            if (v instanceof byte[] b) {
                return "bytes:" + new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            if (v instanceof Stream<?> s) {
                try (s) {
                    return show(s.toList());
                }
            }
            if (v instanceof Collection<?> c) {
                if (!c.isEmpty() && c.iterator().next() instanceof PosixFilePermission) {
                    @SuppressWarnings("unchecked")
                    Set<PosixFilePermission> perms = Set.copyOf((Collection<PosixFilePermission>) c);
                    return PosixFilePermissions.toString(perms);
                }
                return c.stream().map(this::show).sorted().collect(Collectors.joining(", ", "[", "]"));
            }
            if (v instanceof Map<?, ?> m) {
                Map<String, String> sorted = new TreeMap<>();
                m.forEach((k, x) -> sorted.put(k.toString(), show(x)));
                return sorted.toString();
            }
            if (v instanceof BasicFileAttributes a) {
                return (a.isDirectory() ? "dir" : a.isRegularFile() ? "file " + a.size()
                        : a.isSymbolicLink() ? "link" : "other");
            }
            if (v instanceof UserPrincipal u) {
                return "principal:" + u.getName();
            }
            if (v instanceof FileTime) {
                return "time";
            }
            return String.valueOf(v);
        }

        /**
         * Everything in the tree (symlinks not followed): path, type, permissions, link target
         * or content. Times and inode numbers are left out: they differ between any two trees.
         */
        String state() {
            Map<String, String> out = new TreeMap<>();
            try (Stream<Path> all = Files.walk(host)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.naturalOrder())::iterator) {
                    String rel = host.relativize(p).toString();
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    String what;
                    if (Files.isSymbolicLink(p)) {
                        what = "link -> " + Files.readSymbolicLink(p).toString().replace(host.toString(), "<tree>");
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        what = "dir " + PosixFilePermissions.toString(perms);
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        what = "file " + PosixFilePermissions.toString(perms) + " " + Files.readString(p);
                    } else {
                        what = "other";
                    }
                    out.put(rel, what);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        @Override
        public void close() throws IOException {
            if (fs != null) {
                fs.close();
            }
        }
    }

    Session open(Path host) throws IOException {
        return new Session(host);
    }

    /**
     * The benign tree every row starts from: files, directories, a read-only and an
     * executable file, relative symlinks (to a file, to a directory, chained, dangling,
     * looping, climbing to the top but not above it).
     */
    static Tree benign(Path host) throws IOException {
        Tree t = new Tree(host);
        t.file("file", "top file\n").file("a/file.txt", "a file\n").file("a/b/c/deep.txt", "deep\n")
                .dir("empty").file("ro", "read only\n").file("exec.sh", "#!/bin/sh\n").file(".hidden", "h\n")
                .file("full/one", "1\n").file("full/two.txt", "2\n")
                .symlink("link-file", "file").symlink("link-dir", "a").symlink("link-deep", "a/b/c/deep.txt")
                .symlink("chain", "link-file").symlink("dangling", "nowhere").symlink("loop1", "loop2")
                .symlink("loop2", "loop1").symlink("a/up", "..").symlink("link-empty", "empty");
        Files.setPosixFilePermissions(t.path("ro"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(t.path("exec.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        t.file("open", "everyone\n");
        Files.setPosixFilePermissions(t.path("open"), PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String f : List.of("file", "a/file.txt", "a/b/c/deep.txt", ".hidden", "full/one", "full/two.txt")) {
            Files.setPosixFilePermissions(t.path(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        for (String d : List.of("", "a", "a/b", "a/b/c", "empty", "full")) {
            Files.setPosixFilePermissions(t.path(d), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return t;
    }
}
