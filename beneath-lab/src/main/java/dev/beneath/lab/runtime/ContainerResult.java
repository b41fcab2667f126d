package dev.beneath.lab.runtime;

import java.time.Duration;

/**
 * How one container run ended.
 *
 * @param containerId the id the container ran under
 * @param exitCode    the container process's exit status as {@code runc run} reports it (runc's
 *                    own failures, such as a mount it could not make, exit 1 with the reason on
 *                    stderr); -1 when the run timed out
 * @param stdout      what the container wrote to standard output (UTF-8, capped)
 * @param stderr      what the container and runc wrote to standard error (UTF-8, capped)
 * @param timedOut    whether the timeout expired and the container was killed
 * @param elapsed     wall-clock time from start to exit (for reports, not for assertions)
 */
public record ContainerResult(String containerId, int exitCode, String stdout, String stderr,
                              boolean timedOut, Duration elapsed) {

    /** Whether the container exited on its own with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** One line for logs and assertion messages. */
    public String describe() {
        return "container " + containerId + (timedOut ? " timed out" : " exited " + exitCode)
                + "; stdout: " + stdout.strip() + "; stderr: " + stderr.strip();
    }
}
