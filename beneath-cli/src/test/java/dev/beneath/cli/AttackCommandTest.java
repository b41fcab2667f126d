package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beneath.PlatformReport;
import dev.beneath.lab.attack.Verdict;
import dev.beneath.testkit.TestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code beneath attack} run in-process, briefly: beneath never escapes, the naive strategies
 * do, the JSON has the promised shape, and nothing is left behind (mounts, descriptors).
 * Strategies that mount run only when the tests run as root in a private mount namespace.
 */
class AttackCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            String[] lines = out.split("\n");
            return MAPPER.readTree(lines[lines.length - 1]);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter e = new PrintWriter(err)) {
            CommandLine cli = Main.commandLine(new ByteArrayInputStream(new byte[0]), out, e);
            code = cli.execute(args);
            cli.getOut().flush();
        }
        return new Run(code, out.toString(UTF_8), err.toString());
    }

    private static Set<String> mountPoints() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void everyStrategyBrieflyBeneathHoldsAndTheNaiveOnesEscape() throws Exception {
        // a first short run opens what stays open for good (classes, the shared procfs instance)
        run("attack", "--rounds", "8");
        Set<String> mountsBefore = mountPoints();
        int fdsBefore = TestEnv.openFdCount();
        Run r = run("attack", "--duration", "7s", "--json");
        assertEquals(fdsBefore, TestEnv.openFdCount(), "descriptors leaked");
        assertEquals(mountsBefore, mountPoints(), "mounts left behind");
        JsonNode json = r.json();
        assertEquals(r.exitCode(), json.get("exitCode").asInt());
        Set<String> ran = new HashSet<>();
        for (JsonNode s : json.get("strategies")) {
            String name = s.get("name").asText();
            ran.add(name);
            long errors = 0;
            for (JsonNode n : s.get("errors")) {
                errors += n.asLong();
            }
            assertEquals(s.get("attempts").asLong(), s.get("successes").asLong() + errors, name);
            assertTrue(s.get("attempts").asLong() > 0, name + " never attempted");
            assertTrue(s.get("exchanges").asLong() > 0, name + ": the attacker never exchanged");
            if (s.get("beneath").asBoolean()) {
                assertEquals(0, s.get("escapes").asLong(), name + " escaped: " + s);
            } else {
                assertTrue(s.get("escapes").asLong() > 0, name + " never escaped: " + s);
            }
            assertTrue(s.get("scenarios").size() >= 3, name);
        }
        assertTrue(ran.containsAll(List.of("naive", "naive-nofollow", "beneath-emulated")), ran.toString());
        assertEquals(PlatformReport.current().openat2Available(), ran.contains("beneath-openat2"));
        assertEquals(TestEnv.canMount(), ran.containsAll(
                List.of("subpath-naive", "subpath-check-then-mount", "subpath-beneath")), ran.toString());
        assertEquals(7 - ran.size(), json.get("skipped").size());
        assertEquals(Verdict.HELD, r.exitCode(), r.out() + r.err());
    }

    @Test
    void roundsAreSpreadOverTheScenariosAndTheTableNamesEveryStrategy() {
        Run r = run("attack", "--strategy", "beneath-emulated,naive-nofollow", "--rounds", "40", "--attackers", "2");
        assertTrue(r.out().contains("beneath-emulated") && r.out().contains("naive-nofollow (naive)"), r.out());
        for (String scenario : List.of("rename", "dir-symlink", "root-symlink", "file-symlink")) {
            assertTrue(r.out().contains("  " + scenario), r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("beneath-emulated\\s+40\\s.*")), r.out());
        assertTrue(r.exitCode() == Verdict.HELD || r.exitCode() == Verdict.TOO_WEAK, r.out());
    }

    @Test
    void onlyBeneathStrategiesExitZero() throws Exception {
        Run r = run("attack", "--strategy", "beneath-emulated", "--rounds", "200", "--json");
        assertEquals(Verdict.HELD, r.exitCode(), r.out());
        assertEquals(1, r.json().get("strategies").size());
        assertEquals(200, r.json().get("strategies").get(0).get("attempts").asLong());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(Main.USAGE, run("attack", "--strategy", "nope").exitCode());
        assertEquals(Main.USAGE, run("attack", "--rounds", "5", "--duration", "1s").exitCode());
        assertEquals(Main.USAGE, run("attack", "--duration", "soon").exitCode());
        assertEquals(Main.USAGE, run("attack", "--rounds", "0").exitCode());
        assertEquals(Main.USAGE, run("attack", "--attackers", "0").exitCode());
        Run bad = run("attack", "--strategy", "nope");
        assertTrue(bad.err().contains("subpath-beneath"), bad.err());
    }
}
