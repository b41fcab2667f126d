package dev.beneath.lab.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one container runs and sees: its command, environment, working directory, host name,
 * and the extra mounts on top of the standard ones ({@code /proc}, {@code /dev}, {@code /sys},
 * ...) that {@link OciBundle} always adds. Immutable; the {@code with...} methods return
 * changed copies.
 *
 * @param args     the command and its arguments; the first is looked up in {@code PATH}
 * @param env      {@code NAME=value} strings
 * @param cwd      absolute working directory inside the container
 * @param hostname the container's host name (it has its own UTS namespace)
 * @param mounts   extra mounts, applied in order after the standard ones
 */
public record ContainerSpec(List<String> args, List<String> env, String cwd, String hostname,
                            List<OciMount> mounts) {

    /** The {@code PATH} every container here gets unless told otherwise. */
    public static final String DEFAULT_PATH = "PATH=/bin";

    /** The host name every container here gets unless told otherwise. */
    public static final String DEFAULT_HOSTNAME = "beneath";

    /** Checks the fields and takes unmodifiable copies of the lists. */
    public ContainerSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(hostname, "hostname");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a container needs a command");
        }
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("cwd must be absolute: " + cwd);
        }
    }

    /** Runs {@code args} with {@link #DEFAULT_PATH}, in {@code /}, with no extra mounts. */
    public static ContainerSpec command(String... args) {
        return new ContainerSpec(Arrays.asList(args), List.of(DEFAULT_PATH), "/", DEFAULT_HOSTNAME,
                List.of());
    }

    /**
     * Runs {@code script} with the container's busybox {@code sh -c}. The shell runs inside the
     * container, never on the host.
     */
    public static ContainerSpec shell(String script) {
        return command("sh", "-c", script);
    }

    /** This spec with {@code more} mounts appended. */
    public ContainerSpec withMounts(OciMount... more) {
        List<OciMount> all = new ArrayList<>(mounts);
        all.addAll(Arrays.asList(more));
        return new ContainerSpec(args, env, cwd, hostname, all);
    }

    /** This spec with {@code more} environment entries appended. */
    public ContainerSpec withEnv(String... more) {
        List<String> all = new ArrayList<>(env);
        all.addAll(Arrays.asList(more));
        return new ContainerSpec(args, all, cwd, hostname, mounts);
    }

    /** This spec with another working directory. */
    public ContainerSpec withCwd(String newCwd) {
        return new ContainerSpec(args, env, newCwd, hostname, mounts);
    }
}
