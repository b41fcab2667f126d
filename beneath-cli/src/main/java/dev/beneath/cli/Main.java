package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
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
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), UTF_8), true);
        CommandLine cli = commandLine(System.in, out, err, args.length > 0 ? args[0] : null);
        int code = cli.execute(args);
        cli.getOut().flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The {@code beneath} command with all its subcommands, reading from {@code in} (only
     * {@code resolve --batch} and {@code write} do) and writing to {@code out} and {@code err}.
     * Text and JSON go to {@code out} as UTF-8, whatever the locale says, so that paths come
     * out as the bytes they are; {@code cat} copies a file's bytes to {@code out} unchanged.
     */
    public static CommandLine commandLine(InputStream in, OutputStream out, PrintWriter err) {
        return commandLine(in, out, err, null);
    }

    /**
     * {@link #commandLine(InputStream, OutputStream, PrintWriter)} for a run whose first
     * argument is {@code chosen}: when that names a subcommand, only that one is built. Picocli
     * instantiates every command it is given and reflects over its options, and some commands
     * initialise Jackson; a one-shot {@code beneath resolve} should pay for {@code resolve}
     * alone. Anything else ({@code --help}, {@code help}, a typo) gets the whole tree, so
     * listings and suggestions are complete.
     */
    static CommandLine commandLine(InputStream in, OutputStream out, PrintWriter err, String chosen) {
        CommandLine cli = new CommandLine(new BeneathCommand());
        if (chosen != null && !chosen.equals("help") && COMMANDS.contains(chosen)) {
            cli.addSubcommand(chosen, command(chosen, in, out, err));
        } else {
            for (String name : COMMANDS) {
                cli.addSubcommand(name, command(name, in, out, err));
            }
        }
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, UTF_8)));
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Failures());
        cli.setParameterExceptionHandler(new Failures());
        return cli;
    }

    /** The subcommands, in the order {@code --help} lists them. */
    private static final List<String> COMMANDS = List.of("subpath", "pod", "resolve", "mkdir-all", "rm", "ln",
            "readlink", "stat", "ls", "cat", "write", "mv", "chmod", "extract", "doctor", "demo", "attack",
            "sftp-server", "help");

    /*
     * A switch and a named class rather than a table of lambdas: the ahead-of-time cache holds
     * ordinary classes, while every lambda is spun into a class anew at each start (the cache
     * would keep them only with class linking, which is off; see the launcher).
     */
    private static Object command(String name, InputStream in, OutputStream out, PrintWriter err) {
        return switch (name) {
            case "subpath" -> new SubPathCommand();
            case "pod" -> new PodCommand();
            case "resolve" -> new ResolveCommand(in);
            case "mkdir-all" -> new MkdirAllCommand();
            case "rm" -> new RmCommand();
            case "ln" -> new LnCommand();
            case "readlink" -> new ReadlinkCommand();
            case "stat" -> new StatCommand();
            case "ls" -> new LsCommand();
            case "cat" -> new CatCommand(out);
            case "write" -> new WriteCommand(in);
            case "mv" -> new MvCommand();
            case "chmod" -> new ChmodCommand();
            case "extract" -> new ExtractCommand(in, err);
            case "doctor" -> new DoctorCommand();
            case "demo" -> new DemoCommand();
            case "attack" -> new AttackCommand();
            case "sftp-server" -> new SftpServerCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** What a failed parse (exit 2) or an unexpected exception in a command (exit 1) prints. */
    private static final class Failures
            implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("beneath: " + commandLine.getCommandName() + ": unexpected failure: "
                    + PlainText.escape(String.valueOf(e)));
            commandLine.getErr().flush();
            return FAILED;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("beneath: " + PlainText.escape(e.getMessage()));
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            w.flush();
            return USAGE;
        }
    }
}
