package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command working inside a root shares: {@code --root DIR},
 * {@code --backend} and {@code --json}. Mixed into each such command.
 */
final class RootOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "The directory the paths are confined to (trusted; opened as given).")
    String root;

    @Mixin
    AnswerOptions answer;

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
        return Root.open(rootPath(), answer.backend);
    }
}
