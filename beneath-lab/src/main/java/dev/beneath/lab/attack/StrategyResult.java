package dev.beneath.lab.attack;

import java.util.List;

/**
 * What one strategy did in every scenario it raced.
 *
 * @param strategy the strategy
 * @param cells    one tally per scenario, in the order they ran
 */
public record StrategyResult(Strategy strategy, List<Tally> cells) {

    public StrategyResult {
        cells = List.copyOf(cells);
    }

    /** The counts over all scenarios. */
    public Tally total() {
        Tally total = new Tally("all");
        cells.forEach(total::add);
        return total;
    }
}
