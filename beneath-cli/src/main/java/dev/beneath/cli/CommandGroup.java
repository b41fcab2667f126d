package dev.beneath.cli;

import picocli.CommandLine.ParameterException;

/**
 * A command that only holds others ({@code beneath}, {@code beneath subpath}, {@code beneath
 * pod}): run alone, it is a usage error that lists them (exit 2).
 */
abstract class CommandGroup extends CommandBase {

    @Override
    public final Integer call() {
        throw new ParameterException(spec.commandLine(), (spec.parent() == null ? "a command" : "a subcommand")
                + " is needed: " + String.join(", ", spec.subcommands().keySet()));
    }
}
