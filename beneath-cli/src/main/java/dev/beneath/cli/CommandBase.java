package dev.beneath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code beneath} subcommand has, written once: {@code --help}, the exit-code
 * footer of its help (a command whose exit codes mean more says so in its own
 * {@code footer}, which replaces this one), and the one way a command answers.
 *
 * <p>An answer is printed by {@link #succeed} or {@link #fail} and nowhere else. On success:
 * the reply's text lines, or with {@code --json} the one object {@code {"ok":true,...}};
 * exit 0. On failure: one line {@code beneath: MESSAGE} on stderr, or with {@code --json}
 * {@code {"ok":false,"path":P,"errno":E,"message":M}} on stdout; exit 1. Whether the answer
 * is JSON is {@link #json()}, which a command with {@link AnswerOptions} reads from there.
 */
@Command(footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
abstract class CommandBase implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Work that describes its outcome in a reply. */
    @FunctionalInterface
    interface Work {
        void run(Reply reply) throws IOException;
    }

    /** Whether answers are printed as JSON; false for a command without {@code --json}. */
    boolean json() {
        return false;
    }

    /**
     * Runs {@code work} and answers: its reply once it has succeeded, else the failure it
     * raised ({@link Failure.Raised}) or the one {@code describe} makes of its exception.
     *
     * @return {@link Main#OK} or {@link Main#FAILED}
     */
    final int answer(Work work, Function<IOException, Failure> describe) {
        Reply reply = new Reply();
        try {
            work.run(reply);
        } catch (Failure.Raised e) {
            return fail(e.failure());
        } catch (IOException e) {
            return fail(describe.apply(e));
        }
        return succeed(reply);
    }

    /** Prints the reply of a command that succeeded; returns {@link Main#OK}. */
    final int succeed(Reply reply) {
        PrintWriter out = spec.commandLine().getOut();
        if (json()) {
            print(reply.json());
        } else {
            reply.lines().forEach(out::println);
            out.flush();
        }
        return Main.OK;
    }

    /** Reports why the command failed; returns {@link Main#FAILED}. */
    final int fail(Failure failure) {
        if (json()) {
            print(failure.toJson());
        } else {
            warn(failure.message());
        }
        return Main.FAILED;
    }

    /** One JSON value on a line of stdout, flushed. */
    final void print(JsonNode value) {
        new JsonLines(spec.commandLine().getOut()).write(value);
    }

    /** One line {@code beneath: MESSAGE} on stderr, control characters escaped, flushed. */
    final void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("beneath: " + PlainText.escape(message));
        err.flush();
    }
}
