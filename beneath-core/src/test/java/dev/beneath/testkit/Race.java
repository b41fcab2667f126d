package dev.beneath.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a victim against an attacker thread that changes the tree in a tight loop.
 *
 * <p>The attacker starts first and the victim begins only once the attacker has completed one
 * step (a flag, not a sleep, orders the start). The victim runs a fixed number of rounds, or
 * until a generous time cap passes so that a slow machine cannot hang the build; the attacker
 * keeps going until the victim is done and is then joined. Every attempt's outcome is counted
 * by label; outcomes the caller marks as violations (an escape, or an error that cannot
 * happen honestly) are counted separately with the first few kept for the failure message.
 */
public final class Race {
    /** The number of rounds a race test runs when {@code -Dbeneath.race.rounds} does not say. */
    public static int rounds(int defaultRounds) {
        return Integer.getInteger("beneath.race.rounds", defaultRounds);
    }

    /** The time cap for one race: {@code -Dbeneath.race.capSeconds}, 60 s unless told. */
    public static Duration cap() {
        return Duration.ofSeconds(Integer.getInteger("beneath.race.capSeconds", 60));
    }

    /** One step of the attack, such as one {@code renameat2(RENAME_EXCHANGE)}. */
    @FunctionalInterface
    public interface Attack {
        void step() throws Exception;
    }

    /** One attempt of the victim; returns what happened. */
    @FunctionalInterface
    public interface Victim {
        Outcome attempt() throws Exception;
    }

    /** What one attempt saw: a label to count it under, and whether the contract was broken. */
    public record Outcome(String label, boolean violation, String detail) {
        public static Outcome ok(String label) {
            return new Outcome(label, false, null);
        }

        public static Outcome violation(String label, String detail) {
            return new Outcome(label, true, detail);
        }
    }

    /** What a race run saw. */
    public record Result(String name, long rounds, long exchanges, Map<String, Long> outcomes,
                         long violations, List<String> firstViolations, boolean capped) {

        /** One line for the test report. */
        public String summary() {
            return "[race] " + name + ": rounds=" + rounds + " exchanges=" + exchanges + " outcomes=" + outcomes
                    + " violations=" + violations + (capped ? " (stopped by the time cap)" : "");
        }

        public long count(String label) {
            return outcomes.getOrDefault(label, 0L);
        }
    }

    private Race() {
    }

    public static Result run(String name, int rounds, Duration cap, Attack attack, Victim victim)
            throws Exception {
        AtomicLong exchanges = new AtomicLong();
        AtomicReference<Throwable> attackFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean(); // set when the victim is done
        Thread attacker = Thread.ofPlatform().name("race-attacker-" + name).daemon().start(() -> {
            try {
                while (!stop.get()) {
                    attack.step();
                    exchanges.incrementAndGet();
                }
            } catch (Throwable t) {
                attackFailure.set(t);
            }
        });
        Map<String, Long> outcomes = new TreeMap<>();
        List<String> firstViolations = new ArrayList<>();
        long violations = 0;
        long done = 0;
        boolean capped = false;
        try {
            // the victim begins once the attacker is demonstrably running
            while (exchanges.get() == 0 && attackFailure.get() == null && attacker.isAlive()) {
                Thread.onSpinWait();
            }
            long deadline = System.nanoTime() + cap.toNanos();
            for (; done < rounds; done++) {
                if (attackFailure.get() != null) {
                    break;
                }
                if ((done & 255) == 0 && System.nanoTime() - deadline > 0) {
                    capped = true;
                    break;
                }
                Outcome o = victim.attempt();
                outcomes.merge(o.label(), 1L, Long::sum);
                if (o.violation()) {
                    violations++;
                    if (firstViolations.size() < 10) {
                        firstViolations.add(o.label() + ": " + o.detail());
                    }
                }
            }
        } finally {
            stop.set(true);
            attacker.join(Duration.ofSeconds(30));
        }
        if (attacker.isAlive()) {
            throw new AssertionError("the attacker thread of " + name + " did not stop");
        }
        if (attackFailure.get() != null) {
            throw new AssertionError("the attacker of " + name + " failed", attackFailure.get());
        }
        Result r = new Result(name, done, exchanges.get(), outcomes, violations, firstViolations, capped);
        System.out.println(r.summary());
        return r;
    }
}
