package dev.beneath.cli.attack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts made by the lab must never reach the host. A JVM cannot move itself into a new mount
 * namespace (it has many threads), so the command runs itself again as a child of
 * {@code unshare --mount --propagation private}, which marks the child with
 * {@value #MARK} in its environment. The child's standard output is copied to ours as it
 * comes; its standard error is ours.
 */
final class PrivateNamespace {
    /** Set to {@code 1} in a process that runs in a private mount namespace of its own. */
    static final String MARK = "BENEATH_PRIVATE_MOUNT_NS";
    /** Set to {@code 1} by a parent whose output is a terminal, so the child draws the live line. */
    static final String LIVE = "BENEATH_ATTACK_LIVE";
    private static final List<Path> UNSHARE = List.of(Path.of("/usr/bin/unshare"), Path.of("/bin/unshare"));

    private PrivateNamespace() {
    }

    /** Whether this process was started in a private mount namespace (by this class or the test runner). */
    static boolean inside() {
        return "1".equals(System.getenv(MARK));
    }

    /** The {@code unshare} program, when installed. */
    static Path unshare() {
        return UNSHARE.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Runs {@code beneath <args>} in a private mount namespace, copying its output to {@code out}; its exit code. */
    static int rerun(Path unshare, List<String> args, PrintWriter out, boolean live)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--mount", "--propagation", "private",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.beneath.cli.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(MARK, "1");
        pb.environment().put(LIVE, live ? "1" : "0");
        Process child = pb.start();
        try (Reader from = new InputStreamReader(child.getInputStream(), UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = from.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            return child.waitFor();
        } finally {
            child.destroyForcibly();
        }
    }
}
