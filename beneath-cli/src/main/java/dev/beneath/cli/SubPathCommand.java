package dev.beneath.cli;

import picocli.CommandLine.Command;

/** {@code beneath subpath}: the node agent's three subPath operations, one subcommand each. */
@Command(name = "subpath",
        description = "The node agent's subPath mechanism: prepare a verified bind mount of a subPath, "
                + "clean a volume's prepared subPaths, create a subPath directory safely.",
        subcommands = {SubPathPrepareCommand.class, SubPathCleanCommand.class, SubPathSafeMkdirCommand.class})
final class SubPathCommand extends CommandGroup {
}
