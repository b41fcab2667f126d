package dev.beneath;

/**
 * One entry of a directory listed with {@link Handle#list()}.
 *
 * @param name  the entry's name, a single component
 * @param inode the entry's inode number
 * @param type  what the entry is (a symlink is reported as a symlink, not followed)
 */
public record DirectoryEntry(String name, long inode, FileType type) {
}
