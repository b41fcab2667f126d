package dev.beneath;

import java.nio.file.OpenOption;

/** Options of {@link Root#write} and {@link Root#writeString} beyond the standard ones. */
public enum WriteOption implements OpenOption {
    /**
     * Replace the file atomically: the content goes to a new file with an exclusive random
     * name in the same directory (reached through the pinned parent descriptor), is flushed to
     * disk, and is renamed over the target with one {@code renameat2}. Readers see the old
     * content or the new, never a mix; a symlink at the target is replaced, never followed; the
     * new file keeps the permission bits of the regular file it replaces. With
     * {@link java.nio.file.StandardOpenOption#CREATE_NEW} an existing name fails with
     * {@code EEXIST}; {@code APPEND} cannot be combined with it.
     */
    ATOMIC_REPLACE
}
