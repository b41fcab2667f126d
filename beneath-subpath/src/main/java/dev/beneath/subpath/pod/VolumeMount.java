package dev.beneath.subpath.pod;

import java.util.Objects;

/**
 * One entry of a container's {@code volumeMounts}. An empty {@code subPath} or
 * {@code subPathExpr} counts as not set, as in the pod spec.
 *
 * @param volumeName  the volume's name in the pod's {@code volumes}
 * @param mountPath   where the container sees it
 * @param subPath     the path inside the volume to mount instead of the whole volume, or null
 * @param subPathExpr the same with {@code $(VAR)} references to the container's environment, or null
 * @param readOnly    whether the container sees it read-only
 */
public record VolumeMount(String volumeName, String mountPath, String subPath, String subPathExpr,
                          boolean readOnly) {

    /** Checks the required fields and normalises an empty subPath or subPathExpr to null. */
    public VolumeMount {
        Objects.requireNonNull(volumeName, "volumeName");
        Objects.requireNonNull(mountPath, "mountPath");
        subPath = subPath == null || subPath.isEmpty() ? null : subPath;
        subPathExpr = subPathExpr == null || subPathExpr.isEmpty() ? null : subPathExpr;
    }

    /**
     * A mount of the whole volume.
     *
     * @param volumeName the volume's name in the pod's {@code volumes}
     * @param mountPath  where the container sees it
     * @param readOnly   whether the container sees it read-only
     * @return the entry, with neither subPath nor subPathExpr
     */
    public static VolumeMount whole(String volumeName, String mountPath, boolean readOnly) {
        return new VolumeMount(volumeName, mountPath, null, null, readOnly);
    }

    /**
     * Whether a subPath or subPathExpr narrows the mount to part of the volume.
     *
     * @return true when a subPath or subPathExpr is set
     */
    public boolean narrowed() {
        return subPath != null || subPathExpr != null;
    }
}
