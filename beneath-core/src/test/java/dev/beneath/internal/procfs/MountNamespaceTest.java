package dev.beneath.internal.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.testkit.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The private mount namespace check, judged by child JVMs started in each kind of namespace:
 * the same namespace as their parent, a new one with private propagation, and a new one whose
 * mounts stay shared with the host.
 */
class MountNamespaceTest {

    /** Prints this process's verdict: the child's side of the tests below. */
    public static void main(String[] args) {
        MountNamespace.Verdict v = MountNamespace.current();
        System.out.println(v.isPrivate() + " " + v.reason());
    }

    @Test
    void aChildInItsParentsNamespaceIsNotPrivate() throws Exception {
        assertEquals("false this process shares its parent's mount namespace", child(List.of()));
    }

    @Test
    void noEnvironmentVariableMakesANamespacePrivate() throws Exception {
        assertEquals("false this process shares its parent's mount namespace",
                child(List.of("env", "BENEATH_PRIVATE_MOUNT_NS=1", "BENEATH_RELAUNCHED=1")));
    }

    @Test
    void aChildUnderUnsharePrivateIsPrivate() throws Exception {
        assumeUnshare();
        assertEquals("true a mount namespace of its own, no mount shared with another",
                child(List.of("unshare", "--mount", "--propagation", "private", "--")));
    }

    @Test
    void aNewNamespaceWhoseMountsStaySharedIsNotPrivate() throws Exception {
        assumeUnshare();
        // --propagation shared makes every mount of the child's new namespace a shared one
        String out = child(List.of("unshare", "--mount", "--propagation", "shared", "--"));
        assertFalse(out.startsWith("true"), out);
    }

    @Test
    void theTestJvmOfARootRunIsPrivate() {
        assumeTrue(TestEnv.isRoot() && System.getenv("BENEATH_NO_UNSHARE") == null && unshareInstalled(),
                "the test launcher makes a private namespace only as root with unshare");
        MountNamespace.Verdict v = MountNamespace.current();
        assertEquals(true, v.isPrivate(), v.reason());
    }

    @Test
    void theSharedFieldIsFoundAmongTheOptionalFieldsOnly() {
        assertEquals("shared:1", MountNamespace.sharedPeerGroup(
                "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw"));
        assertNull(MountNamespace.sharedPeerGroup("22 1 0:21 / / rw,relatime master:1 - ext4 /dev/vda rw"));
        assertNull(MountNamespace.sharedPeerGroup("22 1 0:21 / / rw,relatime - ext4 shared:1 rw"));
    }

    private static void assumeUnshare() {
        assumeTrue(TestEnv.isRoot() && unshareInstalled(), "needs root and unshare(1)");
    }

    private static boolean unshareInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/unshare")) || Files.isExecutable(Path.of("/bin/unshare"));
    }

    private static String child(List<String> prefix) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), MountNamespaceTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
