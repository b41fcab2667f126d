package dev.beneath.lab.attack;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one strategy in one scenario, or of a strategy over all its scenarios. Written
 * by one thread (the victim's); the counters the progress line reads are volatile.
 */
public final class Tally {
    private final String scenario;
    private volatile long attempts;
    private volatile long escapes;
    private long successes;
    private long exchanges;
    private final Map<String, Long> errors = new TreeMap<>();
    private String firstEscape;

    /** An empty tally for {@code scenario} (a scenario name, or {@code "all"}). */
    public Tally(String scenario) {
        this.scenario = scenario;
    }

    /** Counts one attempt's outcome: an object outside {@code census} is an escape. */
    void count(Outcome outcome, InodeCensus census) {
        if (outcome.object() != null) {
            successes++;
            if (!census.contains(outcome.object())) {
                if (firstEscape == null) {
                    firstEscape = "obtained " + outcome.object() + ", not an inode inside the root";
                }
                escapes++;
            }
        } else {
            errors.merge(outcome.error(), 1L, Long::sum);
        }
        attempts++;
    }

    void exchanges(long n) {
        exchanges += n;
    }

    /** Adds {@code other}'s counts to this one. */
    public Tally add(Tally other) {
        attempts += other.attempts;
        successes += other.successes;
        escapes += other.escapes;
        exchanges += other.exchanges;
        other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        if (firstEscape == null) {
            firstEscape = other.firstEscape;
        }
        return this;
    }

    /** For tests and replays: a tally with the given counts. */
    public static Tally of(String scenario, long attempts, long successes, long escapes, Map<String, Long> errors) {
        Tally t = new Tally(scenario);
        t.attempts = attempts;
        t.successes = successes;
        t.escapes = escapes;
        t.errors.putAll(errors);
        return t;
    }

    public String scenario() {
        return scenario;
    }

    public long attempts() {
        return attempts;
    }

    /** Attempts that obtained an object (escapes included). */
    public long successes() {
        return successes;
    }

    /** Objects obtained that were not inside the root. */
    public long escapes() {
        return escapes;
    }

    /** Exchanges the attackers made during these attempts. */
    public long exchanges() {
        return exchanges;
    }

    /** Failed attempts by errno name (or {@code refused}, or an exception class). */
    public Map<String, Long> errors() {
        return errors;
    }

    /** What the first escape obtained, or null. */
    public String firstEscape() {
        return firstEscape;
    }
}
