package dev.beneath.lab.attack;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run of the lab found.
 *
 * @param results   per strategy that ran, in the order asked
 * @param skipped   strategies that could not run here, with the reason
 * @param attackers attacker threads per race
 * @param elapsed   wall time of the whole run
 * @param kernel    the kernel release
 */
public record LabReport(List<StrategyResult> results, List<Skipped> skipped, int attackers, Duration elapsed,
                        String kernel) {

    public LabReport {
        results = List.copyOf(results);
        skipped = List.copyOf(skipped);
    }

    /** What the results prove. */
    public Verdict verdict() {
        return Verdict.of(results);
    }
}
