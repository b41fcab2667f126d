package dev.beneath.lab.attack;

import java.time.Duration;

/**
 * How long the lab runs: a number of attempts per strategy (spread evenly over its scenarios),
 * or a total time (spread evenly over every strategy and scenario). Each race also stops at
 * {@link #CELL_CAP} whatever the budget says, so no machine can be held forever.
 *
 * @param rounds   attempts per strategy, or 0 when the budget is a time
 * @param duration the whole run's time, or null when the budget is rounds
 */
public record Budget(long rounds, Duration duration) {
    /** The longest any single race may run. */
    public static final Duration CELL_CAP = Duration.ofHours(6);

    public Budget {
        if ((rounds > 0) == (duration != null)) {
            throw new IllegalArgumentException("a budget is either rounds or a duration");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("the duration must be positive");
        }
    }

    /** Attempts per strategy. */
    public static Budget rounds(long rounds) {
        return new Budget(rounds, null);
    }

    /** A total time. */
    public static Budget of(Duration duration) {
        return new Budget(0, duration);
    }

    /** The most attempts one race of a strategy with {@code scenarios} scenarios may make. */
    long roundsPerCell(int scenarios) {
        return rounds > 0 ? (rounds + scenarios - 1) / scenarios : Long.MAX_VALUE;
    }

    /** How long one race of {@code cells} may run. */
    Duration timePerCell(int cells) {
        return duration != null ? duration.dividedBy(Math.max(1, cells)) : CELL_CAP;
    }
}
