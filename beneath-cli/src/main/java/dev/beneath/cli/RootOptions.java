package dev.beneath.cli;

import dev.beneath.Backend;
import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command working inside a root shares: {@code --root DIR},
 * {@code --backend}, {@code --json} and {@code --help}. Mixed into each such command.
 */
final class RootOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "The directory the paths are confined to (trusted; opened as given).")
    String root;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = OptionConverters.BackendConverter.class,
            completionCandidates = OptionConverters.BackendNames.class,
            description = "auto (default), openat2 or emulated.")
    Backend backend;

    @Option(names = "--json", description = "Print the answer as JSON: {\"ok\":true,...} or "
            + "{\"ok\":false,\"errno\":E,\"message\":M}.")
    boolean json;

    /** The root directory as given; a usage error when it cannot be a path at all. */
    Path rootPath() {
        try {
            return Path.of(root);
        } catch (InvalidPathException e) {
            throw new ParameterException(spec.commandLine(), "--root: not a usable path: " + e.getMessage());
        }
    }

    /** Opens the root with the chosen backend. */
    Root open() throws IOException {
        return Root.open(rootPath(), backend);
    }
}
