/**
 * The container volume subPath mechanism on top of beneath: validate a subPath, create it as
 * a directory without leaving the volume, prepare a verified bind mount of exactly the object
 * it names, and clean the prepared mounts again. Start at
 * {@link dev.beneath.subpath.SubPathMounter}; {@link dev.beneath.subpath.pod} turns a pod's
 * volume mounts into prepared subPaths.
 *
 * <p>The in-process mount calls behind it ({@code dev.beneath.mount}) are not exported.
 */
module dev.beneath.subpath {
    requires transitive dev.beneath;

    exports dev.beneath.subpath;
    exports dev.beneath.subpath.pod;
}
