package dev.beneath.cli;

import dev.beneath.Backend;
import picocli.CommandLine.Option;

/** {@code --backend} and {@code --json}, for every command that answers about paths. */
final class AnswerOptions {
    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = OptionConverters.BackendConverter.class,
            completionCandidates = OptionConverters.BackendNames.class,
            description = "auto (default), openat2 or emulated.")
    Backend backend;

    @Option(names = "--json", description = "Print the answer as JSON: {\"ok\":true,...} or "
            + "{\"ok\":false,\"path\":P,\"errno\":E,\"message\":M}.")
    boolean json;
}
