package dev.beneath.cli;

import picocli.CommandLine.Command;

/** {@code beneath pod}: prepare and clean every volume mount of a Pod manifest. */
@Command(name = "pod",
        description = "Prepare the volume mounts of a Kubernetes Pod manifest for a container runtime, "
                + "and clean them again.",
        subcommands = {PodPrepareCommand.class, PodCleanCommand.class})
final class PodCommand extends CommandGroup {
}
