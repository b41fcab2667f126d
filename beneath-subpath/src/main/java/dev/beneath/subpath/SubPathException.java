package dev.beneath.subpath;

import dev.beneath.Errno;
import dev.beneath.PathError;
import java.io.IOException;
import java.io.Serial;
import java.util.Objects;
import java.util.Optional;

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
    private static final long serialVersionUID = 2L;

    /** Null for a request refused as written. */
    private final Errno errno;

    /**
     * A request refused as written (a subPath or spec that is not allowed), with no system
     * call behind it.
     *
     * @param message what was refused and why, naming no host path
     */
    public SubPathException(String message) {
        super(message);
        this.errno = null;
    }

    /**
     * A system call of the mechanism failed with {@code errno} (a mount, an unmount, a read of
     * mount flags), with no file system path of the pod's to name.
     *
     * @param message what failed, naming no host path
     * @param errno   what the kernel answered
     */
    public SubPathException(String message, Errno errno) {
        super(message);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /**
     * A refusal or failure caused by {@code cause}; its errno is the cause's when the cause is
     * a {@link PathError} or another {@code SubPathException}.
     *
     * @param message what was refused and why, naming no host path
     * @param cause   the error behind it, for the node's operator (it may name host paths)
     */
    public SubPathException(String message, Throwable cause) {
        super(message, cause);
        this.errno = switch (cause) {
            case PathError pe -> pe.errno();
            case SubPathException se -> se.errno;
            case null, default -> null;
        };
    }

    /**
     * The errno behind the failure: empty for a request refused as written, else what the
     * kernel answered (for example {@code EXDEV} for a subPath that leads out of its volume).
     *
     * @return the errno, if a system call failed
     */
    public Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }
}
