package dev.beneath.subpath.pod;

import static dev.beneath.subpath.SubPathValidation.quote;

import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathValidation;
import java.util.HashSet;
import java.util.Set;

/**
 * The checks a pod spec must pass before any of its volumes is touched: names usable as path
 * components, no container or volume named twice, every volume mount naming a declared volume
 * with an absolute {@code mountPath}, and at most one of {@code subPath} and {@code subPathExpr}.
 */
final class PodCheck {
    private PodCheck() {
    }

    static void check(Pod pod) throws SubPathException {
        Set<String> volumes = new HashSet<>();
        for (String volume : pod.volumes()) {
            SubPathValidation.checkName("volume", volume);
            if (!volumes.add(volume)) {
                throw new SubPathException("volume " + quote(volume) + " is declared twice");
            }
        }
        Set<String> containers = new HashSet<>();
        for (PodContainer container : pod.containers()) {
            SubPathValidation.checkName("container", container.name());
            if (!containers.add(container.name())) {
                throw new SubPathException("container name " + quote(container.name()) + " is used twice");
            }
            for (int i = 0; i < container.volumeMounts().size(); i++) {
                checkMount(container.volumeMounts().get(i), volumes, where(container, i));
            }
        }
    }

    private static void checkMount(VolumeMount mount, Set<String> volumes, String where) throws SubPathException {
        if (!volumes.contains(mount.volumeName())) {
            throw new SubPathException(where + ": volume " + quote(mount.volumeName())
                    + " is not one of the pod's volumes");
        }
        if (!mount.mountPath().startsWith("/") || mount.mountPath().indexOf('\0') >= 0) {
            throw new SubPathException(where + ": mountPath " + quote(mount.mountPath())
                    + " must be an absolute path");
        }
        if (mount.subPath() != null && mount.subPathExpr() != null) {
            throw new SubPathException(where + ": subPath and subPathExpr are mutually exclusive");
        }
    }

    /** {@code container "app" volumeMounts[2]}: how messages name one volume mount. */
    static String where(PodContainer container, int index) {
        return "container " + quote(container.name()) + " volumeMounts[" + index + "]";
    }
}
