package dev.beneath.subpath;

import java.io.IOException;
import java.io.Serial;

/**
 * A subPath was refused or could not be prepared or cleaned. The message is meant for the
 * pod's owner: it names the subPath, volume and container as the pod spec gave them, and
 * never a host path. The cause, when there is one, is for the node's operator.
 *
 * <p>A mount that fails its verification after it was made (it does not show the subPath's
 * object or the flags asked for, or its target was swapped for another kind of object), and a
 * procfs that is not genuine, are reported as {@link dev.beneath.SafetyCheckException}
 * instead: tampering, not a refused request, and not an escape
 * ({@link dev.beneath.PathEscapeException}).
 */
public class SubPathException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A refusal with no underlying cause.
     *
     * @param message what was refused and why, naming no host path
     */
    public SubPathException(String message) {
        super(message);
    }

    /**
     * A refusal or failure caused by {@code cause}.
     *
     * @param message what was refused and why, naming no host path
     * @param cause   the error behind it, for the node's operator (it may name host paths)
     */
    public SubPathException(String message, Throwable cause) {
        super(message, cause);
    }
}
