package dev.beneath;

import java.io.IOException;
import java.util.Objects;

/**
 * One object met by {@link Root#walk}: where it is, what it is, and whether it could be read.
 *
 * @param path  its path inside the root: the start path given to the walk, then each name
 *              joined with {@code /}, byte-exact ({@link PathNames}); it can be passed back to
 *              any operation of the root
 * @param depth 0 for the start, 1 for its entries, and so on
 * @param type  what it is; a symlink that was not followed is reported as {@link FileType#SYMLINK}
 * @param inode its inode number
 * @param error null, or why the walk could not go into it (a directory that could not be opened or
 *              listed, a link loop, a directory that changed during the walk, a mount it did not
 *              cross); such an entry is reported, never dropped, and the walk goes on
 */
public record WalkEntry(String path, int depth, FileType type, long inode, IOException error) {

    /**
     * Checks the components.
     *
     * @param path  its path inside the root
     * @param depth its depth below the start
     * @param type  what it is
     * @param inode its inode number
     * @param error null, or why the walk could not go into it
     */
    public WalkEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }

    /**
     * The last component of {@link #path()}.
     *
     * @return the entry's own name (the start path itself for depth 0)
     */
    public String name() {
        if (depth == 0) {
            return path;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Whether the walk could read this entry.
     *
     * @return true when {@link #error()} is null
     */
    public boolean ok() {
        return error == null;
    }
}
