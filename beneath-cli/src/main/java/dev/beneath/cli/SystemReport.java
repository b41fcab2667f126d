package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.Backend;
import dev.beneath.PlatformReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code beneath doctor} reports about this machine and process: the library's own
 * {@link PlatformReport} and the facts around it that decide how well a lookup can be
 * protected here.
 *
 * @param platform           what the library found: kernel, openat2 probe, backend, procfs, euid
 * @param protectedSymlinks  {@code fs.protected_symlinks}, or empty when unreadable
 * @param protectedHardlinks {@code fs.protected_hardlinks}, or empty when unreadable
 * @param capSysAdmin        whether {@code CAP_SYS_ADMIN} is in the effective set, or empty when unknown
 * @param java               the Java runtime version
 */
record SystemReport(PlatformReport platform, Optional<Integer> protectedSymlinks,
                    Optional<Integer> protectedHardlinks, Optional<Boolean> capSysAdmin, String java) {

    private static final int CAP_SYS_ADMIN = 21;

    /** Looks at the running system. */
    static SystemReport gather() {
        return new SystemReport(
                PlatformReport.current(),
                readSysctl("fs/protected_symlinks"),
                readSysctl("fs/protected_hardlinks"),
                effectiveCapability(CAP_SYS_ADMIN),
                Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
    }

    boolean isRoot() {
        return platform.effectiveUid() == 0;
    }

    private static Optional<Integer> readSysctl(String name) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(Path.of("/proc/sys", name)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Bit {@code capability} of the {@code CapEff} mask in {@code /proc/self/status}. */
    private static Optional<Boolean> effectiveCapability(int capability) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return Optional.of((mask & (1L << capability)) != 0);
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The report as one JSON object. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("kernel", platform.kernelRelease());
        node.put("openat2", platform.openat2Available());
        node.put("openat2_probe", platform.openat2Probe());
        node.put("auto_backend", OptionConverters.name(platform.automaticBackend()));
        protectedSymlinks.ifPresentOrElse(v -> node.put("protected_symlinks", v), () -> node.putNull("protected_symlinks"));
        protectedHardlinks.ifPresentOrElse(v -> node.put("protected_hardlinks", v), () -> node.putNull("protected_hardlinks"));
        node.put("euid", platform.effectiveUid());
        node.put("root", isRoot());
        capSysAdmin.ifPresentOrElse(v -> node.put("cap_sys_admin", v), () -> node.putNull("cap_sys_admin"));
        node.put("procfs", platform.procfs());
        node.put("java", java);
        return node;
    }

    /** The report as aligned "name: value" lines, with a word on what each value means. */
    List<String> toLines() {
        return List.of(
                line("kernel", platform.kernelRelease()),
                line("openat2", (platform.openat2Available() ? "yes" : "no") + " (" + platform.openat2Probe() + ")"),
                line("auto backend", OptionConverters.name(platform.automaticBackend())
                        + (platform.automaticBackend() == Backend.OPENAT2 ? " (the kernel keeps lookups inside the root)"
                                : " (lookups walked component by component; slower, same contract)")),
                line("protected_symlinks", sysctl(protectedSymlinks,
                        "links in sticky world-writable directories followed only by their owner")),
                line("protected_hardlinks", sysctl(protectedHardlinks,
                        "hard links only to files the linker may read and write")),
                line("root", isRoot() ? "yes (euid 0)" : "no (euid " + platform.effectiveUid() + ")"),
                line("CAP_SYS_ADMIN", capSysAdmin.map(v -> v ? "yes (mounts possible)" : "no (mounts not possible)")
                        .orElse("unknown")),
                line("procfs", platform.procfs()),
                line("java", java));
    }

    private static String sysctl(Optional<Integer> value, String meaning) {
        return value.map(v -> v + (v == 0 ? " (off)" : " (on: " + meaning + ")")).orElse("unknown");
    }

    private static String line(String name, String value) {
        return String.format("%-20s %s", name + ":", value);
    }
}
