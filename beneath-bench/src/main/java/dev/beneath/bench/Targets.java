package dev.beneath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** The performance targets of the suite, each checked as a ratio of figures from one run. */
final class Targets {
    /**
     * One checked target.
     *
     * @param target what is promised
     * @param value  the measured ratio or amount
     * @param limit  the bound it is checked against
     * @param atMost whether {@code value} must be at most (true) or at least (false) {@code limit}
     */
    record Check(String target, double value, double limit, boolean atMost) {
        boolean met() {
            return atMost ? value <= limit : value >= limit;
        }
    }

    private final List<Row> rows;

    Targets(List<Row> rows) {
        this.rows = rows;
    }

    /** The score of {@code name} with {@code key = value} in the shallow root (or with no root parameter). */
    OptionalDouble score(String name, String key, int value) {
        return score(name, key, value, "shallow");
    }

    /** The score of {@code name} with {@code key = value} in the given root layout. */
    OptionalDouble score(String name, String key, int value, String root) {
        return rows.stream()
                .filter(r -> r.name().equals(name) && (key == null || r.intParam(key) == value)
                        && root.equals(r.params().getOrDefault("root", "shallow")))
                .mapToDouble(Row::score).findFirst();
    }

    private OptionalDouble alloc(String name, int depth) {
        return rows.stream().filter(r -> r.name().equals(name) && r.intParam("depth") == depth
                        && "shallow".equals(r.params().getOrDefault("root", "shallow")))
                .mapToDouble(Row::allocBytesPerOp).filter(v -> !Double.isNaN(v)).findFirst();
    }

    private void ratio(List<Check> out, String target, OptionalDouble a, OptionalDouble b, double limit,
                       boolean atMost) {
        if (a.isPresent() && b.isPresent()) {
            out.add(new Check(target, a.getAsDouble() / b.getAsDouble(), limit, atMost));
        }
    }

    List<Check> check(int[] depths) {
        List<Check> out = new ArrayList<>();
        for (int d : depths) {
            ratio(out, "openat2 resolve / C openat2, depth " + d,
                    score("resolveOpenat2", "depth", d), score("c.openat2", "depth", d), 1.3, true);
        }
        for (int d : depths) {
            ratio(out, "emulated resolve / C openat walk, depth " + d,
                    score("resolveEmulated", "depth", d), score("c.walk", "depth", d), 1.5, true);
        }
        ratio(out, "naive Java / beneath resolve+open, depth 1, shallow root",
                score("naiveJava", "depth", 1), score("openOpenat2", "depth", 1), 1, false);
        ratio(out, "naive Java / beneath resolve+open, depth 8, kubelet root",
                score("naiveJava", "depth", 8, "kubelet"), score("openOpenat2", "depth", 8, "kubelet"), 4, false);
        for (int d : depths) {
            ratio(out, "beneath resolve+open / resolve, depth " + d,
                    score("openOpenat2", "depth", d), score("resolveOpenat2", "depth", d), 2, true);
        }
        ratio(out, "SecureDirectoryStream walk / beneath resolve+open, depth 8",
                score("secureDirectoryStream", "depth", 8), score("openOpenat2", "depth", 8), 1, false);
        for (int d : depths) {
            OptionalDouble bytes = alloc("resolveOpenat2", d);
            if (bytes.isPresent()) {
                out.add(new Check("heap bytes per openat2 resolve, depth " + d, bytes.getAsDouble(), 256, true));
            }
        }
        for (int d : depths) {
            OptionalDouble bytes = alloc("openOpenat2", d);
            if (bytes.isPresent()) {
                out.add(new Check("heap bytes per openat2 resolve+open, depth " + d, bytes.getAsDouble(), 512, true));
            }
        }
        ratio(out, "cleanSubPaths 10,000 mounts / 1,000 mounts",
                score("cleanSubPaths", "mounts", 10_000), score("cleanSubPaths", "mounts", 1_000), 12, true);
        return out;
    }
}
