package example.consumer;

import dev.beneath.Errno;
import dev.beneath.PathError;
import java.io.IOException;
import java.io.PrintStream;

/** What each task promised, checked and printed one line each; the failures are counted. */
final class Expectations {

    /** Something that must be refused. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final PrintStream out;
    private int checked;
    private int failed;

    Expectations(PrintStream out) {
        this.out = out;
    }

    void that(String what, boolean holds) {
        checked++;
        if (!holds) {
            failed++;
        }
        out.println((holds ? "  ok    " : "  FAIL  ") + what);
    }

    /**
     * {@code action} must fail with an {@code expected} that is one of beneath's typed errors
     * ({@link PathError}), whose errno is {@code errno} when one is given.
     */
    void refused(String what, Class<? extends IOException> expected, Errno errno, Action action) {
        try {
            action.run();
            that(what + ": refused (it was not)", false);
        } catch (IOException e) {
            boolean typed = expected.isInstance(e) && e instanceof PathError error
                    && (errno == null || error.errno() == errno);
            that(what + ": refused, " + describe(e), typed);
        }
    }

    /** The java.nio type a caller would catch, and the errno. */
    static String describe(IOException e) {
        Class<?> type = e.getClass();
        while (!type.getPackageName().startsWith("java.") && type.getSuperclass() != null
                && !(e instanceof PathError && type.getPackageName().equals("dev.beneath")
                        && java.lang.reflect.Modifier.isPublic(type.getModifiers()))) {
            type = type.getSuperclass();
        }
        return e instanceof PathError error
                ? type.getSimpleName() + " " + error.errno()
                : type.getSimpleName() + " \"" + e.getMessage() + "\"";
    }

    int checked() {
        return checked;
    }

    int failed() {
        return failed;
    }
}
