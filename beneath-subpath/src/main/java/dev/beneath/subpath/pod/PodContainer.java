package dev.beneath.subpath.pod;

import java.util.List;
import java.util.Objects;

/**
 * A container of a pod spec, as far as its volumes are concerned.
 *
 * @param name         the container's name, unique in the pod
 * @param init         whether it is one of the pod's {@code initContainers}
 * @param env          its {@code env}, in order (a later entry of the same name wins)
 * @param volumeMounts its {@code volumeMounts}, in order: the position is the mount's index
 */
public record PodContainer(String name, boolean init, List<EnvVar> env, List<VolumeMount> volumeMounts) {

    /** Checks the name and takes unmodifiable copies of the lists. */
    public PodContainer {
        Objects.requireNonNull(name, "name");
        env = List.copyOf(env);
        volumeMounts = List.copyOf(volumeMounts);
    }
}
