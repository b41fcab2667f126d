package dev.beneath.lab.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an OCI runtime spec's {@code mounts} array, as a runtime such as runc reads
 * it: where it appears in the container, the file system type, the source, and the options.
 *
 * <p>The source is kept as the exact string the runtime will get. That matters: a bind source
 * is a path the runtime resolves itself, following every symlink in it, which is the whole of
 * the 2017 subPath attack.
 *
 * @param destination absolute path inside the container
 * @param type        file system type ({@code bind} for a bind mount)
 * @param source      what is mounted; for a bind, a host path exactly as handed over
 * @param options     mount options, e.g. {@code rbind}, {@code ro}
 */
public record OciMount(String destination, String type, String source, List<String> options) {

    /** Checks the fields and takes an unmodifiable copy of the options. */
    public OciMount {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = List.copyOf(options);
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("mount destination must be absolute: " + destination);
        }
    }

    /**
     * A recursive bind mount of {@code source} at {@code destination}, options
     * {@code ["rbind", "rw"|"ro"]}: what container runtimes do with a volume. The source string
     * is {@code source.toString()}, not resolved or normalised in any way.
     */
    public static OciMount bind(Path source, String destination, boolean readOnly) {
        return new OciMount(destination, "bind", source.toString(),
                List.of("rbind", readOnly ? "ro" : "rw"));
    }

    /** Whether the options ask for a read-only mount. */
    public boolean readOnly() {
        return options.contains("ro");
    }
}
