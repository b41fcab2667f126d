package dev.beneath.lab.attack;

import dev.beneath.Root;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the chosen strategies, each in every scenario it accepts, in a scratch directory that
 * is removed afterwards (with beneath's own {@code removeAll}, which never follows a symlink
 * nor descends into a mount). Each race gets a fresh tree.
 *
 * @param strategies            what to run, in this order
 * @param budget                how long
 * @param attackers             attacker threads per race
 * @param privateMountNamespace whether this process may make mounts without touching the host
 */
public record Lab(List<Strategy> strategies, Budget budget, int attackers, boolean privateMountNamespace) {

    public Lab {
        strategies = List.copyOf(strategies);
        if (attackers < 1) {
            throw new IllegalArgumentException("at least one attacker");
        }
    }

    /** Runs every race; {@code progress} may show a live line. */
    public LabReport run(PrintWriter progressOut, boolean live) throws Exception {
        long start = System.nanoTime();
        List<Strategy> runnable = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Strategy s : strategies) {
            s.unavailable(privateMountNamespace).ifPresentOrElse(
                    reason -> skipped.add(new Skipped(s, reason)), () -> runnable.add(s));
        }
        int cells = runnable.stream().mapToInt(s -> s.scenarios().size()).sum();
        Duration perCell = budget.timePerCell(cells);
        List<StrategyResult> results = new ArrayList<>();
        Path scratch = Files.createTempDirectory("beneath-attack-").toRealPath();
        try (Progress progress = Progress.on(progressOut, live)) {
            int n = 0;
            for (Strategy s : runnable) {
                List<Tally> tallies = new ArrayList<>();
                for (Scenario scenario : s.scenarios()) {
                    n++;
                    Tally tally = new Tally(scenario.cliName());
                    long deadline = System.nanoTime() + perCell.toNanos();
                    progress.race("[" + n + "/" + cells + "] " + s.cliName() + " / " + scenario.cliName(),
                            tally, deadline);
                    race(scratch.resolve(Integer.toString(n)), s, scenario,
                            budget.roundsPerCell(s.scenarios().size()), deadline, tally);
                    tallies.add(tally);
                }
                results.add(new StrategyResult(s, tallies));
            }
        } finally {
            remove(scratch);
        }
        return new LabReport(results, skipped, attackers, Duration.ofNanos(System.nanoTime() - start),
                Sys.kernelRelease());
    }

    private void race(Path dir, Strategy strategy, Scenario scenario, long rounds, long deadline, Tally tally)
            throws Exception {
        Scene scene = scenario.lay(Files.createDirectory(dir));
        try (Victim victim = strategy.victim(scene)) {
            // every attacker thread arms its own exchange; the census judges each attempt
            Race.Result result = Race.run(strategy + "/" + scenario, rounds,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), attackers,
                    () -> scene.exchange().arm(),
                    () -> {
                        tally.count(attempt(victim), scene.census());
                        return Race.Outcome.ok("attempt");
                    });
            tally.exchanges(result.exchanges());
        } finally {
            remove(dir);
        }
    }

    /** An attempt; an exception no strategy should throw is counted, named after its class. */
    private static Outcome attempt(Victim victim) {
        try {
            return victim.attempt();
        } catch (Exception e) {
            return Outcome.failed("unexpected " + e.getClass().getSimpleName());
        }
    }

    /** Removes a scratch tree without following links or crossing into mounts. */
    private static void remove(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Root parent = Root.open(dir.getParent())) {
            parent.removeAll(dir.getFileName().toString());
        }
    }
}
