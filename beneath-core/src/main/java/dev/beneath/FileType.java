package dev.beneath;

import dev.beneath.internal.sys.Linux;

/** The kind of object a {@link Handle} refers to. */
public enum FileType {
    /** A directory. */
    DIRECTORY("dir"),
    /** A regular file. */
    REGULAR_FILE("file"),
    /** A symbolic link (reported itself, never followed, when a lookup or listing says so). */
    SYMLINK("symlink"),
    /** A named pipe; beneath never opens one for I/O by path, because the open could block. */
    FIFO("fifo"),
    /** A unix domain socket. */
    SOCKET("socket"),
    /** A character device. */
    CHAR_DEVICE("char"),
    /** A block device. */
    BLOCK_DEVICE("block");

    private final String shortName;

    FileType(String shortName) {
        this.shortName = shortName;
    }

    /**
     * The name the CLI prints.
     *
     * @return one of {@code dir file symlink fifo socket char block}
     */
    public String shortName() {
        return shortName;
    }

    static FileType ofMode(int mode) {
        return switch (mode & Linux.S_IFMT) {
            case Linux.S_IFDIR -> DIRECTORY;
            case Linux.S_IFREG -> REGULAR_FILE;
            case Linux.S_IFLNK -> SYMLINK;
            case Linux.S_IFIFO -> FIFO;
            case Linux.S_IFSOCK -> SOCKET;
            case Linux.S_IFCHR -> CHAR_DEVICE;
            case Linux.S_IFBLK -> BLOCK_DEVICE;
            default -> throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
        };
    }
}
