package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of the {@code beneath} command-line tool. Exit codes: 0 success, 1 the
 * operation failed, 2 the command line was wrong.
 *
 * <p>{@link #commandLine} builds the whole command tree on given streams, so the commands can
 * be run in-process (tests do) exactly as {@link #main} runs them.
 */
public final class Main {
    /** The command worked. */
    public static final int OK = 0;
    /** The operation failed: a path was refused, the root could not be opened, ... */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale says, so that paths and JSON come out as the bytes they are
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), UTF_8), true);
        int code = commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The {@code beneath} command with all its subcommands, reading from {@code in} (only
     * {@code resolve --batch} does) and writing to {@code out} and {@code err}.
     */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BeneathCommand());
        cli.addSubcommand("resolve", new ResolveCommand(in));
        cli.addSubcommand("doctor", new DoctorCommand());
        cli.addSubcommand("demo", new DemoCommand());
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("beneath: " + commandLine.getCommandName() + ": unexpected failure: " + e);
            commandLine.getErr().flush();
            return FAILED;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("beneath: " + e.getMessage());
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            w.flush();
            return USAGE;
        });
        return cli;
    }
}
