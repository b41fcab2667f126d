package dev.beneath;

/** Options for {@link Handle#setPermissions(int, PermissionOption...)}. */
public enum PermissionOption {
    /**
     * Allow setting setuid or setgid on a regular file that has more than one link. Without
     * it that is refused ({@code EPERM}): whoever controls the tree can hard-link any file it
     * can see into it, a root-owned, world-writable file outside the root among them, and a
     * setuid bit set through the link lands on that outside inode.
     */
    SETID_ON_LINKED_FILE
}
