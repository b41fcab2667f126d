package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does one operation inside a root: opens the root, lets the subclass
 * {@link #perform} its operation, and answers in the one shape every such command shares.
 * On success: the reply's text lines, or with {@code --json} the one object
 * {@code {"ok":true,...}}; exit 0. On failure: one line {@code beneath: PATH: ERRNO (...)} on
 * stderr, or with {@code --json} {@code {"ok":false,"path":P,"errno":E,"message":M}} on
 * stdout; exit 1. The root is closed before anything is printed.
 */
@Command(footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
abstract class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RootOptions options;

    /**
     * Does the operation in {@code root} and describes its outcome in {@code reply}. Every
     * handle and channel opened here is closed before returning.
     *
     * @throws IOException the operation failed; a {@link dev.beneath.PathError} or
     *                     {@link Failure.Raised} names the errno
     */
    abstract void perform(Root root, Reply reply) throws IOException;

    /** The path the operation is about, as given: named by a failure the library did not describe. */
    abstract String subject();

    /** Whether the answer is JSON, for commands whose work differs (cat). */
    final boolean json() {
        return options.json;
    }

    @Override
    public final Integer call() {
        Reply reply = new Reply();
        try (Root root = options.open()) {
            try {
                perform(root, reply);
            } catch (Failure.Raised e) {
                return report(e.failure());
            } catch (IOException e) {
                return report(Failure.of(subject(), e));
            }
        } catch (IOException e) {
            return report(Failure.of(options.root, e));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            new JsonLines(out).write(reply.json());
        } else {
            reply.lines().forEach(out::println);
            out.flush();
        }
        return Main.OK;
    }

    private int report(Failure failure) {
        if (options.json) {
            new JsonLines(spec.commandLine().getOut()).write(failure.toJson());
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("beneath: " + PlainText.escape(failure.message()));
            err.flush();
        }
        return Main.FAILED;
    }
}
