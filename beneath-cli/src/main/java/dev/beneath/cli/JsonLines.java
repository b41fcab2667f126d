package dev.beneath.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes JSON values one per line, flushing after each, so that a program reading the other
 * end of a pipe gets every answer as soon as it is written. Jackson does the escaping, so
 * quotes, backslashes and control characters in paths cannot break a line.
 */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
