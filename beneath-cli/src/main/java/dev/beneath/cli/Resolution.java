package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.InvalidPathException;

/**
 * The answer for one path: where it resolved to and what it is, or why it was refused. Turns
 * into the JSON object {@code resolve --json} and {@code --batch} print.
 *
 * @param path    the path as given
 * @param real    the object's real path (for display), or null on failure
 * @param type    the file type's short name ({@code dir file symlink fifo socket char block}), or null
 * @param errno   the errno name on failure ({@code "EXDEV"}), or null on success
 * @param message the one-line error message on failure, or null on success
 */
record Resolution(String path, String real, String type, String errno, String message) {

    /** Resolves {@code path} in {@code root} and describes the outcome; the handle is closed at once. */
    static Resolution of(Root root, String path, ResolveOptions options) {
        try (Handle handle = root.resolve(path, options)) {
            return new Resolution(path, handle.realPath(), handle.type().shortName(), null, null);
        } catch (IOException e) {
            return failure(path, e);
        } catch (InvalidPathException e) {
            // the JVM decodes file names with the locale's charset; under a non-UTF-8 locale a
            // real path with non-ASCII bytes cannot become a Path at all
            return new Resolution(path, null, null, "EILSEQ", path
                    + ": EILSEQ (its real path cannot be decoded in this locale; run under a UTF-8 locale)");
        }
    }

    /**
     * A failure for {@code path}, described as {@link Failure#of(String, IOException)} does.
     */
    static Resolution failure(String path, IOException e) {
        Failure f = Failure.of(path, e);
        return new Resolution(path, null, null, f.errno(), f.message());
    }

    boolean ok() {
        return errno == null;
    }

    /** {@code {"path":P,"ok":true,"real":R,"type":T}} or {@code {"path":P,"ok":false,"errno":E,"message":M}}. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("path", path);
        node.put("ok", ok());
        if (ok()) {
            node.put("real", real);
            node.put("type", type);
        } else {
            node.put("errno", errno);
            node.put("message", message);
        }
        return node;
    }
}
