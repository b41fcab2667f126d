package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A procfs and a sysfs mounted inside the root (in the test's private mount namespace): by
 * default nothing on them is returned or acted on, on either backend, so the process's own
 * environment, its executable's host path and kernel settings stay out of reach; with
 * {@link ResolveOptions#withPseudoFilesystems} they are reachable, magic links still refused.
 */
class PseudoFilesystemTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void procfsAndSysfsInsideTheRootAreRefusedUnlessAllowed(Backend backend) throws Exception {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Tree tree = new Tree(tmp).dir("r/proc").dir("r/sys").file("r/plain", "x");
        byte[] proc = tree.path("r/proc").toString().getBytes(UTF_8);
        byte[] sys = tree.path("r/sys").toString().getBytes(UTF_8);
        Sys.mount("proc", proc, "proc", Linux.MS_NOSUID | Linux.MS_NODEV, null);
        try {
            Sys.mount("sysfs", sys, "sysfs", Linux.MS_NOSUID | Linux.MS_NODEV, null);
            try (Root root = Root.open(tree.path("r"), backend)) {
                assertExdev(() -> root.resolve("proc/self/environ").close());
                assertExdev(() -> root.resolve("proc").close());
                assertExdev(() -> root.readSymbolicLink("proc/self/exe"));
                assertExdev(() -> root.newFileChannel("proc/sys/kernel/hostname", StandardOpenOption.WRITE).close());
                assertExdev(() -> root.createFile("proc/x", 0644).close());
                assertExdev(() -> root.mkdirAll("proc/x/y", 0755).close());
                assertExdev(() -> root.resolve("sys/kernel").close());
                assertExdev(() -> root.resolve("/sys/../sys/fs", ResolveOptions.DEFAULT.withScope(Scope.IN_ROOT)).close());
                root.resolve("plain").close();
                ResolveOptions allowed = ResolveOptions.DEFAULT.withPseudoFilesystems(true);
                root.resolve("proc/self/status", allowed).close();
                root.resolve("sys/kernel", allowed).close();
                IOException magic = assertThrows(IOException.class, () -> root.resolve("proc/self/exe", allowed));
                assertEquals("ELOOP", ((PathError) magic).errno().name());
            } finally {
                Sys.umount2(sys, Linux.MNT_DETACH);
            }
        } finally {
            Sys.umount2(proc, Linux.MNT_DETACH);
        }
    }

    private static void assertExdev(Executable e) {
        IOException thrown = assertThrows(IOException.class, e);
        assertEquals("EXDEV", ((PathError) thrown).errno().name(), thrown.toString());
    }
}
