package dev.beneath.lab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle on disk and the shape of its config.json; needs no runtime. */
class OciBundleTest {

    @Test
    void configHasTheRuntimeSpecShape() {
        ContainerSpec spec = ContainerSpec.shell("true")
                .withMounts(OciMount.bind(Path.of("/srv/vol/a b"), "/data", true));
        JsonNode c = OciBundle.config(spec);

        assertEquals(OciBundle.OCI_VERSION, c.path("ociVersion").asText());
        assertFalse(c.path("process").path("terminal").asBoolean(true));
        assertEquals(List.of("sh", "-c", "true"), texts(c.path("process").path("args")));
        assertEquals("/", c.path("process").path("cwd").asText());
        assertEquals("rootfs", c.path("root").path("path").asText());
        assertFalse(c.path("root").path("readonly").asBoolean(true));
        assertEquals(ContainerSpec.DEFAULT_HOSTNAME, c.path("hostname").asText());

        List<String> destinations = new ArrayList<>();
        c.path("mounts").forEach(m -> destinations.add(m.path("destination").asText()));
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/sys", "/data"), destinations);
        JsonNode data = c.path("mounts").get(5);
        assertEquals("bind", data.path("type").asText());
        assertEquals("/srv/vol/a b", data.path("source").asText());
        assertEquals(List.of("rbind", "ro"), texts(data.path("options")));
        assertTrue(texts(c.path("mounts").get(4).path("options")).contains("ro"), "/sys is read-only");

        List<String> namespaces = new ArrayList<>();
        c.path("linux").path("namespaces").forEach(n -> namespaces.add(n.path("type").asText()));
        assertEquals(List.of("pid", "mount", "ipc", "uts", "network"), namespaces);
        assertTrue(texts(c.path("linux").path("maskedPaths")).contains("/proc/kcore"));
        assertTrue(texts(c.path("linux").path("readonlyPaths")).contains("/proc/sys"));
    }

    @Test
    void bundleOnDiskAndDeletedWithoutFollowingLinks() throws Exception {
        Path scratch = Files.createTempDirectory("beneath-bundle-test-");
        try {
            Path keep = Files.writeString(scratch.resolve("keep.txt"), "kept");
            OciBundle bundle = OciBundle.create(scratch.resolve("b"), ContainerSpec.command("true"));
            assertTrue(Files.isRegularFile(bundle.configFile()));
            JsonNode written = new ObjectMapper().readTree(bundle.configFile().toFile());
            assertEquals(OciBundle.config(bundle.spec()), written);
            for (String applet : OciBundle.APPLETS) {
                assertEquals(Path.of("busybox"), Files.readSymbolicLink(bundle.rootfs().resolve("bin/" + applet)));
            }
            for (String dir : List.of("etc", "proc", "dev", "sys", "tmp")) {
                assertTrue(Files.isDirectory(bundle.rootfs().resolve(dir)), dir);
            }
            // what a container might leave in its root: a link out of it
            Files.createSymbolicLink(bundle.rootfs().resolve("tmp/out"), scratch);
            bundle.close();
            assertFalse(Files.exists(bundle.dir()));
            assertEquals("kept", Files.readString(keep));
        } finally {
            TempTree.delete(scratch);
        }
    }

    @Test
    void specChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.command());
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.command("true").withCwd("tmp"));
        assertThrows(IllegalArgumentException.class,
                () -> OciMount.bind(Path.of("/x"), "relative", false));
    }

    @Test
    void mountinfoEscapesAreDecoded() {
        assertEquals("/a b\tc\\d", HostMounts.unescape("/a\\040b\\011c\\134d"));
        assertEquals("/plain", HostMounts.unescape("/plain"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
