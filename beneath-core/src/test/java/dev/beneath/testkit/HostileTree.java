package dev.beneath.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.List;

/**
 * The tree the resolution tables, the properties and the fuzzer run against: a root full of the symlinks,
 * special files and odd names an attacker would plant, next to a directory {@code outside}
 * that no lookup may ever reach.
 *
 * <pre>
 * base/
 *   outside/secret               must never be reached
 *   root/                        the root
 *     a/b/c/deep.txt  a/file.txt  file  etc/passwd  root/file  empty/  fifo  sock
 *     up -> ..
 *     links/...                  see {@link #build}
 * </pre>
 *
 * The inner {@code root/root/file} and {@code root/etc/passwd} are decoys: a lookup that
 * climbs out of the root by mistake finds {@code base/root/file} or the host's
 * {@code /etc/passwd} instead, a different inode.
 */
public final class HostileTree {
    /** Links in a chain that must still resolve; one more is ELOOP. */
    public static final int MAX_LINKS = 40;

    private HostileTree() {
    }

    /** Builds the tree under {@code base} and returns a {@link Tree} on the root directory. */
    public static Tree build(Path base) {
        new Tree(base).file("outside/secret", "host secret\n");
        Tree t = new Tree(base.resolve("root"));
        t.dir("a/b/c").file("a/b/c/deep.txt", "deep\n").file("a/file.txt", "a file\n")
                .file("file", "top file\n")
                .file("etc/passwd", "decoy passwd inside the root\n")
                .file("root/file", "inner root/file\n")
                .dir("empty")
                .fifo("fifo")
                .socket("sock")
                .symlink("up", "..");
        t.dir("links")
                // absolute
                .symlink("links/abs-root", "/")
                .symlink("links/abs-a", "/a")
                .symlink("links/abs-file", "/file")
                .symlink("links/abs-etc-passwd", "/etc/passwd")
                .symlink("links/garbage-passwd", "/../../../../etc/passwd")
                .symlink("links/garbage-etc", "/../../../etc")
                .symlink("links/proc-root", "/proc/self/root")
                .symlink("links/proc-fd", "/proc/self/fd/0")
                .symlink("links/host-outside", base.toAbsolutePath().resolve("outside").toString())
                .symlink("links/dangling-abs", "/nowhere")
                // relative
                .symlink("links/rel-a", "../a")
                .symlink("links/rel-ab", "../a/b")
                .symlink("links/rel-file", "../file")
                .symlink("links/rel-fifo", "../fifo")
                .symlink("links/rel-sock", "../sock")
                .symlink("links/climb-out", "../../../../outside/secret")
                .symlink("links/climb-back", "../../../../a/file.txt")
                .symlink("links/climb-root", "../../root/file")
                .symlink("links/down-up", "../a/b/../../file")
                .symlink("links/to-dotdot", "..")
                .symlink("links/to-dot", ".")
                // chains
                .symlink("links/hop1", "/links/hop2")
                .symlink("links/hop2", "hop3")
                .symlink("links/hop3", "../a/b")
                // trailing slashes and dots in targets
                .symlink("links/slash-dir", "../a/")
                .symlink("links/slash-file", "../file/")
                .symlink("links/dot-file", "../file/.")
                .symlink("links/dotdot-file", "../file/..")
                .symlink("links/dot-dir", "../a/b/.")
                // broken and looping
                .symlink("links/dangling", "nowhere")
                .symlink("links/fd-like", "pipe:[4026531840]")
                .symlink("links/self", "self")
                .symlink("links/loop-a", "loop-b")
                .symlink("links/loop-b", "loop-a")
                // names
                .symlink("links/long-name", "x".repeat(256))
                .symlink("links/long-target", "./".repeat(2040) + "../a");
        chain(t, "links/c40", MAX_LINKS);
        chain(t, "links/c41", MAX_LINKS + 1);
        return t;
    }

    /** {@code dir/l01 -> l02 -> ... -> lNN -> end}: following l01 takes exactly {@code n} links. */
    private static void chain(Tree t, String dir, int n) {
        t.file(dir + "/end", "end of " + dir + "\n");
        for (int i = 1; i <= n; i++) {
            t.symlink(dir + "/" + link(i), i == n ? "end" : link(i + 1));
        }
    }

    /**
     * Deletes everything under {@code base} and {@code base} itself, without following any
     * symlink (JUnit's own clean-up of a temporary directory warns about each link that
     * points outside it).
     */
    public static void delete(Path base) throws IOException {
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    public static String link(int i) {
        return String.format("l%02d", i);
    }

    /** Names of entries in the tree, for composing random paths. */
    public static final List<String> NAMES = List.of(
            "a", "b", "c", "deep.txt", "file.txt", "file", "etc", "passwd", "root", "empty", "fifo", "sock",
            "up", "links", "abs-root", "abs-a", "abs-file", "garbage-passwd", "garbage-etc", "proc-root", "proc-fd", "host-outside",
            "dangling-abs", "rel-a", "rel-ab", "rel-file", "rel-fifo", "climb-out", "climb-back",
            "climb-root", "down-up", "to-dotdot", "to-dot", "hop1", "hop2", "hop3", "slash-dir",
            "slash-file", "dot-file", "dotdot-file", "dangling", "self", "loop-a", "loop-b", "c40",
            "c41", "l01", "l02", "l40", "end", "outside", "secret", "missing");
}
