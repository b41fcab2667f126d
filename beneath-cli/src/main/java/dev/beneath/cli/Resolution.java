package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.InvalidPathException;

/**
 * The answer for one path: where it resolved to and what it is, or why it was refused. Turns
 * into the JSON object {@code resolve --json} and {@code --batch} print; a refusal is the
 * {@link Failure} every command reports.
 *
 * @param path    the path as given
 * @param real    the object's real path (for display), or null on failure
 * @param type    the file type's short name ({@code dir file symlink fifo socket char block}), or null
 * @param failure why the path was refused, or null on success
 */
record Resolution(String path, String real, String type, Failure failure) {

    /** Resolves {@code path} in {@code root} and describes the outcome; the handle is closed at once. */
    static Resolution of(Root root, String path, ResolveOptions options) {
        try (Handle handle = root.resolve(path, options)) {
            return new Resolution(path, handle.realPath(), handle.type().shortName(), null);
        } catch (IOException e) {
            // keyed by the path as given, whatever part of it the exception names
            Failure f = Failure.of(path, e);
            return new Resolution(path, null, null, new Failure(path, f.errno(), f.message()));
        } catch (InvalidPathException e) {
            // the JVM decodes file names with the locale's charset; under a non-UTF-8 locale a
            // real path with non-ASCII bytes cannot become a Path at all
            return new Resolution(path, null, null, Failure.of(path, "EILSEQ",
                    "its real path cannot be decoded in this locale; run under a UTF-8 locale"));
        }
    }

    /** {@code {"ok":true,"path":P,"real":R,"type":T}}, or the failure's {@code {"ok":false,"path":P,"errno":E,"message":M}}. */
    ObjectNode toJson() {
        if (failure != null) {
            return failure.toJson();
        }
        return new Reply().put("path", path).put("real", real).put("type", type).json();
    }
}
