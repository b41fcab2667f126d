package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that can fail with {@code --json} reports the failure the one way
 * {@link CommandBase} does, whatever kind of command it is (in a root, over many paths, of the
 * node agent, of an archive): with {@code --json} one object {@code {"ok":false,"path","errno",
 * "message"}} on stdout and nothing on stderr; without it nothing on stdout and one line
 * {@code beneath: MESSAGE} on stderr, the very message of the JSON form; exit 1 both ways.
 */
class OneFailureShapeTest extends VolumeTest {

    /** A failing run of each kind of command, {@code --json} left out; {@code %ROOT%} and {@code %BASE%} are filled in. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(List.of("stat", "--root", "%ROOT%", "a/f/"), "ENOTDIR"),
                Arguments.of(List.of("resolve", "--root", "%ROOT%", "a/f/x"), "ENOTDIR"),
                Arguments.of(List.of("resolve", "--root", "%BASE%/no-such-volume", "a"), "ENOENT"),
                Arguments.of(List.of("extract", "--root", "%BASE%/no-such-volume", "%BASE%/no-such.tar"), null),
                Arguments.of(List.of("subpath", "safe-mkdir", "--base", "%ROOT%", "--subpath", "a/f/x"), null),
                Arguments.of(List.of("pod", "clean", "--pod", "%BASE%/no-such-pod.yaml", "--pod-dir", "%BASE%"), null),
                Arguments.of(List.of("subpath", "prepare", "--volume", "%ROOT%", "--subpath", "evil/etc",
                        "--pod-dir", "%BASE%/pod", "--volume-name", "data", "--container", "web", "--index", "0"), null));
    }

    private String[] args(List<String> template, boolean json) {
        List<String> args = new ArrayList<>();
        for (String a : template) {
            args.add(a.replace("%ROOT%", root.toString()).replace("%BASE%", base.toString()));
        }
        if (json) {
            args.add(args.indexOf(args.stream().filter(a -> a.startsWith("--")).findFirst().orElseThrow()), "--json");
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailureIsReportedTheOneWay(List<String> command, String errno) {
        Cli.Run json = Cli.run(args(command, true));
        assertEquals(Main.FAILED, json.exitCode(), json.out() + json.err());
        JsonNode node = onlyJson(json);
        assertEquals(List.of("ok", "path", "errno", "message"), fieldNames(node));
        assertFalse(node.get("ok").asBoolean());
        assertTrue(node.get("errno").asText().matches("E[A-Z0-9]+"), node.toString());
        if (errno != null) {
            assertEquals(errno, node.get("errno").asText(), node.toString());
        }

        Cli.Run text = Cli.run(args(command, false));
        assertEquals(Main.FAILED, text.exitCode(), text.out() + text.err());
        assertEquals("", text.out());
        assertEquals(List.of("beneath: " + PlainText.escape(node.get("message").asText())),
                text.err().lines().toList());
    }
}
