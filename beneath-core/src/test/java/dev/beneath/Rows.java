package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** What the table-driven tests share: every row on both backends, and the errno a row must fail with. */
final class Rows {
    private Rows() {
    }

    /** Each row twice, as {@code (backend, row)} arguments: once per concrete backend. */
    static Stream<Arguments> onBothBackends(List<?> rows) {
        return rows.stream().flatMap(r -> Stream.of(
                Arguments.of(Backend.OPENAT2, r), Arguments.of(Backend.EMULATED, r)));
    }

    /** Something that may fail with an {@link IOException}. */
    interface Step {
        void run() throws IOException;
    }

    /** Runs {@code step}, which must fail with a {@link PathError} naming {@code errno}; returns the failure. */
    static IOException failsWith(String errno, Step step) {
        try {
            step.run();
        } catch (IOException e) {
            assertInstanceOf(PathError.class, e, e::toString);
            assertEquals(errno, ((PathError) e).errno().name(), e::toString);
            return e;
        }
        return fail("expected " + errno);
    }
}
