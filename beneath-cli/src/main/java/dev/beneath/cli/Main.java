package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
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
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), UTF_8), true);
        CommandLine cli = commandLine(System.in, out, err);
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
        CommandLine cli = new CommandLine(new BeneathCommand());
        cli.addSubcommand("resolve", new ResolveCommand(in));
        cli.addSubcommand("mkdir-all", new MkdirAllCommand());
        cli.addSubcommand("rm", new RmCommand());
        cli.addSubcommand("ln", new LnCommand());
        cli.addSubcommand("readlink", new ReadlinkCommand());
        cli.addSubcommand("stat", new StatCommand());
        cli.addSubcommand("ls", new LsCommand());
        cli.addSubcommand("cat", new CatCommand(out));
        cli.addSubcommand("write", new WriteCommand(in));
        cli.addSubcommand("mv", new MvCommand());
        cli.addSubcommand("chmod", new ChmodCommand());
        cli.addSubcommand("doctor", new DoctorCommand());
        cli.addSubcommand("demo", new DemoCommand());
        cli.addSubcommand("attack", new dev.beneath.cli.attack.AttackCommand());
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, UTF_8)));
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("beneath: " + commandLine.getCommandName() + ": unexpected failure: "
                    + PlainText.escape(String.valueOf(e)));
            commandLine.getErr().flush();
            return FAILED;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("beneath: " + PlainText.escape(e.getMessage()));
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            w.flush();
            return USAGE;
        });
        return cli;
    }
}
