package example.consumer;

import dev.beneath.DirectoryEntry;
import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.PathNames;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Lists every entry of a tree someone else controls, as a backup tool or an indexer does: each
 * name exactly as stored (Linux names are bytes and need not be UTF-8), each link reported as
 * a link and never followed, so the walk can be neither led out of the tree nor into a loop.
 * Each directory is descended into as a root of its own, opened from its parent's descriptor,
 * so no path is ever resolved again from the top.
 */
final class TreeWalk {
    /** No link is followed anywhere, and nothing outside is reached. */
    private static final ResolveOptions NO_LINKS = ResolveOptions.DEFAULT.withScope(Scope.BENEATH)
            .withNoSymlinks(true).withNoFollow(true);

    /** One entry, by its path relative to the top of the tree. */
    record Entry(String path, FileType type) {
    }

    private TreeWalk() {
    }

    /** Every entry below the top of {@code tree}, parents before children, names in byte order. */
    static List<Entry> walk(Root tree) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Root top = tree.withOptions(NO_LINKS)) {
            walk(top, "", entries);
        }
        return entries;
    }

    private static void walk(Root directory, String prefix, List<Entry> into) throws IOException {
        List<DirectoryEntry> children;
        try (Handle self = directory.resolve(".")) {
            children = new ArrayList<>(self.list());
        }
        children.sort(Comparator.comparing(DirectoryEntry::nameBytes, Arrays::compareUnsigned));
        for (DirectoryEntry child : children) {
            String path = prefix + child.name();
            into.add(new Entry(path, child.type()));
            if (child.type() == FileType.DIRECTORY) {
                // a link swapped in since the listing is refused here (ELOOP), never followed
                try (Root sub = directory.openRoot(child.name())) {
                    walk(sub, path + "/", into);
                }
            }
        }
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
            List<Entry> found = walk(tree);
            for (Entry e : found) {
                System.out.println("        " + e.type() + " " + printable(e.path()));
            }
            expect.that("the walk lists every entry exactly, links as links, and nothing else",
                    found.equals(expected));
            int files = 0;
            int reopened = 0;
            for (Entry e : found) {
                if (e.type() == FileType.REGULAR_FILE) {
                    files++;
                    try (InputStream in = tree.newInputStream(e.path())) {
                        in.readAllBytes();
                        reopened++;
                    } catch (IOException failed) {
                        System.out.println("        cannot open " + printable(e.path()) + ": " + Expectations.describe(failed));
                    }
                }
            }
            expect.that("every listed file opens again by the name the walk gave", files == 4 && reopened == files);
            expect.that("the name that is not UTF-8 keeps its bytes",
                    Arrays.equals(PathNames.encode(latin1Name), latin1));
        }
        try (var listed = Files.list(top)) {
            expect.that("java.nio.file.Files sees the same number of entries at the top",
                    listed.count() == expected.stream().filter(e -> !e.path().contains("/")).count());
        }
    }

    /** The name as text, with each byte that is not UTF-8 and each control character shown in hex. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= '\uDC80' && c <= '\uDCFF') {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) (c - '\uDC00')));
            } else if (Character.isISOControl(c)) {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
