package dev.beneath.lab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exit code of a run, from the counts alone. */
class VerdictTest {
    private static StrategyResult result(Strategy s, long escapes) {
        return new StrategyResult(s, List.of(Tally.of("x", 100, 50, escapes, Map.of("ENOENT", 50L))));
    }

    @Test
    void beneathHeldAndNaiveEscapedIsZero() {
        Verdict v = Verdict.of(List.of(result(Strategy.NAIVE, 3), result(Strategy.BENEATH_OPENAT2, 0),
                result(Strategy.SUBPATH_NAIVE, 1), result(Strategy.SUBPATH_BENEATH, 0)));
        assertEquals(Verdict.HELD, v.exitCode(), v.message());
    }

    @Test
    void anyBeneathEscapeIsOneEvenWhenANaiveStrategyHeld() {
        Verdict v = Verdict.of(List.of(result(Strategy.NAIVE, 0), result(Strategy.BENEATH_EMULATED, 1)));
        assertEquals(Verdict.ESCAPED, v.exitCode());
        assertTrue(v.message().contains("beneath-emulated"), v.message());
    }

    @Test
    void aSubPathEscapeCountsAsABeneathEscape() {
        assertEquals(Verdict.ESCAPED, Verdict.of(List.of(result(Strategy.SUBPATH_BENEATH, 2))).exitCode());
    }

    @Test
    void aNaiveStrategyThatNeverEscapedMakesTheRunProveNothing() {
        Verdict v = Verdict.of(List.of(result(Strategy.NAIVE, 5), result(Strategy.SUBPATH_CHECK_THEN_MOUNT, 0),
                result(Strategy.BENEATH_OPENAT2, 0)));
        assertEquals(Verdict.TOO_WEAK, v.exitCode());
        assertTrue(v.message().contains("too weak") && v.message().contains("subpath-check-then-mount"), v.message());
    }

    @Test
    void onlyBeneathStrategiesNeedNoControl() {
        assertEquals(Verdict.HELD, Verdict.of(List.of(result(Strategy.BENEATH_OPENAT2, 0))).exitCode());
    }

    @Test
    void tallyTotalsAddUp() {
        StrategyResult r = new StrategyResult(Strategy.NAIVE, List.of(
                Tally.of("a", 10, 4, 1, Map.of("ENOENT", 6L)), Tally.of("b", 5, 2, 0, Map.of("ENOENT", 1L, "refused", 2L))));
        Tally t = r.total();
        assertEquals(15, t.attempts());
        assertEquals(6, t.successes());
        assertEquals(1, t.escapes());
        assertEquals(Map.of("ENOENT", 7L, "refused", 2L), t.errors());
    }
}
