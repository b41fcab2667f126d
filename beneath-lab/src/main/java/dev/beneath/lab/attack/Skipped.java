package dev.beneath.lab.attack;

/**
 * A strategy that was asked for but could not run here.
 *
 * @param strategy the strategy
 * @param reason   why, in words
 */
public record Skipped(Strategy strategy, String reason) {
}
