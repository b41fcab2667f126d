package dev.beneath.lab.runtime;

import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Deletes a temporary directory tree the tool created, with beneath's own
 * {@link Root#removeAll}: never follows a symlink (a container may have planted some), and
 * refuses outright when anything is still mounted below the tree, since deleting through a
 * mount would delete the mounted files.
 */
public final class TempTree {
    private TempTree() {
    }

    /** Deletes {@code top} and everything below it; a missing tree is fine. */
    public static void delete(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> mounted = HostMounts.under(top);
        if (!mounted.isEmpty()) {
            throw new IOException("not deleting " + top + ": still mounted below it: " + mounted);
        }
        Path absolute = top.toAbsolutePath();
        try (Root parent = Root.open(absolute.getParent())) {
            parent.removeAll(absolute.getFileName().toString());
        }
    }
}
