package dev.beneath;

import dev.beneath.internal.resolve.Lookup;
import java.util.Objects;

/**
 * How {@link Root#resolve(String, ResolveOptions)} treats a path. Magic links
 * ({@code /proc/self/root}, {@code /proc/self/fd/N}, ...) are always refused, whatever the
 * options. Immutable; start from {@link #DEFAULT} and change with the {@code with} methods.
 *
 * @param scope      {@link Scope#IN_ROOT} (default) or {@link Scope#BENEATH}
 * @param noSymlinks any symlink on the way fails with {@code ELOOP} (with {@code noFollow}, a
 *                   trailing one is still returned itself)
 * @param noXdev     crossing a mount point fails with {@code EXDEV}
 * @param noFollow   a trailing symlink is returned itself instead of followed (a trailing
 *                   slash still follows it, as the kernel does)
 */
public record ResolveOptions(Scope scope, boolean noSymlinks, boolean noXdev, boolean noFollow) {

    /** In-root scope, symlinks followed, mounts crossed. */
    public static final ResolveOptions DEFAULT = new ResolveOptions(Scope.IN_ROOT, false, false, false);

    public ResolveOptions {
        Objects.requireNonNull(scope, "scope");
    }

    public ResolveOptions withScope(Scope newScope) {
        return new ResolveOptions(newScope, noSymlinks, noXdev, noFollow);
    }

    public ResolveOptions withNoSymlinks(boolean value) {
        return new ResolveOptions(scope, value, noXdev, noFollow);
    }

    public ResolveOptions withNoXdev(boolean value) {
        return new ResolveOptions(scope, noSymlinks, value, noFollow);
    }

    public ResolveOptions withNoFollow(boolean value) {
        return new ResolveOptions(scope, noSymlinks, noXdev, value);
    }

    int lookupFlags() {
        return (scope == Scope.BENEATH ? Lookup.BENEATH : 0)
                | (noSymlinks ? Lookup.NO_SYMLINKS : 0)
                | (noXdev ? Lookup.NO_XDEV : 0)
                | (noFollow ? Lookup.NO_FOLLOW : 0);
    }
}
