package dev.beneath;

import dev.beneath.internal.resolve.Lookup;
import java.util.Objects;

/**
 * How a {@link Root} treats the paths given to it: chosen for a whole root at
 * {@link Root#open(java.nio.file.Path, ResolveOptions)} or {@link Root#withOptions}, or for one
 * lookup at {@link Root#resolve(String, ResolveOptions)}. Magic links ({@code /proc/self/root},
 * {@code /proc/self/fd/N}, ...) are always refused, whatever the options. Immutable; start
 * from {@link #DEFAULT} and change with the {@code with} methods.
 *
 * @param scope      {@link Scope#IN_ROOT} (default) or {@link Scope#BENEATH}
 * @param noSymlinks any symlink on the way fails with {@code ELOOP} (with {@code noFollow}, a
 *                   trailing one is still returned itself)
 * @param noXdev     crossing a mount point fails with {@code EXDEV}
 * @param noFollow   a trailing symlink is returned itself instead of followed (a trailing
 *                   slash still follows it, as the kernel does)
 * @param pseudoFilesystems objects on a procfs or sysfs mounted inside the root may be
 *                   returned; by default they are refused with {@code EXDEV} (a procfs inside
 *                   the root is the calling process's own: its environment, its executable's
 *                   host path, kernel settings). A path that only passes through one to another
 *                   filesystem mounted below it is not refused.
 */
public record ResolveOptions(Scope scope, boolean noSymlinks, boolean noXdev, boolean noFollow,
                             boolean pseudoFilesystems) {

    /** In-root scope, symlinks followed, mounts crossed, procfs and sysfs refused. */
    public static final ResolveOptions DEFAULT = new ResolveOptions(Scope.IN_ROOT, false, false, false, false);

    /**
     * Checks the components.
     *
     * @param scope      {@link Scope#IN_ROOT} or {@link Scope#BENEATH}
     * @param noSymlinks whether any symlink on the way is refused
     * @param noXdev     whether crossing a mount point is refused
     * @param noFollow   whether a trailing symlink is returned itself
     * @param pseudoFilesystems whether objects on procfs or sysfs may be returned
     * @throws NullPointerException {@code scope} is null
     */
    public ResolveOptions {
        Objects.requireNonNull(scope, "scope");
    }

    /**
     * Options with procfs and sysfs refused.
     *
     * @param scope      {@link Scope#IN_ROOT} or {@link Scope#BENEATH}
     * @param noSymlinks whether any symlink on the way is refused
     * @param noXdev     whether crossing a mount point is refused
     * @param noFollow   whether a trailing symlink is returned itself
     * @throws NullPointerException {@code scope} is null
     */
    public ResolveOptions(Scope scope, boolean noSymlinks, boolean noXdev, boolean noFollow) {
        this(scope, noSymlinks, noXdev, noFollow, false);
    }

    /**
     * These options with another scope.
     *
     * @param newScope {@link Scope#IN_ROOT} or {@link Scope#BENEATH}
     * @return a copy with {@code scope} replaced
     */
    public ResolveOptions withScope(Scope newScope) {
        return new ResolveOptions(newScope, noSymlinks, noXdev, noFollow, pseudoFilesystems);
    }

    /**
     * These options with symlinks refused or allowed.
     *
     * @param value true to refuse any symlink on the way ({@code ELOOP})
     * @return a copy with {@code noSymlinks} replaced
     */
    public ResolveOptions withNoSymlinks(boolean value) {
        return new ResolveOptions(scope, value, noXdev, noFollow, pseudoFilesystems);
    }

    /**
     * These options with mount crossings refused or allowed.
     *
     * @param value true to refuse crossing a mount point ({@code EXDEV})
     * @return a copy with {@code noXdev} replaced
     */
    public ResolveOptions withNoXdev(boolean value) {
        return new ResolveOptions(scope, noSymlinks, value, noFollow, pseudoFilesystems);
    }

    /**
     * These options with a trailing symlink followed or not.
     *
     * @param value true to return a trailing symlink itself
     * @return a copy with {@code noFollow} replaced
     */
    public ResolveOptions withNoFollow(boolean value) {
        return new ResolveOptions(scope, noSymlinks, noXdev, value, pseudoFilesystems);
    }

    /**
     * These options with objects on procfs and sysfs allowed or refused.
     *
     * @param value true to allow returning objects on a procfs or sysfs inside the root
     * @return a copy with {@code pseudoFilesystems} replaced
     */
    public ResolveOptions withPseudoFilesystems(boolean value) {
        return new ResolveOptions(scope, noSymlinks, noXdev, noFollow, value);
    }

    int lookupFlags() {
        return (scope == Scope.BENEATH ? Lookup.BENEATH : 0)
                | (noSymlinks ? Lookup.NO_SYMLINKS : 0)
                | (noXdev ? Lookup.NO_XDEV : 0)
                | (noFollow ? Lookup.NO_FOLLOW : 0)
                | (pseudoFilesystems ? Lookup.PSEUDO_FILESYSTEMS : 0);
    }
}
