package dev.beneath.lab.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.SafetyCheckException;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.lab.runtime.ContainerResult;
import dev.beneath.lab.runtime.ContainerSpec;
import dev.beneath.lab.runtime.HostMounts;
import dev.beneath.lab.runtime.OciMount;
import dev.beneath.lab.runtime.Runc;
import dev.beneath.lab.runtime.TempTree;
import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The container story of {@code beneath demo}: the 2017 subPath attack (CVE-2017-1002101)
 * replayed with runc and busybox. A container plants {@code evil -> /} in its volume; the
 * pre-2018 node agent hands the string {@code volume/evil} to the runtime and the next
 * container reads host files; {@link SubPathMounter#prepare} refuses the same subPath; a
 * legitimate subPath is prepared, mounted into a container and written; a read-only one
 * refuses the write; {@link SubPathMounter#cleanSubPaths} leaves nothing mounted.
 *
 * <p>It mounts, so it must run as root in a mount namespace of its own ({@link dev.beneath.lab.ns.PrivateNamespace});
 * {@link DemoCommand} sees to that. Everything lives in one temporary directory, removed at
 * the end (after checking that nothing is mounted below it).
 */
public final class DemoContainerStory {
    static final String VOLUME_NAME = "data";
    static final String CONTAINER_NAME = "app";
    static final String EVIL_LINK = "evil";
    static final String LOGS = "app/logs";
    static final String CONFIG = "app/config";
    public static final String SETTINGS = "mode=production";
    public static final String GREETING = "hello from the container";
    public static final String HOST_ONLY = "host-only: no pod should ever read this";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ResolveOptions IN_VOLUME = ResolveOptions.DEFAULT.withScope(Scope.BENEATH);

    private final PrintWriter out;
    private final SubPathMounter mounter = new SubPathMounter();

    private Path scratch;
    private Path volume;
    private Path pod;
    private Path hostOnly;

    private boolean hostExposed;
    private boolean attackRefused;
    private boolean legitimateWritten;
    private boolean readOnlyRefused;
    private boolean cleaned;

    public DemoContainerStory(PrintWriter out) {
        this.out = out;
    }

    /**
     * Tells the story; true when beneath refused the attack, the legitimate subPath
     * was written, the read-only one was not, and the clean-up left nothing mounted.
     */
    public boolean tell() throws IOException, InterruptedException {
        long start = System.nanoTime();
        scratch = Files.createTempDirectory("beneath-demo-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toRealPath();
        try {
            try (Runc runc = Runc.create()) {
                try {
                    story(runc);
                } finally {
                    if (!cleaned) {
                        cleanQuietly();
                    }
                }
            }
        } finally {
            TempTree.delete(scratch);
        }
        boolean success = attackRefused && legitimateWritten && readOnlyRefused && cleaned;
        out.println();
        if (success) {
            out.println("Result: beneath refused the attack, the legitimate subPaths worked, and nothing is left"
                    + " mounted.");
        } else {
            out.println("Result: FAILED:" + (attackRefused ? "" : " beneath did not refuse the attack;")
                    + (legitimateWritten ? "" : " the legitimate subPath was not written;")
                    + (readOnlyRefused ? "" : " the read-only subPath was not read-only;")
                    + (cleaned ? "" : " the clean-up left mounts behind;"));
        }
        out.printf("(%.1f s; the temporary directory has been removed.)%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return success;
    }

    private void story(Runc runc) throws IOException, InterruptedException {
        volume = Files.createDirectory(scratch.resolve("volume"));
        pod = Files.createDirectory(scratch.resolve("pod"));
        hostOnly = scratch.resolve("host-only.txt");
        Files.writeString(hostOnly, HOST_ONLY + "\n");

        out.println("beneath demo: the 2017 subPath attack (CVE-2017-1002101), replayed with runc");
        out.println();
        out.println("The scene");
        out.println("  volume     " + volume + "   (volume \"" + VOLUME_NAME + "\": the pod writes anything here)");
        out.println("  pod dir    " + pod + "      (only the node agent writes here)");
        out.println("  host file  " + hostOnly + "   (outside every volume)");
        out.println("  Mounts are made in a private mount namespace: none of them reaches the host.");
        out.flush();

        plant(runc);
        naive(runc);
        refuse();
        legitimate(runc);
        readOnly(runc);
        clean();
    }

    private void plant(Runc runc) throws IOException, InterruptedException {
        heading("1. A container plants a symlink in its volume (mounted at /vol)");
        String script = "mkdir -p /vol/" + CONFIG + " && echo " + SETTINGS + " > /vol/" + CONFIG + "/settings"
                + " && ln -s / /vol/" + EVIL_LINK;
        ContainerResult r = container(runc, script, OciMount.bind(volume, "/vol", false));
        if (!r.succeeded()) {
            throw new IOException("the planting container failed: " + r.describe());
        }
        try (Root root = Root.open(volume)) {
            out.println("  on the host: volume/" + EVIL_LINK + " -> " + root.readSymbolicLink(EVIL_LINK));
        }
    }

    private void naive(Runc runc) throws IOException, InterruptedException {
        heading("2. The pre-2018 way: the node agent hands the string \"volume/" + EVIL_LINK
                + "\" to the runtime");
        Path naiveSource = Path.of(volume + "/" + EVIL_LINK);
        out.println("  bind source " + naiveSource + "  ->  /sub in the next container");
        Path hostname = Path.of("/etc/hostname");
        boolean showHostname = Files.isRegularFile(hostname);
        String script = (showHostname ? "cat /sub" + hostname + "; " : "") + "cat /sub" + hostOnly;
        ContainerResult r = container(runc, script, OciMount.bind(naiveSource, "/sub", false));
        for (String line : r.stdout().lines().toList()) {
            out.println("  | " + line);
        }
        hostExposed = r.stdout().contains(HOST_ONLY);
        out.println(hostExposed
                ? "  HOST EXPOSED: runc resolved the string on the host and followed " + EVIL_LINK + " -> /:"
                        + " the container reads (and could write) the host's files."
                : "  (the host was not exposed here: " + r.describe() + ")");
    }

    private void refuse() {
        heading("3. beneath: SubPathMounter.prepare of the same subPath \"" + EVIL_LINK + "\"");
        SubPath evil = subPath(0, EVIL_LINK, false);
        try {
            PreparedSubPath p = mounter.prepare(evil);
            out.println("  NOT REFUSED: prepared at " + p.hostPath());
        } catch (SubPathException | SafetyCheckException e) {
            attackRefused = true;
            out.println("  refused: " + e.getMessage());
            out.println("  The subPath is opened by descriptor from the volume down; a link that leaves the");
            out.println("  volume stops the walk, and nothing is mounted. The message names no host path.");
        }
        try {
            List<Path> mounted = HostMounts.under(pod);
            if (!mounted.isEmpty()) {
                attackRefused = false;
                out.println("  mounted after all: " + mounted);
            }
        } catch (IOException e) {
            attackRefused = false;
            out.println("  cannot read the mount table: " + e.getMessage());
        }
    }

    private void legitimate(Runc runc) throws IOException, InterruptedException {
        heading("4. A legitimate subPath \"" + LOGS + "\", written by a container");
        PreparedSubPath p;
        try {
            mounter.safeMakeDir(LOGS, volume, 0755);
            p = mounter.prepare(subPath(1, LOGS, false));
        } catch (SubPathException | SafetyCheckException e) {
            out.println("  FAILED: " + e.getMessage());
            return;
        }
        out.println("  safeMakeDir created volume/" + LOGS + "; prepare bind-mounted it and checked the inode:");
        out.println("  prepared   " + p.hostPath());
        String file = "hello.txt";
        ContainerResult r = container(runc, "echo " + GREETING + " > /logs/" + file,
                OciMount.bind(p.hostPath(), "/logs", false));
        String seen = readInVolume(LOGS + "/" + file);
        legitimateWritten = r.succeeded() && (GREETING + "\n").equals(seen);
        out.println(legitimateWritten
                ? "  on the host: volume/" + LOGS + "/" + file + " holds \"" + seen.strip() + "\""
                : "  FAILED: " + r.describe() + "; the volume holds " + (seen == null ? "no such file" : seen));
    }

    private void readOnly(Runc runc) throws IOException, InterruptedException {
        heading("5. A read-only subPath \"" + CONFIG + "\"");
        PreparedSubPath p;
        try {
            p = mounter.prepare(subPath(2, CONFIG, true));
        } catch (SubPathException | SafetyCheckException e) {
            out.println("  FAILED: " + e.getMessage());
            return;
        }
        out.println("  prepared   " + p.hostPath() + "   (read-only before it became visible)");
        out.println("  handed to runc with the option rw: the refusal below comes from beneath's mount itself");
        ContainerResult r = container(runc, "cat /config/settings && echo mode=owned > /config/settings",
                OciMount.bind(p.hostPath(), "/config", false));
        for (String line : r.stdout().lines().toList()) {
            out.println("  | " + line);
        }
        for (String line : r.stderr().lines().toList()) {
            out.println("  | " + line);
        }
        String settings = readInVolume(CONFIG + "/settings");
        readOnlyRefused = !r.timedOut() && r.exitCode() != 0 && r.stderr().contains("Read-only file system")
                && (SETTINGS + "\n").equals(settings);
        out.println(readOnlyRefused
                ? "  the write was refused; on the host volume/" + CONFIG + "/settings still holds \""
                        + settings.strip() + "\""
                : "  FAILED: the read-only subPath " + (r.exitCode() == 0 ? "was written" : "failed otherwise")
                        + "; the volume holds " + settings);
    }

    private void clean() throws IOException {
        heading("6. Clean-up: SubPathMounter.cleanSubPaths(pod dir, \"" + VOLUME_NAME + "\")");
        int before = HostMounts.under(pod).size();
        try {
            mounter.cleanSubPaths(pod, VOLUME_NAME);
        } catch (SubPathException e) {
            out.println("  FAILED: " + e.getMessage());
            return;
        }
        List<Path> left = HostMounts.under(pod);
        cleaned = left.isEmpty() && !Files.exists(pod.resolve(SubPathMounter.SUBPATHS_DIRECTORY),
                LinkOption.NOFOLLOW_LINKS);
        out.println("  mounts under the pod dir: " + before + " before, "
                + (left.isEmpty() ? "none after (checked in /proc/self/mountinfo)" : left + " after"));
        out.println("  " + SubPathMounter.SUBPATHS_DIRECTORY
                + (Files.exists(pod.resolve(SubPathMounter.SUBPATHS_DIRECTORY), LinkOption.NOFOLLOW_LINKS)
                        ? " is still there" : " is gone"));
    }

    private SubPath subPath(int index, String path, boolean readOnly) {
        return new SubPath(index, path, VOLUME_NAME, volume, pod, CONTAINER_NAME, readOnly);
    }

    private ContainerResult container(Runc runc, String script, OciMount mount)
            throws IOException, InterruptedException {
        out.println("  container$ " + script);
        out.flush();
        ContainerResult r = runc.run(ContainerSpec.shell(script).withMounts(mount), TIMEOUT);
        if (r.timedOut()) {
            out.println("  (the container timed out after " + TIMEOUT.toSeconds() + " s)");
        }
        return r;
    }

    /** A file in the (untrusted) volume, read through beneath; null when it is not there. */
    private String readInVolume(String path) throws IOException {
        try (Root root = Root.open(volume);
             Handle h = root.resolve(path, IN_VOLUME);
             InputStream in = h.newInputStream()) {
            return new String(in.readNBytes(4096), UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void heading(String text) {
        out.println();
        out.println(text);
        out.flush();
    }

    /** After a failure: undo what was prepared, reporting (not throwing) what cannot be undone. */
    private void cleanQuietly() {
        if (pod == null) {
            return;
        }
        try {
            mounter.cleanSubPaths(pod, VOLUME_NAME);
        } catch (SubPathException e) {
            out.println("beneath demo: clean-up failed: " + e.getMessage());
        }
    }

}
