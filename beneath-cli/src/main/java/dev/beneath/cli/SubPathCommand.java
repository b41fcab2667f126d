package dev.beneath.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code beneath subpath}: the node agent's three subPath operations, one subcommand each. */
@Command(name = "subpath",
        mixinStandardHelpOptions = true,
        description = "The node agent's subPath mechanism: prepare a verified bind mount of a subPath, "
                + "clean a volume's prepared subPaths, create a subPath directory safely.",
        subcommands = {SubPathPrepareCommand.class, SubPathCleanCommand.class, SubPathSafeMkdirCommand.class})
final class SubPathCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is needed: " + String.join(", ", spec.subcommands().keySet()));
    }
}
