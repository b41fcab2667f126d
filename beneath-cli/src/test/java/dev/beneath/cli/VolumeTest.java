package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beneath.internal.resolve.Backends;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile volume for the subcommand tests: under a temporary directory, {@code volume} (the
 * root the commands get) holds ordinary entries and links planted to lead out of it, and
 * {@code outside} next to it holds what an attacker would like to reach. {@link #outsideIntact()}
 * proves that nothing outside the volume was created, changed or removed.
 */
abstract class VolumeTest {
    @TempDir
    Path base;

    /** The root given to every command (a real path). */
    Path root;
    /** A directory next to the root, with a file {@code secret}. */
    Path outside;

    private Census outsideBefore;

    @BeforeEach
    void plantVolume() throws IOException {
        base = base.toRealPath();
        outside = base.resolve("outside");
        new Tree(outside).file("secret", "do not touch\n");
        root = base.resolve("volume");
        new Tree(root)
                .dir("a/b")
                .file("a/f", "content\n")
                .dir("empty")
                .symlink("evil", "/")
                .symlink("escape", "../../..")
                .symlink("sibling", "../outside")
                .symlink("to-secret", "../outside/secret")
                .symlink("link-to-f", "a/f")
                .symlink("link-to-a", "a")
                .symlink("dangling", "nowhere")
                .fifo("pipe");
        outsideBefore = outsideCensus();
    }

    @AfterEach
    void removeLinksLeadingOut() throws IOException {
        for (String link : List.of("evil", "escape", "sibling", "to-secret")) {
            Files.deleteIfExists(root.resolve(link));
        }
    }

    /** Everything under the temporary directory except the volume. */
    private Census outsideCensus() {
        return Census.of(outside);
    }

    /** Nothing outside the volume changed, and the temporary directory holds only the two. */
    void outsideIntact() throws IOException {
        assertEquals(outsideBefore, outsideCensus(), "the directory outside the volume changed");
        try (Stream<Path> top = Files.list(base)) {
            assertEquals(Set.of(root, outside), Set.copyOf(top.toList()), "something appeared next to the volume");
        }
    }

    /** Runs {@code beneath COMMAND --root VOLUME ARGS...}. */
    Cli.Run run(String command, String... args) {
        return Cli.run(withRoot(command, args));
    }

    /** Runs {@code beneath COMMAND --root VOLUME ARGS...} with {@code stdin} as its input. */
    Cli.Run runWithInput(byte[] stdin, String command, String... args) {
        return Cli.runWithInput(stdin, withRoot(command, args));
    }

    private String[] withRoot(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--root", root.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The backends this kernel offers, by their command-line names. */
    static Stream<String> backends() {
        return Backends.probeResult().openat2Available() ? Stream.of("openat2", "emulated") : Stream.of("emulated");
    }

    /** A successful run printed nothing at all. */
    static void assertSilentSuccess(Cli.Run r) {
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
    }

    /** A failed run without --json: exit 1, nothing on stdout, one line {@code beneath: PATH: ERRNO (...)}. */
    static void assertFails(Cli.Run r, String path, String errno) {
        assertEquals(Main.FAILED, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("beneath: " + path + ": " + errno + " ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** The one JSON object a --json run printed; nothing went to stderr. */
    static JsonNode onlyJson(Cli.Run r) {
        List<JsonNode> nodes = r.json();
        assertEquals(1, nodes.size(), r.out());
        assertEquals("", r.err());
        return nodes.getFirst();
    }

    /** A failed --json run: exit 1 and exactly {@code {"ok":false,"path":P,"errno":E,"message":M}}. */
    static void assertJsonFailure(Cli.Run r, String path, String errno) {
        assertEquals(Main.FAILED, r.exitCode(), r.out() + r.err());
        JsonNode node = onlyJson(r);
        assertEquals(List.of("ok", "path", "errno", "message"), fieldNames(node));
        assertEquals(false, node.get("ok").asBoolean());
        assertEquals(path, node.get("path").asText());
        assertEquals(errno, node.get("errno").asText());
        // a failure about the first of two paths names the second too ("FROM -> TO: ..."), as the JDK does
        String message = node.get("message").asText();
        assertTrue(message.startsWith(path + ": " + errno + " (") || message.startsWith(path + " -> ")
                && message.contains(": " + errno + " ("), node.toString());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
