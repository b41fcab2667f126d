package dev.beneath.cli;

import dev.beneath.Backend;
import dev.beneath.PathError;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command of the node agent's subPath mechanism ({@code subpath ...}, {@code pod ...}): runs
 * the subclass's {@link #perform} with a {@link SubPathMounter} and answers as every command
 * does. On success the reply's lines, or with {@code --json} one object {@code {"ok":true,...}};
 * exit 0. On failure one line {@code beneath: MESSAGE} on stderr, the message meant for the
 * pod's owner (names from the pod spec, never a host path), or with {@code --json}
 * {@code {"ok":false,"path":P,"errno":E,"message":M}} on stdout; exit 1. The errno is the one
 * behind the refusal ({@code EXDEV} for a subPath leading out of its volume), {@code EINVAL}
 * for a spec refused as written.
 */
@Command(footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
abstract class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = OptionConverters.BackendConverter.class,
            completionCandidates = OptionConverters.BackendNames.class,
            description = "auto (default), openat2 or emulated.")
    Backend backend;

    @Option(names = "--json", description = "Print the answer as JSON: {\"ok\":true,...} or "
            + "{\"ok\":false,\"path\":P,\"errno\":E,\"message\":M}.")
    boolean json;

    /** Does the work and describes its outcome in {@code reply}. */
    abstract void perform(SubPathMounter mounter, Reply reply) throws IOException;

    /** What the command is about, as given: the {@code path} of a failure. */
    abstract String subject();

    @Override
    public final Integer call() {
        Reply reply = new Reply();
        try {
            perform(new SubPathMounter(backend), reply);
        } catch (SubPathException | PodManifest.Invalid e) {
            return report(new Failure(subject(), errnoBehind(e), e.getMessage()));
        } catch (IOException e) {
            return report(Failure.of(subject(), e));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonLines(out).write(reply.json());
        } else {
            reply.lines().forEach(out::println);
            out.flush();
        }
        return Main.OK;
    }

    /** The errno of the first system call failure among the causes, else EINVAL (refused as written). */
    private static String errnoBehind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PathError pe) {
                return pe.errno().name();
            }
            if (t instanceof SyscallException se) {
                return se.errnoName();
            }
        }
        return "EINVAL";
    }

    private int report(Failure failure) {
        if (json) {
            new JsonLines(spec.commandLine().getOut()).write(failure.toJson());
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("beneath: " + PlainText.escape(failure.message()));
            err.flush();
        }
        return Main.FAILED;
    }
}
