package dev.beneath.lab.attack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON object {@code beneath attack --json} prints last:
 * {@code {"strategies":[{"name","beneath","attempts","successes","escapes","exchanges","errors":{...},
 * "scenarios":[...]}], "skipped":[...], "attackers", "seconds", "kernel", "verdict", "exitCode"}}.
 */
public final class ReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {
    }

    public static ObjectNode of(LabReport report) {
        ObjectNode root = NODES.objectNode();
        ArrayNode strategies = root.putArray("strategies");
        for (StrategyResult r : report.results()) {
            ObjectNode s = counts(strategies.addObject().put("name", r.strategy().cliName())
                    .put("beneath", r.strategy().beneath()), r.total());
            ArrayNode scenarios = s.putArray("scenarios");
            for (Tally cell : r.cells()) {
                counts(scenarios.addObject().put("name", cell.scenario()), cell);
            }
        }
        ArrayNode skipped = root.putArray("skipped");
        for (Skipped s : report.skipped()) {
            skipped.addObject().put("name", s.strategy().cliName()).put("reason", s.reason());
        }
        Verdict v = report.verdict();
        root.put("attackers", report.attackers())
                .put("seconds", Math.round(report.elapsed().toMillis() / 100.0) / 10.0)
                .put("kernel", report.kernel())
                .put("verdict", v.message())
                .put("exitCode", v.exitCode());
        return root;
    }

    private static ObjectNode counts(ObjectNode node, Tally t) {
        node.put("attempts", t.attempts()).put("successes", t.successes()).put("escapes", t.escapes())
                .put("exchanges", t.exchanges());
        ObjectNode errors = node.putObject("errors");
        t.errors().forEach(errors::put);
        if (t.firstEscape() != null) {
            node.put("firstEscape", t.firstEscape());
        }
        return node;
    }
}
