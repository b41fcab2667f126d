package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("subpath", SubPathCommand::new);
        commands.put("pod", PodCommand::new);
        commands.put("resolve", () -> new ResolveCommand(in));
        commands.put("mkdir-all", MkdirAllCommand::new);
        commands.put("rm", RmCommand::new);
        commands.put("ln", LnCommand::new);
        commands.put("readlink", ReadlinkCommand::new);
        commands.put("stat", StatCommand::new);
        commands.put("ls", LsCommand::new);
        commands.put("cat", () -> new CatCommand(out));
        commands.put("write", () -> new WriteCommand(in));
        commands.put("mv", MvCommand::new);
        commands.put("chmod", ChmodCommand::new);
        commands.put("extract", () -> new ExtractCommand(in, err));
        commands.put("doctor", DoctorCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("attack", AttackCommand::new);
        commands.put("sftp-server", SftpServerCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        CommandLine cli = new CommandLine(new BeneathCommand());
        if (chosen != null && !chosen.equals("help") && commands.containsKey(chosen)) {
            cli.addSubcommand(chosen, commands.get(chosen).get());
        } else {
            commands.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
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
