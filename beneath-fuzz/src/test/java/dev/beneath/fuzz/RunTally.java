package dev.beneath.fuzz;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How many inputs a run executed and how fast, from its first input on (so the JVM's start and
 * the instrumentation of the library are not counted): per second of wall-clock time, and per
 * second of this process's processor time, which says more than the first on a machine that
 * other work shares.
 */
final class RunTally {
    private static final OperatingSystemMXBean OS =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    private long executions;
    private long firstNanos;
    private long firstCpuNanos;

    void count() {
        if (executions++ == 0) {
            firstNanos = System.nanoTime();
            firstCpuNanos = OS.getProcessCpuTime();
        }
    }

    /** One line: {@code beneath-fuzz: N executions in S s (X/s), P s of processor time (Y per processor second)}. */
    String summary() {
        double seconds = (System.nanoTime() - firstNanos) / 1e9;
        double cpuSeconds = (OS.getProcessCpuTime() - firstCpuNanos) / 1e9;
        return String.format(Locale.ROOT,
                "beneath-fuzz: %d executions in %.1f s (%.0f/s), %.1f s of processor time (%.0f per processor second)",
                executions, seconds, executions / Math.max(seconds, 1e-9), cpuSeconds,
                executions / Math.max(cpuSeconds, 1e-9));
    }
}
