package dev.beneath.testkit;

import dev.beneath.internal.procfs.MountNamespace;
import dev.beneath.internal.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Facts about the process running the tests. */
public final class TestEnv {
    private TestEnv() {
    }

    public static boolean isRoot() {
        return Sys.geteuid() == 0;
    }

    /**
     * True when the test JVM runs as root inside its own private mount namespace (set up by
     * scripts/test-jvm, and verified by {@link MountNamespace}), so mounting is allowed and
     * cannot leak to the host.
     */
    public static boolean canMount() {
        return isRoot() && MountNamespace.current().isPrivate();
    }

    public static final String NO_MOUNT_REASON =
            "needs root in a private mount namespace (run the tests as root through ./build)";

    /** The number of descriptors open in this process now. */
    public static int openFdCount() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count() - 1; // the listing's own descriptor
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
