package dev.beneath.subpath.pod;

import java.util.List;

/**
 * The parts of a pod spec that decide its volume mounts.
 *
 * @param containers the init containers then the containers, each list in spec order
 * @param volumes    the names of the pod's {@code volumes}
 */
public record Pod(List<PodContainer> containers, List<String> volumes) {

    /** Takes unmodifiable copies of the lists. */
    public Pod {
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
    }
}
