package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the demo's mounts off the host: a mount namespace of its own whose mounts propagate
 * nowhere.
 *
 * <p>A JVM cannot {@code unshare(CLONE_NEWNS)} itself, since the kernel refuses it to a
 * multithreaded process. So the demo runs its container story in a child JVM started through
 * {@code unshare --mount --propagation private}: the child has a copy of the host's mount table
 * in which every mount is private, so nothing it mounts reaches the host, and whatever it might
 * leave mounted disappears with the namespace when it exits. The child checks that it really is
 * in such a namespace ({@link #isPrivate()}) before it mounts anything.
 */
final class DemoNamespace {
    /** Where unshare(1) (util-linux) is looked for when it is not on {@code PATH}. */
    static final List<Path> UNSHARE_LOCATIONS = List.of(Path.of("/usr/bin/unshare"), Path.of("/bin/unshare"));
    /** The bound on the whole child run: the story takes seconds. */
    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(170);

    private DemoNamespace() {
    }

    /**
     * Whether mounts made by this process stay in a mount namespace of its own: its namespace is
     * not its parent process's (nor pid 1's, where that can be read), and no mount in it is
     * {@code shared} (a shared mount passes new mounts below it on to its peers in other
     * namespaces; after {@code unshare --propagation private} there are none). False whenever
     * the facts cannot be read.
     */
    static boolean isPrivate() {
        try {
            String mine = namespaceOf("self");
            Optional<ProcessHandle> parent = ProcessHandle.current().parent();
            if (parent.isEmpty() || mine.equals(namespaceOf(Long.toString(parent.get().pid())))) {
                return false;
            }
            try {
                if (mine.equals(namespaceOf("1"))) {
                    return false;
                }
            } catch (AccessDeniedException unreadable) {
                // pid 1 may belong to another user namespace: the parent's is the one that counts
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), UTF_8)) {
                // the optional fields run from field 6 (after the mount options) up to "-"
                String[] fields = line.split(" ");
                for (int i = 6; i < fields.length && !fields[i].equals("-"); i++) {
                    if (fields[i].startsWith("shared:")) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code mnt:[inode]} of {@code /proc/<pid>/ns/mnt}. */
    private static String namespaceOf(String pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "mnt")).toString();
    }

    /** The unshare executable: the first on {@code PATH}, else the first of {@link #UNSHARE_LOCATIONS}. */
    static Optional<Path> findUnshare() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "unshare"));
                }
            }
        }
        candidates.addAll(UNSHARE_LOCATIONS);
        return candidates.stream()
                .filter(p -> p.isAbsolute() && Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /**
     * The command that runs {@code beneath demo <args>} in a new private mount namespace: this
     * JVM's java binary and class path, under {@code unshare}.
     */
    static List<String> childCommand(Path unshare, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IOException("cannot tell which java binary runs this process"));
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty()) {
            throw new IOException("cannot tell this process's class path");
        }
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--mount", "--propagation", "private",
                "--", java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, Main.class.getName(), "demo"));
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code command}, copying its standard output and error (merged) line by line to
     * {@code out}, and returns its exit status. Killed, and reported as a failure, when it
     * runs longer than {@code timeout}.
     */
    static int runChild(List<String> command, PrintWriter out, Duration timeout)
            throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
                out.flush();
            }
        } finally {
            if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killed.set(true);
                child.destroyForcibly();
            }
            watchdog.interrupt();
            watchdog.join(timeout.toMillis());
        }
        if (killed.get() || !child.waitFor(5, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            out.println("beneath demo: the demo ran longer than " + timeout.toSeconds() + " s and was stopped");
            out.flush();
            return Main.FAILED;
        }
        return child.exitValue();
    }
}
