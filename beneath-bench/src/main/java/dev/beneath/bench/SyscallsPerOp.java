package dev.beneath.bench;

import dev.beneath.internal.sys.SyscallCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system calls each beneath operation of {@link ResolveBenchmarks} makes, counted in
 * beneath's syscall layer (not with strace) on the same trees, after a warm-up so that what a
 * process does once (the procfs handle, the backend probe) is not counted. The naive idiom and
 * the SecureDirectoryStream walk go through the JDK's own native code, which this counter does
 * not see; they get no figure.
 */
final class SyscallsPerOp {
    /** The operations counted: benchmark method name and how to run it once. */
    private interface Op {
        void run(ResolveBenchmarks b) throws Exception;
    }

    private SyscallsPerOp() {
    }

    static List<Row> measure(int[] depths, List<String> roots) throws Exception {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("resolveOpenat2", ResolveBenchmarks::resolveOpenat2);
        ops.put("resolveEmulated", ResolveBenchmarks::resolveEmulated);
        ops.put("openOpenat2", ResolveBenchmarks::openOpenat2);
        ops.put("openEmulated", ResolveBenchmarks::openEmulated);
        ops.put("readAllBytesOpenat2", ResolveBenchmarks::readAllBytesOpenat2);
        ops.put("writeOpenat2", ResolveBenchmarks::writeOpenat2);
        List<Row> rows = new ArrayList<>();
        for (String root : roots) {
            for (int depth : depths) {
                ResolveBenchmarks b = new ResolveBenchmarks();
                b.depth = depth;
                b.root = root;
                b.setUp();
                try {
                    for (Map.Entry<String, Op> op : ops.entrySet()) {
                        for (int i = 0; i < 3; i++) {
                            op.getValue().run(b);
                        }
                        long calls;
                        try (SyscallCounter counter = SyscallCounter.start()) {
                            op.getValue().run(b);
                            calls = counter.calls();
                        }
                        rows.add(new Row("syscalls." + op.getKey(), Map.of("depth", Integer.toString(depth),
                                "root", root), calls, Double.NaN, "calls/op", Double.NaN));
                    }
                } finally {
                    b.tearDown();
                }
            }
        }
        return rows;
    }
}
