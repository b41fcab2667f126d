package dev.beneath.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes JSON values one per line, flushing after each, so that a program reading the other
 * end of a pipe gets every answer as soon as it is written. Jackson does the escaping, so
 * quotes, backslashes and control characters in paths cannot break a line. Everything beyond
 * ASCII is written as a JSON escape (backslash, u, four hex digits), so a name that is not
 * UTF-8 (carried as {@code U+DC80..U+DCFF}, see {@link dev.beneath.PathNames}) reaches the
 * reader exactly instead of as {@code ?}.
 */
final class JsonLines {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final PrintWriter out;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    void write(JsonNode value) {
        try {
            out.print(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.print('\n');
        out.flush();
    }
}
