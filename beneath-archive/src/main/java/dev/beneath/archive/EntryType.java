package dev.beneath.archive;

/** The kind of an archive entry, as the archive declares it. */
public enum EntryType {
    /** A regular file. */
    FILE,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link. */
    SYMLINK,
    /** A hard link to an earlier entry (tar only). */
    HARD_LINK,
    /** A character device node. */
    CHARACTER_DEVICE,
    /** A block device node. */
    BLOCK_DEVICE,
    /** A named pipe. */
    FIFO,
    /** Anything else the format can describe, or a zip entry whose data cannot be read (encrypted, say). */
    OTHER
}
