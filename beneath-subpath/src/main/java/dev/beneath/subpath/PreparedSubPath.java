package dev.beneath.subpath;

import java.nio.file.Path;

/**
 * A subPath bind-mounted and verified, ready to be handed to the container runtime.
 *
 * @param hostPath   where the runtime finds it: {@code <podDir>/volume-subpaths/<volume>/<container>/<index>},
 *                   a mount whose root is exactly the object the subPath named when it was prepared
 * @param subPath    what was prepared
 * @param reused     true when an earlier prepare had already mounted the same object there
 * @param directory  true for a directory, false for a file, socket or fifo bound onto an empty file
 */
public record PreparedSubPath(Path hostPath, SubPath subPath, boolean reused, boolean directory) {
}
