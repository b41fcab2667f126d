package dev.beneath.internal.procfs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer to "may this process mount without touching anyone else's mount table":
 * whether it runs in a mount namespace of its own whose mounts propagate nowhere.
 *
 * <p>Both facts are read from the kernel, never from the environment: the namespace is a
 * different object (device and inode of {@code /proc/<pid>/ns/mnt}) from its parent
 * process's and, where it can be read, from pid 1's; and no mount in it carries a
 * {@code shared:} peer group in {@code /proc/self/mountinfo} (a shared mount passes new mounts
 * below it on to its peers in other namespaces; {@code unshare --propagation private} leaves
 * none). Anything that cannot be read is a "no", with the reason.
 */
public final class MountNamespace {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * The verdict.
     *
     * @param isPrivate whether mounts made here stay here
     * @param reason    why not, or what was verified
     */
    public record Verdict(boolean isPrivate, String reason) {
    }

    private MountNamespace() {
    }

    /** Checks this process now. */
    public static Verdict current() {
        try {
            String mine = namespaceOf("self");
            Optional<ProcessHandle> parent = ProcessHandle.current().parent();
            if (parent.isEmpty()) {
                return new Verdict(false, "the parent process is gone, so its mount namespace cannot be compared");
            }
            if (mine.equals(namespaceOf(Long.toString(parent.get().pid())))) {
                return new Verdict(false, "this process shares its parent's mount namespace");
            }
            try {
                if (mine.equals(namespaceOf("1"))) {
                    return new Verdict(false, "this process shares pid 1's mount namespace");
                }
            } catch (AccessDeniedException unreadable) {
                // pid 1 may belong to another user namespace: the parent's is the one that counts
            }
            for (String line : Files.readAllLines(MOUNTINFO, UTF_8)) {
                String shared = sharedPeerGroup(line);
                if (shared != null) {
                    return new Verdict(false, "a mount in this namespace propagates to others (" + shared + ")");
                }
            }
            return new Verdict(true, "a mount namespace of its own, no mount shared with another");
        } catch (IOException | RuntimeException e) {
            return new Verdict(false, "the mount namespace could not be checked: " + e);
        }
    }

    /** The {@code shared:N} optional field of one mountinfo line, or null. */
    static String sharedPeerGroup(String mountinfoLine) {
        // the optional fields run from field 6 (after the mount options) up to "-"
        String[] fields = mountinfoLine.split(" ");
        for (int i = 6; i < fields.length && !fields[i].equals("-"); i++) {
            if (fields[i].startsWith("shared:")) {
                return fields[i];
            }
        }
        return null;
    }

    /** The device and inode of the namespace {@code /proc/<pid>/ns/mnt} refers to. */
    private static String namespaceOf(String pid) throws IOException {
        Map<String, Object> a = Files.readAttributes(Path.of("/proc", pid, "ns", "mnt"), "unix:dev,ino");
        return a.get("dev") + ":" + a.get("ino");
    }
}
