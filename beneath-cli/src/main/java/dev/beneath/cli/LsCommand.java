package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.beneath.DirectoryEntry;
import dev.beneath.Handle;
import dev.beneath.Root;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code beneath ls}: lists a directory inside a root, sorted by name. */
@Command(name = "ls",
        description = {
            "List the directory PATH inside the root DIR (default: the root itself), sorted by name.",
            "",
            "One 'TYPE NAME' line per entry, '.' and '..' left out; symlinks are listed as symlinks, "
                    + "not followed. Names are sorted by their bytes, as LC_ALL=C ls does. --json prints "
                    + "{\"ok\":true,\"path\":P,\"entries\":[{\"name\":N,\"type\":T,\"inode\":I},...]}.",
            ""})
final class LsCommand extends RootCommand {
    /** Byte order of the UTF-8 names, which is code point order. */
    private static final Comparator<DirectoryEntry> BY_NAME =
            (a, b) -> Arrays.compareUnsigned(a.nameBytes(), b.nameBytes());

    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = ".",
            description = "The directory inside the root (default: '.').")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        List<DirectoryEntry> entries;
        try (Handle dir = root.resolve(path)) {
            entries = new ArrayList<>(dir.list());
        }
        entries.sort(BY_NAME);
        reply.put("path", path);
        ArrayNode array = reply.array("entries");
        for (DirectoryEntry e : entries) {
            array.addObject().put("name", e.name()).put("type", e.type().shortName()).put("inode", e.inode());
            reply.line(String.format("%-7s %s", e.type().shortName(), PlainText.escape(e.name())));
        }
    }
}
