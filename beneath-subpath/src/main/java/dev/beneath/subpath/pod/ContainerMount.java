package dev.beneath.subpath.pod;

import dev.beneath.subpath.PreparedSubPath;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One mount a container's runtime must make: bind {@code hostPath} at {@code destination}.
 *
 * @param destination where the container sees it (the volume mount's {@code mountPath})
 * @param hostPath    what to bind: the prepared subPath, or the volume's directory itself
 * @param readOnly    whether the container sees it read-only
 * @param subPath     the prepared subPath behind {@code hostPath}, empty for a whole volume
 */
public record ContainerMount(String destination, Path hostPath, boolean readOnly, Optional<PreparedSubPath> subPath) {

    /** Checks that nothing is missing. */
    public ContainerMount {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(subPath, "subPath");
    }
}
