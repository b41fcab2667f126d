package dev.beneath.internal.resolve;

/** The lookup flags both resolvers understand, as one bit set. */
public final class Lookup {
    /** Leaving the root is an error ({@code EXDEV}) instead of being clamped to the root. */
    public static final int BENEATH = 1;
    /** Any symlink on the way is an error ({@code ELOOP}). */
    public static final int NO_SYMLINKS = 1 << 1;
    /** Crossing a mount point is an error ({@code EXDEV}). */
    public static final int NO_XDEV = 1 << 2;
    /** A trailing symlink is returned itself instead of followed. */
    public static final int NO_FOLLOW = 1 << 3;

    private Lookup() {
    }

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
