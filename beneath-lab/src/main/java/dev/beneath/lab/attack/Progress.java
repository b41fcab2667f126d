package dev.beneath.lab.attack;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live line on a terminal: which race runs, how far it is, how many escapes so far.
 * Redrawn a few times a second by a timer thread, only reading the running tally; erased when
 * the race is over. A no-op when output is not a terminal.
 */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;

    private final PrintWriter out;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private volatile String label = "";
    private volatile Tally current;
    private volatile long deadline;
    private boolean drawn;
    private boolean closed;

    private Progress(PrintWriter out, boolean live) {
        this.out = out;
        this.timer = live ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attack-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (timer != null) {
            timer.scheduleAtFixedRate(this::draw, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A live line on {@code out} when {@code live}, nothing otherwise. */
    static Progress on(PrintWriter out, boolean live) {
        return new Progress(out, live);
    }

    /** The race now running. */
    void race(String label, Tally tally, long deadline) {
        this.label = label;
        this.deadline = deadline;
        this.current = tally;
    }

    private synchronized void draw() {
        Tally t = current;
        if (t == null || closed) {
            return;
        }
        long left = Math.max(0, deadline - System.nanoTime()) / 1_000_000_000L;
        String time = left < 3600 ? left + "s left" : "";
        out.printf("\r\033[K%s  %,d attempts  %,d escapes  %s  (%.0fs)", label, t.attempts(), t.escapes(), time,
                (System.nanoTime() - started) / 1e9);
        out.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
