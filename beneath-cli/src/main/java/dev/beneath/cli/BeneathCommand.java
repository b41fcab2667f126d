package dev.beneath.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code beneath} command: holds the subcommands (added by {@link Main}, only
 * the one a run needs), {@code --help} and {@code --version}.
 */
@Command(name = "beneath",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Race-free handling of untrusted paths on Linux: every lookup stays inside its root.",
        footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
final class BeneathCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a command is needed: " + String.join(", ", spec.subcommands().keySet()));
    }
}
