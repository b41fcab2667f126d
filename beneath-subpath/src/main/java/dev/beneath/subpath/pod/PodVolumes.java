package dev.beneath.subpath.pod;

import static dev.beneath.subpath.SubPathValidation.quote;

import dev.beneath.SafetyCheckException;
import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathExpansion;
import dev.beneath.subpath.SubPathMounter;
import dev.beneath.subpath.SubPathValidation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares and cleans the volume mounts of a whole pod, as a node agent does before starting
 * its containers and after they are gone.
 *
 * <p>{@link #prepare} first checks the whole spec and expands every {@code subPathExpr},
 * touching nothing; only then does it prepare the subPaths, in container order. If one fails,
 * the subPaths of every volume this run touched are cleaned again before the error is thrown,
 * so a refused pod leaves nothing mounted.
 */
public final class PodVolumes {
    private final SubPathMounter mounter;

    /**
     * Prepares and cleans with {@code mounter}.
     *
     * @param mounter the subPath mechanism every volume mount goes through
     */
    public PodVolumes(SubPathMounter mounter) {
        this.mounter = Objects.requireNonNull(mounter, "mounter");
    }

    /** One volume mount of one container, checked and expanded, not yet prepared. */
    private record Planned(PodContainer container, VolumeMount mount, Path volumeHostPath, Optional<SubPath> subPath) {
    }

    /**
     * The mounts of each container, keyed by container name in spec order (init containers
     * first), each list in the order of the container's {@code volumeMounts}.
     *
     * @param pod             the pod spec
     * @param podDirectory    the pod's directory on the host (trusted: only the node agent writes there)
     * @param volumeHostPaths the host directory of each volume a container mounts
     * @throws SubPathException the spec is refused (nothing was touched), or a subPath could
     *                          not be prepared (what this run prepared was cleaned again);
     *                          the message names containers, volumes and subPaths, never a host path
     * @throws SafetyCheckException a subPath's mount failed its verification (what this run
     *                          prepared was cleaned again); named as for {@code SubPathException}
     * @return every container's mounts, to hand to its runtime
     */
    public Map<String, List<ContainerMount>> prepare(Pod pod, Path podDirectory, Map<String, Path> volumeHostPaths)
            throws SubPathException, SafetyCheckException {
        PodCheck.check(pod);
        for (String given : volumeHostPaths.keySet()) {
            if (!pod.volumes().contains(given)) {
                throw new SubPathException("volume " + quote(given)
                        + " is given a host directory but the pod has no such volume");
            }
        }
        List<Planned> plan = plan(pod, podDirectory, volumeHostPaths);
        Map<String, List<ContainerMount>> mounts = new LinkedHashMap<>();
        pod.containers().forEach(c -> mounts.put(c.name(), new ArrayList<>()));
        Set<String> touched = new LinkedHashSet<>();
        for (Planned p : plan) {
            Optional<PreparedSubPath> prepared = Optional.empty();
            if (p.subPath().isPresent()) {
                touched.add(p.mount().volumeName());
                try {
                    prepared = Optional.of(mounter.prepare(p.subPath().get()));
                } catch (SubPathException e) {
                    throw undo(podDirectory, touched, new SubPathException(
                            "container " + quote(p.container().name()) + ": " + e.getMessage(), e));
                } catch (SafetyCheckException e) {
                    SafetyCheckException named = new SafetyCheckException(
                            "container " + quote(p.container().name()) + ": " + e.getFile(), e.errnoNumber(), e.getReason());
                    named.initCause(e);
                    throw undo(podDirectory, touched, named);
                }
            }
            Path hostPath = prepared.map(PreparedSubPath::hostPath).orElse(p.volumeHostPath());
            mounts.get(p.container().name()).add(
                    new ContainerMount(p.mount().mountPath(), hostPath, p.mount().readOnly(), prepared));
        }
        return mounts;
    }

    /**
     * Cleans the prepared subPaths of every volume of the pod, including after a crash.
     *
     * @param pod          the pod spec
     * @param podDirectory the pod's directory on the host
     * @throws SubPathException if the spec is refused (nothing is touched), or if a volume's
     *                          subPaths cannot all be cleaned (every volume is still tried;
     *                          the first failure is thrown, the others suppressed in it)
     */
    public void clean(Pod pod, Path podDirectory) throws SubPathException {
        PodCheck.check(pod);
        SubPathException first = null;
        for (String volume : pod.volumes()) {
            try {
                mounter.cleanSubPaths(podDirectory, volume);
            } catch (SubPathException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private <E extends IOException> E undo(Path podDirectory, Set<String> volumes, E failure) {
        for (String volume : volumes) {
            try {
                mounter.cleanSubPaths(podDirectory, volume);
            } catch (SubPathException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static List<Planned> plan(Pod pod, Path podDirectory, Map<String, Path> volumeHostPaths)
            throws SubPathException {
        List<Planned> plan = new ArrayList<>();
        for (PodContainer container : pod.containers()) {
            Map<String, EnvVar> env = new HashMap<>();
            container.env().forEach(v -> env.put(v.name(), v));
            for (int i = 0; i < container.volumeMounts().size(); i++) {
                VolumeMount mount = container.volumeMounts().get(i);
                String where = PodCheck.where(container, i);
                Path host = volumeHostPaths.get(mount.volumeName());
                if (host == null) {
                    throw new SubPathException(where + ": volume " + quote(mount.volumeName())
                            + " has no host directory");
                }
                Optional<SubPath> subPath = Optional.empty();
                if (mount.narrowed()) {
                    String path = subPathOf(mount, env, where);
                    subPath = Optional.of(new SubPath(i, path, mount.volumeName(), host, podDirectory,
                            container.name(), mount.readOnly()));
                }
                plan.add(new Planned(container, mount, host, subPath));
            }
        }
        return plan;
    }

    private static String subPathOf(VolumeMount mount, Map<String, EnvVar> env, String where) throws SubPathException {
        try {
            if (mount.subPath() != null) {
                SubPathValidation.check(mount.subPath());
                return mount.subPath();
            }
            Map<String, String> literals = new HashMap<>();
            for (String name : SubPathExpansion.references(mount.subPathExpr())) {
                EnvVar v = env.get(name);
                if (v != null && !v.isLiteral()) {
                    throw new SubPathException("subPathExpr " + quote(mount.subPathExpr()) + ": variable "
                            + quote(name) + " takes its value from valueFrom, which only a running cluster can give");
                }
                if (v != null) {
                    literals.put(name, v.value());
                }
            }
            return SubPathExpansion.expand(mount.subPathExpr(), literals);
        } catch (SubPathException e) {
            throw new SubPathException(where + ": " + e.getMessage(), e);
        }
    }
}
