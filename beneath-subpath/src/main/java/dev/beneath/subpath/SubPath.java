package dev.beneath.subpath;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One volume mount of one container that names a subPath: the object inside the volume the
 * runtime must bind, and where the node agent keeps the prepared bind mount.
 *
 * @param volumeMountIndex the index of the volume mount in the container's list, naming the
 *                         prepared target {@code <podDirectory>/volume-subpaths/<volumeName>/<containerName>/<index>}
 * @param path             the subPath, relative to the volume, after {@code subPathExpr} expansion
 * @param volumeName       the volume's name in the pod spec
 * @param volumeHostPath   the volume's directory on the host (its content is untrusted)
 * @param podDirectory     the pod's directory on the host (trusted: only the node agent writes there)
 * @param containerName    the container's name in the pod spec
 * @param readOnly         whether the container sees the subPath read-only
 */
public record SubPath(int volumeMountIndex, String path, String volumeName, Path volumeHostPath,
                      Path podDirectory, String containerName, boolean readOnly) {

    /**
     * Checks the components that are always required.
     *
     * @throws NullPointerException     if a name or path is null
     * @throws IllegalArgumentException if {@code volumeMountIndex} is negative
     */
    public SubPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(volumeName, "volumeName");
        Objects.requireNonNull(volumeHostPath, "volumeHostPath");
        Objects.requireNonNull(podDirectory, "podDirectory");
        Objects.requireNonNull(containerName, "containerName");
        if (volumeMountIndex < 0) {
            throw new IllegalArgumentException("volume mount index must not be negative: " + volumeMountIndex);
        }
    }
}
