package dev.beneath.cli;

import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
                    + "{\"path\":P,\"ok\":true,\"real\":R,\"type\":T} or "
                    + "{\"path\":P,\"ok\":false,\"errno\":E,\"message\":M}; exits 1 if any failed.",
            "",
            "--batch reads the paths from stdin, one per line (only '\\n' ends a line), and writes and "
                    + "flushes one such object per line; exits 0 once every line is answered.",
            ""},
        footer = {"", "Exit codes: 0 success, 1 a path (or the root) failed, 2 usage error."})
final class ResolveCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

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
        boolean jsonOut = rootOptions.json || batch;
        try (Root opened = rootOptions.open()) {
            return batch ? answerBatch(opened, new JsonLines(out))
                    : jsonOut ? answerAllAsJson(opened, new JsonLines(out))
                    : printUntilFirstFailure(opened, out);
        } catch (IOException e) {
            Resolution failure = Resolution.failure(rootOptions.root, e);
            if (jsonOut) {
                new JsonLines(out).write(failure.toJson());
            } else {
                reportError(failure);
            }
            return Main.FAILED;
        }
    }

    private ResolveOptions options() {
        return ResolveOptions.DEFAULT.withScope(scope).withNoSymlinks(noSymlinks).withNoXdev(noXdev)
                .withNoFollow(noFollow);
    }

    private int printUntilFirstFailure(Root opened, PrintWriter out) {
        for (String path : paths) {
            Resolution r = Resolution.of(opened, path, options());
            if (!r.ok()) {
                out.flush();
                reportError(r);
                return Main.FAILED;
            }
            out.println(PlainText.escape(r.real()));
        }
        out.flush();
        return Main.OK;
    }

    private int answerAllAsJson(Root opened, JsonLines out) {
        boolean allOk = true;
        for (String path : paths) {
            Resolution r = Resolution.of(opened, path, options());
            out.write(r.toJson());
            allOk &= r.ok();
        }
        return allOk ? Main.OK : Main.FAILED;
    }

    private int answerBatch(Root opened, JsonLines out) throws IOException {
        PathLines lines = new PathLines(stdin);
        for (String path; (path = lines.next()) != null; ) {
            out.write(Resolution.of(opened, path, options()).toJson());
        }
        return Main.OK;
    }

    private void reportError(Resolution failure) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("beneath: " + PlainText.escape(failure.message()));
        err.flush();
    }
}
