package example.consumer;

import dev.beneath.DirectoryEntry;
import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists every entry of a tree someone else controls, as a backup tool or an indexer does: each
 * name exactly as stored, each link reported as a link and never followed, so the walk cannot
 * be led out of the tree or into a loop.
 */
final class TreeWalk {
    /** No link is followed anywhere on the way, and nothing outside is reached. */
    private static final ResolveOptions NO_LINKS = ResolveOptions.DEFAULT.withScope(Scope.BENEATH)
            .withNoSymlinks(true).withNoFollow(true);

    /** One entry, by its path relative to the top of the tree. */
    record Entry(String path, FileType type) {
    }

    private TreeWalk() {
    }

    /** Every entry below the top of {@code tree}, parents before children, names in order. */
    static List<Entry> walk(Root tree) throws IOException {
        List<Entry> entries = new ArrayList<>();
        walk(tree, ".", "", entries);
        return entries;
    }

    private static void walk(Root tree, String directory, String prefix, List<Entry> into) throws IOException {
        List<DirectoryEntry> children;
        try (Handle dir = tree.resolve(directory, NO_LINKS)) {
            if (dir.type() != FileType.DIRECTORY) {
                return; // replaced since it was listed: nothing to descend into
            }
            children = new ArrayList<>(dir.list());
        }
        children.sort(Comparator.comparing(DirectoryEntry::name));
        for (DirectoryEntry child : children) {
            String path = prefix + child.name();
            into.add(new Entry(path, child.type()));
            if (child.type() == FileType.DIRECTORY) {
                walk(tree, path, path + "/", into);
            }
        }
    }

    static void demonstrate(Path work, Expectations expect) throws IOException {
        Path top = Files.createDirectory(work.resolve("tree"));
        Files.createDirectories(top.resolve("a/b"));
        Files.writeString(top.resolve("a/b/c.txt"), "c");
        Files.writeString(top.resolve("two\nlines"), "a name with a newline");
        Files.writeString(top.resolve("caf\u00e9 \u2615.txt"), "a name outside ASCII");
        Files.createSymbolicLink(top.resolve("root"), Path.of("/"));
        Files.createSymbolicLink(top.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(top.resolve("a/b/out"), Path.of("../../.."));

        List<Entry> expected = List.of(
                new Entry("a", FileType.DIRECTORY),
                new Entry("a/b", FileType.DIRECTORY),
                new Entry("a/b/c.txt", FileType.REGULAR_FILE),
                new Entry("a/b/out", FileType.SYMLINK),
                new Entry("caf\u00e9 \u2615.txt", FileType.REGULAR_FILE),
                new Entry("root", FileType.SYMLINK),
                new Entry("two\nlines", FileType.REGULAR_FILE),
                new Entry("up", FileType.SYMLINK));
        try (Root tree = Root.open(top)) {
            List<Entry> found = walk(tree);
            for (Entry e : found) {
                System.out.println("        " + e.type() + " " + e.path().replace("\n", "\\n"));
            }
            expect.that("the walk lists every entry exactly, links as links, and nothing else",
                    found.equals(expected));
        }
    }
}
