package dev.beneath.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code beneath pod}: prepare and clean every volume mount of a Pod manifest. */
@Command(name = "pod",
        mixinStandardHelpOptions = true,
        description = "Prepare the volume mounts of a Kubernetes Pod manifest for a container runtime, "
                + "and clean them again.",
        subcommands = {PodPrepareCommand.class, PodCleanCommand.class})
final class PodCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is needed: " + String.join(", ", spec.subcommands().keySet()));
    }
}
