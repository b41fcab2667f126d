package dev.beneath;

import dev.beneath.internal.resolve.PathBytes;
import dev.beneath.internal.sys.SyscallException;
import java.util.Objects;

/**
 * One entry of a directory listed with {@link Handle#list()}.
 *
 * @param name  the entry's name, a single component, in the byte-exact form {@link PathNames}
 *              describes: it can be passed back to any operation to reach this very entry
 * @param inode the entry's inode number
 * @param type  what the entry is (a symlink is reported as a symlink, not followed)
 */
public record DirectoryEntry(String name, long inode, FileType type) {

    /**
     * Checks the components.
     *
     * @param name  the entry's name, in canonical form
     * @param inode the entry's inode number
     * @param type  what the entry is
     * @throws IllegalArgumentException {@code name} is not the canonical form of a name (see {@link PathNames})
     */
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        PathNames.encode(name);
    }

    /**
     * The entry's name exactly as the kernel stores it.
     *
     * @return the bytes of the name, a new array on each call
     */
    public byte[] nameBytes() {
        try {
            return PathBytes.encode(name);
        } catch (SyscallException e) {
            throw new AssertionError("checked when the entry was made", e);
        }
    }
}
