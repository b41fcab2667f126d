package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolve --batch} driven as a coprocess: each answer arrives before the next question is asked. */
class BatchCoprocessTest {
    @TempDir
    Path root;

    @Test
    void eachLineIsAnsweredBeforeTheNextIsSent() throws Exception {
        Files.createDirectories(root.resolve("a"));
        ObjectMapper mapper = new ObjectMapper();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            PipedOutputStream questions = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(questions);
            PipedInputStream answersIn = new PipedInputStream();
            PipedOutputStream stdout = new PipedOutputStream(answersIn);
            StringWriter stderr = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                int code = Main.commandLine(stdin, stdout, new PrintWriter(stderr))
                        .execute("resolve", "--root", root.toString(), "--batch", "--scope", "beneath");
                try {
                    stdout.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return code;
            });
            BufferedReader answers = new BufferedReader(new InputStreamReader(answersIn, UTF_8));

            questions.write("a\n".getBytes(UTF_8));
            questions.flush();
            JsonNode first = mapper.readTree(answers.readLine());
            assertTrue(first.get("ok").asBoolean(), first.toString());

            questions.write("../outside\n".getBytes(UTF_8));
            questions.flush();
            JsonNode second = mapper.readTree(answers.readLine());
            assertEquals("EXDEV", second.get("errno").asText(), second.toString());

            questions.close();
            assertNull(answers.readLine());
            assertEquals(Main.OK, exit.get(), stderr.toString());
        });
    }
}
