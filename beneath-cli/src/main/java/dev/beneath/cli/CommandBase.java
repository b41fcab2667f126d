package dev.beneath.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code beneath} subcommand has, written once: {@code --help}, the command's own
 * spec for usage errors and output, and the exit-code footer of its help (a command whose
 * exit codes mean more says so in its own {@code footer}, which replaces this one).
 */
@Command(footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
abstract class CommandBase implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
