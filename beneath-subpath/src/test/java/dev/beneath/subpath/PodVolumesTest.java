package dev.beneath.subpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.subpath.pod.ContainerMount;
import dev.beneath.subpath.pod.EnvVar;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodContainer;
import dev.beneath.subpath.pod.PodVolumes;
import dev.beneath.subpath.pod.VolumeMount;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A whole pod's volume mounts prepared and cleaned with real mounts; specs refused before anything is touched. */
class PodVolumesTest {
    @TempDir
    Path base;
    Path data;
    Path scratch;
    Path podDir;
    final PodVolumes volumes = new PodVolumes(new SubPathMounter());

    @BeforeEach
    void tree() {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Tree tree = new Tree(base).dir("data/logs").file("data/config.yaml", "a: 1").dir("data/web-0/cache")
                .symlink("data/evil", "/").dir("scratch").dir("pod");
        data = tree.path("data");
        scratch = tree.path("scratch");
        podDir = tree.path("pod");
    }

    @AfterEach
    void nothingLeftMounted() {
        if (base != null && TestEnv.canMount()) {
            assertEquals(List.of(), Mounts.under(base), "mounts left behind");
        }
    }

    private static final PodContainer SETUP = new PodContainer("setup", true, List.of(),
            List.of(new VolumeMount("data", "/logs", "logs", null, false)));
    private static final PodContainer APP = new PodContainer("app", false,
            List.of(EnvVar.literal("POD", "web-0"), EnvVar.fromSource("NODE")),
            List.of(VolumeMount.whole("data", "/data", true),
                    new VolumeMount("data", "/etc/app.yaml", "config.yaml", null, true),
                    new VolumeMount("data", "/cache", null, "$(POD)/cache", false),
                    VolumeMount.whole("scratch", "/tmp", false)));
    private static final Pod POD = new Pod(List.of(SETUP, APP), List.of("data", "scratch"));

    private Map<String, Path> hostDirs() {
        return Map.of("data", data, "scratch", scratch);
    }

    private static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }

    @Test
    void everyContainerGetsItsMountsInOrder() throws IOException {
        Map<String, List<ContainerMount>> mounts = volumes.prepare(POD, podDir, hostDirs());
        try {
            assertEquals(List.of("setup", "app"), List.copyOf(mounts.keySet()));
            ContainerMount logs = mounts.get("setup").getFirst();
            assertEquals(podDir.resolve("volume-subpaths/data/setup/0"), logs.hostPath());
            assertEquals(inode(data.resolve("logs")), inode(logs.hostPath()));

            List<ContainerMount> app = mounts.get("app");
            assertEquals(List.of("/data", "/etc/app.yaml", "/cache", "/tmp"),
                    app.stream().map(ContainerMount::destination).toList());
            assertEquals(List.of(true, true, false, false), app.stream().map(ContainerMount::readOnly).toList());
            assertEquals(data, app.get(0).hostPath());
            assertTrue(app.get(0).subPath().isEmpty());
            assertEquals(podDir.resolve("volume-subpaths/data/app/1"), app.get(1).hostPath());
            assertEquals("a: 1", Files.readString(app.get(1).hostPath()));
            assertEquals(podDir.resolve("volume-subpaths/data/app/2"), app.get(2).hostPath());
            assertEquals(inode(data.resolve("web-0/cache")), inode(app.get(2).hostPath()));
            assertEquals(scratch, app.get(3).hostPath());
            assertEquals(3, Mounts.under(podDir).size(), Mounts.under(podDir).toString());

            assertEquals(mounts.keySet(), volumes.prepare(POD, podDir, hostDirs()).keySet(), "prepare again");
            assertEquals(3, Mounts.under(podDir).size(), "a second prepare reuses the mounts");
        } finally {
            volumes.clean(POD, podDir);
        }
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
        assertTrue(Files.isDirectory(data.resolve("web-0/cache")), "clean leaves the volume alone");
    }

    @Test
    void aHostileSubPathUndoesTheWholeRunAndNamesNoHostPath() {
        PodContainer attacker = new PodContainer("attacker", false, List.of(),
                List.of(new VolumeMount("scratch", "/s", ".", null, false),
                        new VolumeMount("data", "/host", "evil", null, false)));
        Pod pod = new Pod(List.of(SETUP, attacker), List.of("data", "scratch"));
        SubPathException e = assertThrows(SubPathException.class, () -> volumes.prepare(pod, podDir, hostDirs()));
        assertEquals("container \"attacker\": subPath \"evil\" of volume \"data\": refused: it leads outside the volume",
                e.getMessage());
        assertFalse(e.getMessage().contains(base.toString()));
        assertEquals(List.of(), Mounts.under(base));
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")), "the run's earlier subPaths are cleaned");
    }

    static Stream<Arguments> refusedSpecs() {
        VolumeMount logs = new VolumeMount("data", "/logs", "logs", null, false);
        return Stream.of(
                Arguments.of(pod(container("a", logs), container("a", logs)), "container name \"a\" is used twice"),
                Arguments.of(new Pod(List.of(new PodContainer("a", true, List.of(), List.of()), container("a", logs)),
                        List.of("data", "scratch")), "container name \"a\" is used twice"),
                Arguments.of(pod(container("a", VolumeMount.whole("cache", "/c", false))),
                        "container \"a\" volumeMounts[0]: volume \"cache\" is not one of the pod's volumes"),
                Arguments.of(pod(container("a", logs, new VolumeMount("data", "/x", "logs", "$(X)", false))),
                        "container \"a\" volumeMounts[1]: subPath and subPathExpr are mutually exclusive"),
                Arguments.of(pod(container("a", VolumeMount.whole("data", "relative", false))),
                        "container \"a\" volumeMounts[0]: mountPath \"relative\" must be an absolute path"),
                Arguments.of(pod(container("a", new VolumeMount("data", "/x", "../x", null, false))),
                        "container \"a\" volumeMounts[0]: subPath \"../x\" must not contain '..'"),
                Arguments.of(pod(new PodContainer("a", false, List.of(EnvVar.literal("P", "")),
                                List.of(new VolumeMount("data", "/x", null, "logs/$(P)/$(Q)", false)))),
                        "container \"a\" volumeMounts[0]: subPathExpr \"logs/$(P)/$(Q)\": no value for variables \"P\", \"Q\""),
                Arguments.of(pod(new PodContainer("a", false, List.of(EnvVar.fromSource("NODE")),
                                List.of(new VolumeMount("data", "/x", null, "$(NODE)", false)))),
                        "container \"a\" volumeMounts[0]: subPathExpr \"$(NODE)\": variable \"NODE\" takes its value"
                                + " from valueFrom, which only a running cluster can give"),
                Arguments.of(pod(container("a/b", logs)), "container name \"a/b\" is not a valid name"),
                Arguments.of(new Pod(List.of(container("a", logs)), List.of("data", "data")),
                        "volume \"data\" is declared twice"));
    }

    private static Pod pod(PodContainer... containers) {
        return new Pod(List.of(containers), List.of("data", "scratch"));
    }

    private static PodContainer container(String name, VolumeMount... mounts) {
        return new PodContainer(name, false, List.of(), List.of(mounts));
    }

    @ParameterizedTest
    @MethodSource("refusedSpecs")
    void aRefusedSpecTouchesNothing(Pod pod, String message) {
        SubPathException e = assertThrows(SubPathException.class, () -> volumes.prepare(pod, podDir, hostDirs()));
        assertEquals(message, e.getMessage());
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
    }

    @Test
    void aMountedVolumeNeedsAHostDirectoryAndAGivenOneMustExistInThePod() {
        Pod pod = pod(container("a", VolumeMount.whole("scratch", "/s", false)));
        SubPathException missing = assertThrows(SubPathException.class,
                () -> volumes.prepare(pod, podDir, Map.of("data", data)));
        assertEquals("container \"a\" volumeMounts[0]: volume \"scratch\" has no host directory", missing.getMessage());
        SubPathException extra = assertThrows(SubPathException.class,
                () -> volumes.prepare(pod, podDir, Map.of("scratch", scratch, "other", data)));
        assertEquals("volume \"other\" is given a host directory but the pod has no such volume", extra.getMessage());
    }

    @Test
    void valueFromIsFineWhenNoSubPathExprUsesIt() throws IOException {
        Pod pod = pod(new PodContainer("a", false, List.of(EnvVar.fromSource("NODE"), EnvVar.literal("D", "logs")),
                List.of(new VolumeMount("data", "/x", null, "$(D)", false))));
        try {
            ContainerMount m = volumes.prepare(pod, podDir, hostDirs()).get("a").getFirst();
            assertEquals(inode(data.resolve("logs")), inode(m.hostPath()));
        } finally {
            volumes.clean(pod, podDir);
        }
    }
}
