package example.consumer;

import dev.beneath.Errno;
import dev.beneath.PathError;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HexFormat;

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

    /** The name as text, with each byte that is not UTF-8 and each control character shown in hex. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= '\uDC80' && c <= '\uDCFF') {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) (c - '\uDC00')));
            } else if (Character.isISOControl(c)) {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
