package dev.beneath.archive;

/** What an {@link Extractor} does when something already has an entry's name. */
public enum OverwriteMode {
    /**
     * Keep what is there: the entry is skipped (a directory entry over an existing directory
     * merges into it, and the existing directory keeps its mode).
     */
    NEVER,
    /**
     * Replace a file or symlink: the entry is written under a temporary name and renamed over
     * the old name, which replaces the old entry itself and never follows it (a symlink there
     * is replaced, not written through). A directory is never replaced by a non-directory
     * (that entry is refused); a directory entry over a file or symlink unlinks it first.
     * Since a replaced link can move where an earlier link's {@code ..} lands, every symlink
     * the extraction made is judged again at the end, and one that now leads outside the
     * destination is removed and reported refused.
     */
    REPLACE
}
