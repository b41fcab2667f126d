package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * A command that does one operation inside a root: opens the root, lets the subclass
 * {@link #perform} its operation, and answers as {@link CommandBase} does. A failure names
 * the operation's {@link #subject()}, or the root when it does not open. The root is closed
 * before anything is printed.
 */
abstract class RootCommand extends CommandBase {

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

    /**
     * The path the operation is about, as given: named by a failure the library did not
     * describe. The last operand ({@code PATH}) unless the command says otherwise.
     */
    String subject() {
        Object operand = spec.positionalParameters().getLast().getValue();
        return String.valueOf(operand);
    }

    @Override
    final boolean json() {
        return options.answer.json;
    }

    @Override
    public final Integer call() {
        return answer(reply -> {
            try (Root root = options.open()) {
                try {
                    perform(root, reply);
                } catch (Failure.Raised e) {
                    throw e;
                } catch (IOException e) {
                    throw Failure.of(subject(), e).raise();
                }
            }
        }, e -> Failure.of(options.root, e));
    }
}
