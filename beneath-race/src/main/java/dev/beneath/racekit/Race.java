package dev.beneath.racekit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a victim against attacker threads that change the tree in a tight loop: the one race
 * runner of the race tests and of the attack lab ({@code beneath attack}).
 *
 * <p>The attackers start first and the victim begins only once an attacker has completed one
 * step (a counter, not a sleep, orders the start). The victim runs a fixed number of rounds, or
 * until its time cap passes (so that a slow machine cannot hang the build, or so that the lab
 * keeps to its duration); the attackers keep going until the victim is done and are then
 * stopped, closed and joined before the result is returned. Every attempt's outcome is counted
 * by label; outcomes the caller marks as violations (an escape, or an error that cannot happen
 * honestly) are counted separately with the first few kept for the failure message.
 */
public final class Race {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_VIOLATIONS = 10;

    /** The number of rounds a race test runs when {@code -Dbeneath.race.rounds} does not say. */
    public static int rounds(int defaultRounds) {
        return Integer.getInteger("beneath.race.rounds", defaultRounds);
    }

    /** The time cap for one race test: {@code -Dbeneath.race.capSeconds}, 60 s unless told. */
    public static Duration cap() {
        return Duration.ofSeconds(Integer.getInteger("beneath.race.capSeconds", 60));
    }

    /** One step of the attack, such as one {@code renameat2(RENAME_EXCHANGE)}; closed when the race ends. */
    @FunctionalInterface
    public interface Attack extends AutoCloseable {
        void step() throws Exception;

        /** Releases what the attack holds; nothing by default. */
        @Override
        default void close() throws Exception {
        }
    }

    /** Makes one attacker thread's attack (its own descriptors, say), in that thread. */
    @FunctionalInterface
    public interface Attacker {
        Attack arm() throws Exception;
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

    /**
     * A race test: {@code victim} against one thread running {@code attack}, for {@code rounds}
     * attempts or until {@code cap}; the summary is printed for the test report.
     */
    public static Result run(String name, long rounds, Duration cap, Attack attack, Victim victim)
            throws Exception {
        Result r = run(name, rounds, cap, 1, () -> attack, victim);
        System.out.println(r.summary());
        return r;
    }

    /**
     * {@code victim} against {@code attackers} threads, each running the attack {@code attacker}
     * arms for it, for {@code rounds} attempts or until {@code cap} has passed since the start.
     *
     * @throws IllegalStateException an attacker failed, or did not stop
     * @throws Exception             what the victim threw (the attackers are stopped first)
     */
    public static Result run(String name, long rounds, Duration cap, int attackers, Attacker attacker,
                             Victim victim) throws Exception {
        long deadline = System.nanoTime() + cap.toNanos();
        AtomicLong exchanges = new AtomicLong();
        AtomicReference<Throwable> attackFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean(); // set when the victim is done
        List<Thread> threads = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        List<String> firstViolations = new ArrayList<>();
        long violations = 0;
        long done = 0;
        boolean capped = false;
        try {
            for (int i = 0; i < attackers; i++) {
                threads.add(Thread.ofPlatform().name("race-attacker-" + i + "-" + name).daemon()
                        .start(() -> attack(attacker, stop, exchanges, attackFailure)));
            }
            // the victim begins once an attacker is demonstrably running
            while (exchanges.get() == 0 && attackFailure.get() == null && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            for (; done < rounds && attackFailure.get() == null; done++) {
                if (System.nanoTime() - deadline > 0) {
                    capped = true;
                    break;
                }
                Outcome o = victim.attempt();
                outcomes.merge(o.label(), 1L, Long::sum);
                if (o.violation()) {
                    violations++;
                    if (firstViolations.size() < KEPT_VIOLATIONS) {
                        firstViolations.add(o.label() + ": " + o.detail());
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                if (!t.join(JOIN_TIMEOUT)) {
                    throw new IllegalStateException("an attacker thread of " + name + " did not stop");
                }
            }
        }
        if (attackFailure.get() != null) {
            throw new IllegalStateException("the attacker of " + name + " failed: " + attackFailure.get(),
                    attackFailure.get());
        }
        return new Result(name, done, exchanges.get(), outcomes, violations, firstViolations, capped);
    }

    private static void attack(Attacker attacker, AtomicBoolean stop, AtomicLong exchanges,
                               AtomicReference<Throwable> failure) {
        try (Attack attack = attacker.arm()) {
            while (!stop.get()) {
                attack.step();
                exchanges.incrementAndGet();
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
