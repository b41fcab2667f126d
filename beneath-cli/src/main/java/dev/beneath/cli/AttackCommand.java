package dev.beneath.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beneath.lab.attack.Budget;
import dev.beneath.lab.attack.Lab;
import dev.beneath.lab.attack.LabReport;
import dev.beneath.lab.attack.ReportJson;
import dev.beneath.lab.attack.ReportTable;
import dev.beneath.lab.attack.Strategy;
import dev.beneath.lab.ns.PrivateNamespace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code beneath attack}: races each strategy against attackers that exchange entries of its
 * tree with {@code renameat2(RENAME_EXCHANGE)}, and counts what each obtained that was not
 * inside the tree before the race. Strategies that mount run only as root, always in a private
 * mount namespace (the command reruns itself under {@code unshare} when it is not in one).
 */
@Command(name = "attack",
        description = {"Race path-handling strategies against an attacker exchanging directories, files and",
                "symlinks, and count escapes by inode. Strategies: naive, naive-nofollow, beneath-openat2,",
                "beneath-emulated, subpath-naive, subpath-check-then-mount, subpath-beneath (the subpath",
                "ones need root; they mount only inside a private mount namespace)."},
        footer = {"", "Exit codes: 0 no beneath strategy escaped and every naive one did; 1 a beneath strategy",
                "escaped; 2 a naive strategy never escaped (the attack was too weak to prove anything),",
                "or a usage error."})
public final class AttackCommand extends CommandBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set to {@code 1} by a parent whose output is a terminal, so the relaunched child draws the live line. */
    static final String LIVE = "BENEATH_ATTACK_LIVE";


    @Option(names = "--strategy", arity = "1..*", split = ",", paramLabel = "NAME",
            description = "Strategies to race (default: all).")
    List<String> strategyNames = new ArrayList<>();

    @Option(names = "--rounds", paramLabel = "N",
            description = "Attempts per strategy, spread over its scenarios.")
    Long rounds;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Total time, spread over every strategy and scenario: 30s, 2m, 500ms (default 10s).")
    String duration;

    @Option(names = "--attackers", paramLabel = "K", defaultValue = "1",
            description = "Attacker threads per race (default 1).")
    int attackers;

    @Option(names = "--json", description = "Print one JSON object, last on standard output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Strategy> strategies = strategies();
        Budget budget = budget();
        if (attackers < 1 || attackers > 64) {
            throw new ParameterException(spec.commandLine(), "--attackers must be between 1 and 64");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean mounts = strategies.stream().anyMatch(Strategy::mounts) && PrivateNamespace.privileged();
        Optional<Path> unshare = PrivateNamespace.findUnshare();
        if (mounts && !PrivateNamespace.relaunched() && !PrivateNamespace.verified() && unshare.isPresent()) {
            return PrivateNamespace.rerun(unshare.get(), Main.class, arguments(strategies),
                    Map.of(LIVE, live() ? "1" : "0"), false, out, rerunTimeout(budget, strategies));
        }
        LabReport report = new Lab(strategies, budget, attackers, PrivateNamespace.verified()).run(out, live());
        if (json) {
            try {
                out.println(JSON.writeValueAsString(ReportJson.of(report)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
        } else {
            ReportTable.print(report, out);
        }
        return report.verdict().exitCode();
    }

    private List<Strategy> strategies() {
        if (strategyNames.isEmpty()) {
            return List.of(Strategy.values());
        }
        List<Strategy> chosen = new ArrayList<>();
        for (String name : strategyNames) {
            Strategy s = Strategy.byName(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "'" + name + "' is not a strategy: use " + Arrays.stream(Strategy.values())
                            .map(Strategy::cliName).collect(Collectors.joining(", "))));
            if (!chosen.contains(s)) {
                chosen.add(s);
            }
        }
        return chosen;
    }

    private Budget budget() {
        if (rounds != null && duration != null) {
            throw new ParameterException(spec.commandLine(), "give --rounds or --duration, not both");
        }
        if (rounds != null) {
            if (rounds < 1) {
                throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
            }
            return Budget.rounds(rounds);
        }
        try {
            return Budget.of(Durations.parse(duration == null ? "10s" : duration));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
        }
    }

    /** The longest the rerun may take: every race at its own cap, and a minute to start and report. */
    private static Duration rerunTimeout(Budget budget, List<Strategy> strategies) {
        long cells = strategies.stream().mapToLong(s -> s.scenarios().size()).sum();
        Duration races = budget.duration() != null ? budget.duration() : Budget.CELL_CAP.multipliedBy(cells);
        return races.plusMinutes(1);
    }

    /** The same command line, for the rerun in a private mount namespace. */
    private List<String> arguments(List<Strategy> strategies) {
        List<String> args = new ArrayList<>(List.of("attack", "--strategy",
                strategies.stream().map(Strategy::cliName).collect(Collectors.joining(","))));
        if (rounds != null) {
            args.addAll(List.of("--rounds", rounds.toString()));
        }
        if (duration != null) {
            args.addAll(List.of("--duration", duration));
        }
        args.addAll(List.of("--attackers", Integer.toString(attackers)));
        if (json) {
            args.add("--json");
        }
        return args;
    }

    /** Whether to draw the live line: standard output is a terminal (or the parent said so). */
    private static boolean live() {
        String told = System.getenv(LIVE);
        if (told != null) {
            return told.equals("1");
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }
}
