package dev.beneath.lab.attack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run proves. Exit 0: every beneath strategy held and every naive strategy that ran
 * escaped at least once, so the attack was strong enough to tell. Exit 1: a beneath strategy
 * escaped. Exit 2: a naive strategy never escaped, so the run proves nothing.
 *
 * @param exitCode 0, 1 or 2
 * @param message  one line for the terminal and the JSON
 */
public record Verdict(int exitCode, String message) {
    /** Every beneath strategy held and the attack was strong enough. */
    public static final int HELD = 0;
    /** A beneath strategy escaped. */
    public static final int ESCAPED = 1;
    /** A naive strategy showed no escape. */
    public static final int TOO_WEAK = 2;

    /** Judges the results of one run. */
    public static Verdict of(List<StrategyResult> results) {
        String escaped = names(results, r -> r.strategy().beneath() && r.total().escapes() > 0);
        if (!escaped.isEmpty()) {
            return new Verdict(ESCAPED, "FAILED: escapes with " + escaped);
        }
        String weak = names(results, r -> !r.strategy().beneath() && r.total().escapes() == 0);
        if (!weak.isEmpty()) {
            return new Verdict(TOO_WEAK, "the attack was too weak to prove anything: no escape with " + weak);
        }
        boolean anyBeneath = results.stream().anyMatch(r -> r.strategy().beneath());
        return new Verdict(HELD, anyBeneath
                ? "no escape with any beneath strategy" + (results.stream().anyMatch(r -> !r.strategy().beneath())
                        ? ", while every naive strategy escaped" : "")
                : "every naive strategy escaped");
    }

    private static String names(List<StrategyResult> results, java.util.function.Predicate<StrategyResult> which) {
        return results.stream().filter(which).map(r -> r.strategy().cliName()).collect(Collectors.joining(", "));
    }
}
