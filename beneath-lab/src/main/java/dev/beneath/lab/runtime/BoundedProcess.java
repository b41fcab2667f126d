package dev.beneath.lab.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process with standard input from {@code /dev/null} and standard output and error
 * going to files in a scratch directory (no pipes, so no reader threads and no chance of a
 * child blocked on a full pipe). Every wait is bounded; {@link #finish} reads and removes the
 * output files.
 */
final class BoundedProcess {
    /** How much of each output stream is kept. */
    static final int OUTPUT_CAP = 1 << 20;
    /** How long a killed process gets to be reaped. */
    static final Duration REAP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startNanos;

    private BoundedProcess(Process process, Path out, Path err, long startNanos) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.startNanos = startNanos;
    }

    /** The outcome of a finished (or killed) child. */
    record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
    }

    static BoundedProcess start(List<String> command, Path scratch) throws IOException {
        Path out = Files.createTempFile(scratch, "stdout-", ".txt");
        Path err = Files.createTempFile(scratch, "stderr-", ".txt");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new BoundedProcess(p, out, err, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            throw e;
        }
    }

    /** Runs {@code command} to the end or to the timeout, when it is killed. */
    static Outcome run(List<String> command, Path scratch, Duration timeout)
            throws IOException, InterruptedException {
        BoundedProcess p = start(command, scratch);
        boolean exited = false;
        try {
            exited = p.awaitExit(timeout);
        } finally {
            if (!exited) {
                p.kill();
            }
        }
        return p.finish(!exited);
    }

    /** Waits at most {@code timeout} for the child to exit; true when it has. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Kills the child (SIGKILL) and waits, bounded, for it to be reaped. */
    void kill() {
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(REAP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads the output, deletes the output files, and reports; call after exit or kill. */
    Outcome finish(boolean timedOut) throws IOException {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        try {
            int code = !timedOut && !process.isAlive() ? process.exitValue() : -1;
            return new Outcome(code, readCapped(out), readCapped(err), timedOut, elapsed);
        } finally {
            process.getInputStream().close();
            process.getErrorStream().close();
            process.getOutputStream().close();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(OUTPUT_CAP), StandardCharsets.UTF_8);
        }
    }
}
