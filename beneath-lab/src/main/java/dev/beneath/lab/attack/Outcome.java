package dev.beneath.lab.attack;

/**
 * What one attempt of a victim came to: an object it obtained (judged later against the
 * census), or an error label (an errno name such as {@code ENOENT}, or {@code refused} when a
 * strategy's own check turned the path down).
 *
 * @param object the object obtained, or null
 * @param error  the error label, or null
 */
public record Outcome(InodeKey object, String error) {
    /** The label of a strategy's own check saying no. */
    public static final String REFUSED = "refused";

    /** The victim obtained {@code object}. */
    public static Outcome obtained(InodeKey object) {
        return new Outcome(object, null);
    }

    /** The victim failed with {@code label}. */
    public static Outcome failed(String label) {
        return new Outcome(null, label);
    }
}
