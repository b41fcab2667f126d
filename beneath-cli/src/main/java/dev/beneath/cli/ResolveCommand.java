package dev.beneath.cli;

import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code beneath resolve}: resolves paths inside a root and prints where each one leads, or
 * why it was refused. Three output modes: plain (real paths, one per line; the first failure
 * ends the command), {@code --json} (one object per path, every path answered) and
 * {@code --batch} (paths read from standard input, one JSON object written and flushed per
 * line, so a script can drive it as a coprocess).
 */
@Command(name = "resolve",
        description = {
            "Resolve each PATH inside the root DIR and print its real path, one per line.",
            "",
            "Whatever symlinks or '..' the tree holds, no lookup leaves DIR. The first failure "
                    + "prints one line to stderr and exits 1.",
            "",
            "--json prints one object per path, every path answered: "
                    + "{\"ok\":true,\"path\":P,\"real\":R,\"type\":T} or "
                    + "{\"ok\":false,\"path\":P,\"errno\":E,\"message\":M}; exits 1 if any failed.",
            "",
            "--batch reads the paths from stdin, one per line (only '\\n' ends a line), and writes and "
                    + "flushes one such object per line; exits 0 once every line is answered.",
            ""},
        footer = {"", "Exit codes: 0 success, 1 a path (or the root) failed, 2 usage error."})
final class ResolveCommand extends CommandBase {
    private final InputStream stdin;


    @Mixin
    RootOptions rootOptions;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "in-root",
            converter = OptionConverters.ScopeConverter.class, completionCandidates = OptionConverters.ScopeNames.class,
            description = "in-root (default): the root acts as '/'; beneath: leaving the root is EXDEV.")
    Scope scope;

    @Option(names = "--no-symlinks", description = "Refuse any symlink on the way (ELOOP).")
    boolean noSymlinks;

    @Option(names = "--no-xdev", description = "Refuse crossing a mount point (EXDEV).")
    boolean noXdev;

    @Option(names = "--nofollow", description = "Return a trailing symlink itself instead of following it.")
    boolean noFollow;

    @Option(names = "--batch", description = "Read paths from stdin, one per line; answer each with a JSON line.")
    boolean batch;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Paths inside the root.")
    List<String> paths = List.of();

    ResolveCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        if (batch && !paths.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--batch reads its paths from stdin; give no PATH");
        }
        if (!batch && paths.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "a PATH is needed (or --batch to read them from stdin)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Root opened = rootOptions.open()) {
            return batch ? answerBatch(opened)
                    : json() ? answerAllAsJson(opened)
                    : printUntilFirstFailure(opened, out);
        } catch (IOException e) {
            return fail(Failure.of(rootOptions.root, e));
        }
    }

    /** Every answer is JSON with {@code --json} and with {@code --batch}. */
    @Override
    boolean json() {
        return rootOptions.answer.json || batch;
    }

    private ResolveOptions options() {
        return ResolveOptions.DEFAULT.withScope(scope).withNoSymlinks(noSymlinks).withNoXdev(noXdev)
                .withNoFollow(noFollow);
    }

    private int printUntilFirstFailure(Root opened, PrintWriter out) {
        for (String path : paths) {
            Resolution r = Resolution.of(opened, path, options());
            if (r.failure() != null) {
                out.flush();
                return fail(r.failure());
            }
            out.println(PlainText.escape(r.real()));
        }
        out.flush();
        return Main.OK;
    }

    private int answerAllAsJson(Root opened) {
        boolean allOk = true;
        for (String path : paths) {
            Resolution r = Resolution.of(opened, path, options());
            print(r.toJson());
            allOk &= r.failure() == null;
        }
        return allOk ? Main.OK : Main.FAILED;
    }

    private int answerBatch(Root opened) throws IOException {
        PathLines lines = new PathLines(stdin);
        for (String path; (path = lines.next()) != null; ) {
            print(Resolution.of(opened, path, options()).toJson());
        }
        return Main.OK;
    }
}
