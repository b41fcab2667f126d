package dev.beneath.subpath.pod;

import java.util.Objects;

/**
 * One entry of a container's {@code env}: a literal value, or a value the cluster computes
 * ({@code valueFrom}), which a pod spec alone cannot give.
 *
 * @param name  the variable's name
 * @param value the literal value, or null when the variable takes its value from {@code valueFrom}
 */
public record EnvVar(String name, String value) {

    /** Checks that there is a name. */
    public EnvVar {
        Objects.requireNonNull(name, "name");
    }

    /**
     * {@code name: NAME, value: VALUE}.
     *
     * @param name  the variable's name
     * @param value its literal value
     * @return the entry
     */
    public static EnvVar literal(String name, String value) {
        return new EnvVar(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * {@code name: NAME, valueFrom: ...}.
     *
     * @param name the variable's name
     * @return the entry, with no literal value
     */
    public static EnvVar fromSource(String name) {
        return new EnvVar(name, null);
    }

    /**
     * Whether the value is written in the spec.
     *
     * @return true for a literal value, false for {@code valueFrom}
     */
    public boolean isLiteral() {
        return value != null;
    }
}
