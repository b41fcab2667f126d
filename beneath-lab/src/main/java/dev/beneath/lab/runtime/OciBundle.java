package dev.beneath.lab.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * An OCI bundle on disk: a directory holding {@code rootfs/} (a statically linked busybox and
 * the {@code /bin} links of {@link #APPLETS}, an empty {@code /etc}, and the {@code /proc},
 * {@code /dev}, {@code /sys}, {@code /tmp} mount points) and {@code config.json} (runtime spec
 * 1.0) built from a {@link ContainerSpec}.
 *
 * <p>The configuration is the shape {@code runc spec} produces, with a writable root, no
 * terminal, and the caller's mounts after the standard ones: {@code /proc}, a tmpfs
 * {@code /dev}, {@code /dev/pts}, {@code /dev/shm}, a read-only {@code /sys}. The container gets
 * its own pid, mount, ipc, uts and network namespaces (so no network), runc's default masked and
 * read-only paths, and runc's default narrow capability set.
 *
 * <p>{@link #close()} deletes the bundle directory without following symlinks, and refuses
 * while anything is mounted below it.
 */
public final class OciBundle implements AutoCloseable {
    /** The busybox applets linked into {@code /bin}. */
    public static final List<String> APPLETS = List.of("sh", "cat", "ls", "echo", "touch", "stat",
            "mkdir", "ln", "id", "true", "rm", "readlink", "mkfifo");

    /** Where the busybox-static package puts the binary copied into every root file system. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    /** The OCI runtime spec version written into {@code config.json}. */
    public static final String OCI_VERSION = "1.0.2";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> CAPABILITIES =
            List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
    private static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
    private static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs",
            "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    private static final List<String> NAMESPACES = List.of("pid", "mount", "ipc", "uts", "network");

    private final Path dir;
    private final ContainerSpec spec;

    private OciBundle(Path dir, ContainerSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /**
     * Creates the bundle in {@code dir}, which must not exist yet (its parent must). On failure
     * nothing of the bundle is left behind.
     */
    public static OciBundle create(Path dir, ContainerSpec spec) throws IOException {
        Files.createDirectory(dir);
        try {
            writeRootfs(dir.resolve("rootfs"));
            JSON.writeValue(dir.resolve("config.json").toFile(), config(spec));
            return new OciBundle(dir, spec);
        } catch (IOException | RuntimeException e) {
            try {
                TempTree.delete(dir);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The bundle directory (what {@code runc run --bundle} gets). */
    public Path dir() {
        return dir;
    }

    /** The container's root file system, {@code dir()/rootfs}. */
    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    /** The runtime configuration, {@code dir()/config.json}. */
    public Path configFile() {
        return dir.resolve("config.json");
    }

    /** What the bundle was built from. */
    public ContainerSpec spec() {
        return spec;
    }

    /** Deletes the bundle directory (never following links; never through a mount). */
    @Override
    public void close() throws IOException {
        TempTree.delete(dir);
    }

    private static void writeRootfs(Path rootfs) throws IOException {
        Files.createDirectory(rootfs);
        Path bin = Files.createDirectory(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String name : List.of("etc", "proc", "dev", "sys", "tmp")) {
            Files.createDirectory(rootfs.resolve(name));
        }
        Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** The {@code config.json} document for {@code spec}. */
    static ObjectNode config(ContainerSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersion", OCI_VERSION);
        root.set("process", process(spec));
        ObjectNode fs = root.putObject("root");
        fs.put("path", "rootfs");
        fs.put("readonly", false);
        root.put("hostname", spec.hostname());
        ArrayNode mounts = root.putArray("mounts");
        for (OciMount m : standardMounts()) {
            mounts.add(mount(m));
        }
        for (OciMount m : spec.mounts()) {
            mounts.add(mount(m));
        }
        root.set("linux", linux());
        return root;
    }

    private static ObjectNode process(ContainerSpec spec) {
        ObjectNode p = JSON.createObjectNode();
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        strings(p.putArray("args"), spec.args());
        strings(p.putArray("env"), spec.env());
        p.put("cwd", spec.cwd());
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted", "ambient")) {
            strings(caps.putArray(set), CAPABILITIES);
        }
        ObjectNode nofile = p.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024);
        nofile.put("soft", 1024);
        p.put("noNewPrivileges", true);
        return p;
    }

    private static List<OciMount> standardMounts() {
        return List.of(
                new OciMount("/proc", "proc", "proc", List.of()),
                new OciMount("/dev", "tmpfs", "tmpfs",
                        List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciMount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciMount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
    }

    private static ObjectNode mount(OciMount m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("destination", m.destination());
        node.put("type", m.type());
        node.put("source", m.source());
        if (!m.options().isEmpty()) {
            strings(node.putArray("options"), m.options());
        }
        return node;
    }

    private static ObjectNode linux() {
        ObjectNode linux = JSON.createObjectNode();
        ObjectNode deny = linux.putObject("resources").putArray("devices").addObject();
        deny.put("allow", false);
        deny.put("access", "rwm");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : NAMESPACES) {
            namespaces.addObject().put("type", ns);
        }
        strings(linux.putArray("maskedPaths"), MASKED_PATHS);
        strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
        return linux;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
