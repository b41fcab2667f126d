package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code beneath} command in-process, as {@link Main} would, with captured streams. */
final class Cli {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Cli() {
    }

    /** What one run left behind; {@code out} is standard output decoded as UTF-8. */
    record Run(int exitCode, byte[] outBytes, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }

        List<JsonNode> json() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : outLines()) {
                try {
                    nodes.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + line, e);
                }
            }
            return nodes;
        }
    }

    static Run run(String... args) {
        return runWithInput(new byte[0], args);
    }

    static Run runWithInput(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter e = new PrintWriter(err)) {
            // as Main.main builds it: only the subcommand the first argument names
            CommandLine cli = Main.commandLine(new ByteArrayInputStream(stdin), out, e, args.length > 0 ? args[0] : null);
            code = cli.execute(args);
            cli.getOut().flush();
        }
        return new Run(code, out.toByteArray(), out.toString(UTF_8), err.toString());
    }

    static Run runWithInput(String stdin, String... args) {
        return runWithInput(stdin.getBytes(UTF_8), args);
    }
}
