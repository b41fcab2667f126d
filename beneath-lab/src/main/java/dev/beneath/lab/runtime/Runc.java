package dev.beneath.lab.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Runs short-lived containers with the {@code runc} binary, the way a node agent hands a
 * prepared container to its runtime, and reports each one's exit code and output.
 *
 * <p>An instance owns a private temporary work directory: runc's state lives in
 * {@code work/state} ({@code runc --root}), so its containers never meet anyone else's, and
 * the bundles made by {@link #run(ContainerSpec, Duration)} live beside it. Every container
 * is force-deleted after its run, whatever happened; {@link #close()} force-deletes any that
 * remain and removes the work directory. Every runc invocation has a bounded timeout.
 *
 * <pre>{@code
 * try (Runc runc = Runc.create()) {
 *     ContainerResult r = runc.run(
 *             ContainerSpec.shell("cat /data/x").withMounts(OciMount.bind(hostDir, "/data", true)),
 *             Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class Runc implements AutoCloseable {
    /** Where runc is looked for when it is not on {@code PATH}. */
    public static final List<Path> FALLBACK_LOCATIONS =
            List.of(Path.of("/usr/sbin/runc"), Path.of("/usr/bin/runc"));

    /** The bound on runc's own bookkeeping commands ({@code kill}, {@code delete}, {@code list}). */
    public static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9_.+-]{1,128}");

    private final Path binary;
    private final Path work;
    private final Path state;
    private final String idPrefix;
    private final AtomicInteger counter = new AtomicInteger();

    private Runc(Path binary, Path work, Path state) {
        this.binary = binary;
        this.work = work;
        this.state = state;
        this.idPrefix = "beneath-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    }

    /**
     * Whether containers can run here, and if not, why.
     *
     * @param ok     true when runc, a static busybox and root privileges are all present
     * @param reason what is missing (empty when {@code ok})
     */
    public record Availability(boolean ok, String reason) {
    }

    /** Whether containers can run here: see {@link #availability()} for the reason. */
    public static boolean available() {
        return availability().ok();
    }

    /**
     * Checks, in order: that the process is root, that runc is found and answers
     * {@code --version}, and that {@link OciBundle#BUSYBOX} exists and is statically linked.
     */
    public static Availability availability() {
        try {
            int euid = effectiveUid();
            if (euid != 0) {
                return new Availability(false, "running containers needs root (effective uid " + euid + ")");
            }
            Optional<Path> runc = findBinary();
            if (runc.isEmpty()) {
                return new Availability(false,
                        "runc not found on PATH or in " + FALLBACK_LOCATIONS + " (apt-get install runc)");
            }
            if (!Files.isRegularFile(OciBundle.BUSYBOX)) {
                return new Availability(false,
                        OciBundle.BUSYBOX + " is missing (apt-get install busybox-static)");
            }
            if (ElfInterpreter.needsInterpreter(OciBundle.BUSYBOX)) {
                return new Availability(false, OciBundle.BUSYBOX
                        + " is dynamically linked and cannot run alone in a container"
                        + " (apt-get install busybox-static)");
            }
            Path scratch = Files.createTempDirectory("beneath-runc-probe-");
            try {
                BoundedProcess.Outcome v = BoundedProcess.run(
                        List.of(runc.get().toString(), "--version"), scratch, CONTROL_TIMEOUT);
                if (v.exitCode() != 0) {
                    return new Availability(false, runc.get() + " --version failed: "
                            + (v.timedOut() ? "timed out" : v.stderr().strip()));
                }
            } finally {
                TempTree.delete(scratch);
            }
            return new Availability(true, "");
        } catch (IOException e) {
            return new Availability(false, "cannot check for runc: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(false, "interrupted while checking for runc");
        }
    }

    /** The runc executable: the first on {@code PATH}, else the first of {@link #FALLBACK_LOCATIONS}. */
    public static Optional<Path> findBinary() {
        return Executables.find("runc", FALLBACK_LOCATIONS);
    }

    /**
     * A runner with a fresh private work directory under the system temporary directory.
     *
     * @throws IOException when containers cannot run here (the message says why) or the work
     *                     directory cannot be made
     */
    public static Runc create() throws IOException {
        Availability a = availability();
        if (!a.ok()) {
            throw new IOException(a.reason());
        }
        Path binary = findBinary().orElseThrow(() -> new IOException("runc disappeared"));
        Path work = Files.createTempDirectory("beneath-runc-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path state = Files.createDirectory(work.resolve("state"));
            Files.createDirectory(work.resolve("bundles"));
            Files.createDirectory(work.resolve("output"));
            return new Runc(binary, work.toRealPath(), state.toRealPath());
        } catch (IOException | RuntimeException e) {
            TempTree.delete(work);
            throw e;
        }
    }

    /** The runc executable in use. */
    public Path binary() {
        return binary;
    }

    /** runc's state directory ({@code runc --root}), private to this instance. */
    public Path stateRoot() {
        return state;
    }

    /** The private work directory holding the state directory and the bundles. */
    public Path workDir() {
        return work;
    }

    /** A container id not used before by this instance. */
    public String newContainerId() {
        return idPrefix + counter.incrementAndGet();
    }

    /** A new bundle for {@code spec} in this instance's work directory; the caller closes it. */
    public OciBundle newBundle(ContainerSpec spec) throws IOException {
        return OciBundle.create(work.resolve("bundles").resolve("bundle-" + counter.incrementAndGet()), spec);
    }

    /**
     * Builds a bundle for {@code spec}, runs it under a new id, and deletes the container and
     * the bundle.
     */
    public ContainerResult run(ContainerSpec spec, Duration timeout) throws IOException, InterruptedException {
        try (OciBundle bundle = newBundle(spec)) {
            return run(bundle, newContainerId(), timeout);
        }
    }

    /**
     * Runs {@code bundle} as container {@code containerId} ({@code runc run}, no terminal, stdin
     * from {@code /dev/null}) and waits for it. When {@code timeout} expires the container is
     * killed and the result says {@code timedOut}. Either way, and also when this method
     * throws, the container is then removed with {@code runc delete --force}.
     *
     * @throws IOException when runc cannot be started or the container cannot be deleted
     */
    public ContainerResult run(OciBundle bundle, String containerId, Duration timeout)
            throws IOException, InterruptedException {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("bad container id: " + containerId);
        }
        List<String> command = List.of(binary.toString(), "--root", state.toString(), "run",
                "--bundle", bundle.dir().toString(), containerId);
        BoundedProcess runc = BoundedProcess.start(command, work.resolve("output"));
        boolean exited = false;
        try {
            exited = runc.awaitExit(timeout);
            if (!exited) {
                control("kill", containerId, "KILL");
                runc.awaitExit(BoundedProcess.REAP_TIMEOUT); // runc exits once its container is gone
            }
        } finally {
            if (!exited) {
                runc.kill(); // a no-op when runc already exited after its container was killed
            }
            forceDelete(containerId);
        }
        BoundedProcess.Outcome o = runc.finish(!exited);
        return new ContainerResult(containerId, o.exitCode(), o.stdout(), o.stderr(), o.timedOut(), o.elapsed());
    }

    /** The ids of the containers runc knows in this instance's state directory. */
    public List<String> list() throws IOException, InterruptedException {
        BoundedProcess.Outcome o = control("list", "--quiet");
        if (o.exitCode() != 0) {
            throw new IOException("runc list failed: " + (o.timedOut() ? "timed out" : o.stderr().strip()));
        }
        return o.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Force-deletes every container left in the state directory, then removes the work directory. */
    @Override
    public void close() throws IOException {
        uninterrupted("removing containers in " + state, () -> {
            for (String id : list()) {
                forceDelete(id);
            }
            TempTree.delete(work);
        });
    }

    /**
     * {@code runc delete --force ID}, bounded, with the interrupt status set aside so that the
     * cleanup happens even for an interrupted caller. An id runc does not know is fine.
     */
    private void forceDelete(String containerId) throws IOException {
        uninterrupted("deleting container " + containerId, () -> {
            BoundedProcess.Outcome o = control("delete", "--force", containerId);
            if (o.exitCode() != 0 && Files.exists(state.resolve(containerId))) {
                throw new IOException("runc delete --force " + containerId + " failed: "
                        + (o.timedOut() ? "timed out" : o.stderr().strip()));
            }
        });
    }

    /** Cleanup that waits for processes. */
    @FunctionalInterface
    private interface Cleanup {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code cleanup} with the caller's interrupt status set aside, so that it happens even
     * for an interrupted caller; the status is restored afterwards, and set if the cleanup itself
     * was interrupted ({@code what} then names it in the exception).
     */
    private static void uninterrupted(String what, Cleanup cleanup) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            cleanup.run();
        } catch (InterruptedException e) {
            interrupted = true;
            throw new IOException("interrupted while " + what, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BoundedProcess.Outcome control(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", state.toString()));
        command.addAll(List.of(args));
        return BoundedProcess.run(command, work.resolve("output"), CONTROL_TIMEOUT);
    }

    /** The effective uid, from the second field of {@code Uid:} in {@code /proc/self/status}. */
    static int effectiveUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new IOException("/proc/self/status has no Uid line");
    }
}
