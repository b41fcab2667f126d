package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every command working inside a root has in common: options, exit codes, the JSON shape. */
class CommandShapeTest extends VolumeTest {

    /** Each command with arguments that work on the volume and arguments that fail with an errno. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("mkdir-all", List.of("new/dir"), List.of("a/f/x"), "ENOTDIR"),
                Arguments.of("rm", List.of("a/f"), List.of("a"), "EISDIR"),
                Arguments.of("ln", List.of("a/f", "a/g"), List.of("a/f", "a/b"), "EEXIST"),
                Arguments.of("readlink", List.of("evil"), List.of("a"), "EINVAL"),
                Arguments.of("stat", List.of("a"), List.of("a/f/"), "ENOTDIR"),
                Arguments.of("ls", List.of(), List.of("nothing"), "ENOENT"),
                Arguments.of("cat", List.of("a/f"), List.of("evil/etc/passwd"), "ENOENT"),
                Arguments.of("write", List.of("a/new"), List.of("dangling"), "ELOOP"),
                Arguments.of("mv", List.of("a/f", "a/g"), List.of("nothing", "a/g"), "ENOENT"),
                Arguments.of("chmod", List.of("0600", "a/f"), List.of("0600", "nothing"), "ENOENT"));
    }

    private static String[] args(List<String> options, List<String> operands) {
        List<String> all = new ArrayList<>(options);
        all.addAll(operands);
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void successIsOneJsonObjectStartingWithOk(String command, List<String> good, List<String> bad, String errno) {
        Cli.Run r = run(command, args(List.of("--json"), good));
        assertEquals(Main.OK, r.exitCode(), r.out() + r.err());
        JsonNode node = onlyJson(r);
        assertEquals("ok", fieldNames(node).getFirst());
        assertTrue(node.get("ok").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void failureIsOneJsonObjectWithTheErrno(String command, List<String> good, List<String> bad, String errno) {
        Cli.Run r = run(command, args(List.of("--json"), bad));
        // the error names the operand it concerns: mv's missing source, ln's existing target
        String path = command.equals("mv") ? bad.getFirst() : bad.getLast();
        assertJsonFailure(r, path, errno);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void failureWithoutJsonIsOneLineOnStderr(String command, List<String> good, List<String> bad, String errno) {
        Cli.Run r = run(command, args(List.of(), bad));
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("beneath: ") && r.err().contains(": " + errno + " ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void bothBackendsAgree(String command, List<String> good, List<String> bad, String errno) {
        backends().forEach(backend -> {
            Cli.Run r = run(command, args(List.of("--json", "--backend", backend), bad));
            assertEquals(errno, onlyJson(r).get("errno").asText(), backend);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aRootThatDoesNotOpenIsAFailureNamingIt(String command, List<String> good, List<String> bad, String errno) {
        String missing = base.resolve("no-such-volume").toString();
        List<String> all = new ArrayList<>(List.of(command, "--root", missing, "--json"));
        all.addAll(good);
        assertJsonFailure(Cli.run(all.toArray(String[]::new)), missing, "ENOENT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void usageErrorsExitTwo(String command, List<String> good, List<String> bad, String errno) {
        List<String> noRoot = new ArrayList<>(List.of(command));
        noRoot.addAll(good);
        Cli.Run r = Cli.run(noRoot.toArray(String[]::new));
        assertEquals(Main.USAGE, r.exitCode(), "no --root");
        assertTrue(r.err().contains("--root"), r.err());
        assertEquals(Main.USAGE, run(command, args(List.of("--backend", "fastest"), good)).exitCode());
        assertEquals(Main.USAGE, run(command, args(List.of("--frobnicate"), good)).exitCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpWorks(String command, List<String> good, List<String> bad, String errno) {
        Cli.Run r = Cli.run(command, "--help");
        assertEquals(Main.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("--root=DIR"), r.out());
        assertTrue(r.out().contains("--json"), r.out());
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        String help = Cli.run("--help").out();
        commands().forEach(a -> assertTrue(help.contains("  " + a.get()[0]), a.get()[0] + " in\n" + help));
    }
}
