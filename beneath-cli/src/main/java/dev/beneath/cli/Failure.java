package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.PathError;
import java.io.IOException;

/**
 * Why an operation failed, as the command line reports it: the errno name and a one-line
 * message that names the path as the caller gave it. The library's exceptions already carry
 * both ({@link PathError}); anything else (a broken standard input, say) is reported as
 * {@code EIO}.
 *
 * @param path    the path the failure is about, as given
 * @param errno   the errno name, such as {@code "ENOTDIR"}
 * @param message {@code "PATH: ENOTDIR (Not a directory)"}
 */
record Failure(String path, String errno, String message) {

    /** The failure {@code e} describes; {@code path} names it when the exception does not. */
    static Failure of(String path, IOException e) {
        if (e instanceof PathError pe) {
            String named = pe.path() != null ? pe.path() : path;
            return new Failure(named, pe.errno().name(), e.getMessage() != null ? e.getMessage() : named + ": " + pe.errno().name());
        }
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new Failure(path, "EIO", path + ": EIO (" + detail + ")");
    }

    /** A failure the command line itself decides on, such as refusing to read a fifo. */
    static Failure of(String path, String errno, String reason) {
        return new Failure(path, errno, path + ": " + errno + " (" + reason + ")");
    }

    /** {@code {"ok":false,"path":P,"errno":E,"message":M}}. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ok", false);
        node.put("path", path);
        node.put("errno", errno);
        node.put("message", message);
        return node;
    }

    /** Thrown by a command to end with this failure (exit 1). */
    static final class Raised extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        Raised(Failure failure) {
            super(failure.message());
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }
    }

    /** An exception that ends the command with this failure. */
    Raised raise() {
        return new Raised(this);
    }
}
