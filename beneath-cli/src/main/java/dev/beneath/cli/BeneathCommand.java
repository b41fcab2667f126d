package dev.beneath.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top-level {@code beneath} command: holds the subcommands (added by {@link Main}, only
 * the one a run needs), {@code --help} and {@code --version}.
 */
@Command(name = "beneath",
        versionProvider = VersionProvider.class,
        description = "Race-free handling of untrusted paths on Linux: every lookup stays inside its root.")
final class BeneathCommand extends CommandGroup {
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;
}
