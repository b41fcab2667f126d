package example.consumer;

import dev.beneath.FileType;
import dev.beneath.PathNames;
import dev.beneath.Root;
import dev.beneath.WalkEntry;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists every entry of a tree someone else controls, as a backup tool or an indexer does, with
 * {@link Root#walk}: each name exactly as stored (Linux names are bytes and need not be UTF-8),
 * each link reported as a link and never followed, each directory opened from its parent's
 * descriptor, so the walk can be neither led out of the tree nor into a loop, and an entry it
 * cannot read is reported rather than skipped.
 */
final class TreeWalk {

    /** One entry, by its path relative to the top of the tree. */
    record Entry(String path, FileType type) {
    }

    private TreeWalk() {
    }

    /** Every entry below the top of {@code tree}, each directory before its entries. */
    static List<Entry> walk(Root tree, Expectations expect) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<WalkEntry> walk = tree.walk(".")) {
            for (WalkEntry e : (Iterable<WalkEntry>) walk::iterator) {
                if (e.depth() == 0) {
                    continue; // the top itself
                }
                if (!e.ok()) {
                    expect.that("walk: " + Expectations.printable(e.path()) + " unreadable: " + Expectations.describe(e.error()), false);
                }
                entries.add(new Entry(e.path().substring("./".length()), e.type()));
            }
        }
        return entries;
    }

    static void demonstrate(Path work, Expectations expect) throws IOException {
        Path top = Files.createDirectory(work.resolve("tree"));
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '.', 't', 'x', 't'}; // not UTF-8
        String latin1Name = PathNames.decode(latin1);
        try (Root tree = Root.open(top)) {
            tree.mkdirAll("a/b", 0750).close();
            tree.createFile("a/b/c.txt", 0640).close();
            tree.createFile("two\nlines", 0640).close();
            tree.createFile("caf\u00e9 \u2615.txt", 0640).close();
            tree.createFile(latin1Name, 0640).close();
            tree.createSymbolicLink("root", "/");
            tree.createSymbolicLink("up", "..");
            tree.createSymbolicLink("a/b/out", "../../..");
        }

        List<Entry> expected = List.of(
                new Entry("a", FileType.DIRECTORY),
                new Entry("a/b", FileType.DIRECTORY),
                new Entry("a/b/c.txt", FileType.REGULAR_FILE),
                new Entry("a/b/out", FileType.SYMLINK),
                new Entry("caf\u00e9 \u2615.txt", FileType.REGULAR_FILE),
                new Entry(latin1Name, FileType.REGULAR_FILE),
                new Entry("root", FileType.SYMLINK),
                new Entry("two\nlines", FileType.REGULAR_FILE),
                new Entry("up", FileType.SYMLINK));
        try (Root tree = Root.open(top)) {
            List<Entry> found = walk(tree, expect);
            found.sort(Comparator.comparing(e -> PathNames.encode(e.path()), Arrays::compareUnsigned));
            for (Entry e : found) {
                System.out.println("        " + e.type() + " " + Expectations.printable(e.path()));
            }
            expect.that("the walk lists every entry exactly, links as links, and nothing else",
                    found.equals(expected));
            int files = 0;
            int reopened = 0;
            for (Entry e : found) {
                if (e.type() == FileType.REGULAR_FILE) {
                    files++;
                    try {
                        tree.readAllBytes(e.path());
                        reopened++;
                    } catch (IOException failed) {
                        System.out.println("        cannot open " + Expectations.printable(e.path()) + ": " + Expectations.describe(failed));
                    }
                }
            }
            expect.that("every listed file opens again by the name the walk gave", files == 4 && reopened == files);
            expect.that("the name that is not UTF-8 keeps its bytes",
                    Arrays.equals(PathNames.encode(latin1Name), latin1));
        }
        // following links: they are resolved inside the tree, so every object met is one of its own
        try (Root tree = Root.open(top)) {
            Set<Long> inside;
            try (Stream<WalkEntry> plain = tree.walk(".")) {
                inside = plain.map(WalkEntry::inode).collect(Collectors.toSet());
            }
            List<WalkEntry> followed;
            try (Stream<WalkEntry> walk = tree.walk(".", FileVisitOption.FOLLOW_LINKS)) {
                followed = walk.toList();
            }
            expect.that("a walk that follows links meets only objects of the tree (" + followed.size() + " entries)",
                    followed.stream().allMatch(e -> inside.contains(e.inode())));
            expect.that("links back into a directory being walked are reported as loops, not entered",
                    followed.stream().filter(e -> !e.ok()).map(WalkEntry::path).sorted().toList()
                            .equals(List.of("./a/b/out", "./root", "./up")));
        }
        try (var listed = Files.list(top)) {
            expect.that("java.nio.file.Files sees the same number of entries at the top",
                    listed.count() == expected.stream().filter(e -> !e.path().contains("/")).count());
        }
    }
}
