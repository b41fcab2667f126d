package dev.beneath.lab.ns;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.procfs.MountNamespace;
import dev.beneath.internal.sys.Sys;
import dev.beneath.lab.runtime.Executables;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps mounts off the host: the one way this program runs itself again in a mount namespace
 * of its own whose mounts propagate nowhere.
 *
 * <p>A JVM cannot {@code unshare(CLONE_NEWNS)} itself, since the kernel refuses it to a
 * multithreaded process. So the command runs again as a child of
 * {@code unshare --mount --propagation private}: the child has a copy of the host's mount table
 * in which every mount is private, so nothing it mounts reaches the host, and whatever it might
 * leave mounted disappears with the namespace when it exits. Whether a process is in such a
 * namespace is never taken on anyone's word: {@link #verified()} asks the kernel
 * ({@link MountNamespace}). The child is told only that it was relaunched, so that it never
 * starts another; that is not a safety decision.
 */
public final class PrivateNamespace {
    /** Where unshare(1) (util-linux) is looked for when it is not on {@code PATH}. */
    static final List<Path> UNSHARE_LOCATIONS = List.of(Path.of("/usr/bin/unshare"), Path.of("/bin/unshare"));
    /** Set to {@code 1} in the environment of the child this class starts. */
    static final String RELAUNCHED = "BENEATH_RELAUNCHED";

    private PrivateNamespace() {
    }

    /** Whether mounts made by this process stay in a mount namespace of its own, as the kernel says. */
    public static boolean verified() {
        return MountNamespace.current().isPrivate();
    }

    /** Whether this process runs as root, and so can make a mount namespace and mount in it. */
    public static boolean privileged() {
        return Sys.geteuid() == 0;
    }

    /** Whether this process is the child of a relaunch (and so must not relaunch again). */
    public static boolean relaunched() {
        return "1".equals(System.getenv(RELAUNCHED));
    }

    /** The unshare executable: the first on {@code PATH}, else the first of {@link #UNSHARE_LOCATIONS}. */
    public static Optional<Path> findUnshare() {
        return Executables.find("unshare", UNSHARE_LOCATIONS);
    }

    /**
     * The command that runs {@code main} with {@code args} in a new private mount namespace: this
     * JVM's java binary and class path, under {@code unshare}.
     */
    static List<String> command(Path unshare, Class<?> main, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IOException("cannot tell which java binary runs this process"));
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty()) {
            throw new IOException("cannot tell this process's class path");
        }
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--mount", "--propagation", "private",
                "--", java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code main args} again in a new private mount namespace and returns its exit status.
     * Its standard output is copied to {@code out} as it comes (a live line drawn with carriage
     * returns included); its standard error is merged into it when {@code mergeErrors}, else
     * goes to this process's. Killed, and reported on {@code out} as exit status 1, when it runs
     * longer than {@code timeout}.
     *
     * @param environment added to the child's environment
     */
    public static int rerun(Path unshare, Class<?> main, List<String> args, Map<String, String> environment,
                            boolean mergeErrors, PrintWriter out, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(unshare, main, args))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (mergeErrors) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        pb.environment().putAll(environment);
        pb.environment().put(RELAUNCHED, "1");
        Process child = pb.start();
        // the copy ends at end of file: when the child exits, or is killed by the watchdog
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    killed.set(true);
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the child has exited: nothing left to watch
            }
        });
        try (Reader from = new InputStreamReader(child.getInputStream(), UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = from.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } finally {
            if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killed.set(true);
            }
            child.destroyForcibly();
            watchdog.interrupt();
            watchdog.join(timeout.toMillis());
        }
        if (killed.get()) {
            out.println("beneath: the run in a private mount namespace took longer than " + timeout.toSeconds()
                    + " s and was stopped");
            out.flush();
            return 1;
        }
        return child.exitValue();
    }
}
