package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beneath.lab.runtime.HostMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code beneath pod prepare|clean} end to end, in-process, with real mounts. */
class PodCommandTest extends AgentFixture {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("../examples/pod.yaml").toAbsolutePath();

    private Cli.Run prepare(Path manifest, String... more) {
        List<String> args = new ArrayList<>(List.of("pod", "prepare", "--pod", manifest.toString(),
                "--pod-dir", podDir.toString(), "--volume", "shared=" + shared, "--volume", "cache=" + cache));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Run clean(Path manifest) {
        return Cli.run("pod", "clean", "--pod", manifest.toString(), "--pod-dir", podDir.toString());
    }

    private static JsonNode entry(String destination, Path source, String mode) {
        return MAPPER.createObjectNode().put("destination", destination).put("type", "bind")
                .put("source", source.toString()).set("options", MAPPER.createArrayNode().add("rbind").add(mode));
    }

    @Test
    void theExamplePodGetsItsRuntimeMountsAndCleanLeavesNothing() throws IOException {
        Path out = base.resolve("out");
        Cli.Run r = prepare(EXAMPLE, "--out", out.toString());
        assertEquals(Main.OK, r.exitCode(), r.err());
        Path subpaths = podDir.resolve("volume-subpaths/shared");
        assertEquals(List.of(out.resolve("init-config.mounts.json").toString(), out.resolve("web.mounts.json").toString()),
                r.outLines());
        assertEquals(MAPPER.createArrayNode().add(entry("/config", subpaths.resolve("init-config/0"), "rw")),
                MAPPER.readTree(out.resolve("init-config.mounts.json").toFile()));
        assertEquals(MAPPER.createArrayNode()
                        .add(entry("/etc/app", subpaths.resolve("web/0"), "ro"))
                        .add(entry("/var/log/app", subpaths.resolve("web/1"), "rw"))
                        .add(entry("/cache", cache, "rw")),
                MAPPER.readTree(out.resolve("web.mounts.json").toFile()));

        assertEquals(List.of(subpaths.resolve("init-config/0"), subpaths.resolve("web/0"), subpaths.resolve("web/1")),
                HostMounts.under(podDir));
        assertEquals(inode(shared.resolve("config")), inode(subpaths.resolve("init-config/0")));
        assertEquals(inode(shared.resolve("config")), inode(subpaths.resolve("web/0")));
        assertEquals(inode(shared.resolve("logs/web-0")), inode(subpaths.resolve("web/1")));

        Cli.Run cleaned = clean(EXAMPLE);
        assertEquals(Main.OK, cleaned.exitCode(), cleaned.err());
        assertEquals("", cleaned.out());
        assertEquals(List.of(), HostMounts.under(base));
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
        assertTrue(Files.isDirectory(shared.resolve("logs/web-0")), "the volume is left alone");
    }

    @Test
    void withoutOutTheMountsAreOneObjectKeyedByContainer() throws IOException {
        try {
            Cli.Run text = prepare(EXAMPLE);
            assertEquals(Main.OK, text.exitCode(), text.err());
            JsonNode byContainer = MAPPER.readTree(text.out());
            assertEquals(List.of("init-config", "web"), VolumeTest.fieldNames(byContainer));
            JsonNode json = VolumeTest.onlyJson(prepare(EXAMPLE, "--json"));
            assertEquals(List.of("ok", "containers"), VolumeTest.fieldNames(json));
            assertEquals(byContainer, json.get("containers"), "the second prepare reuses the same mounts");
        } finally {
            assertEquals(Main.OK, clean(EXAMPLE).exitCode());
        }
    }

    @Test
    void aHostileSubPathFailsWithoutHostPathsAndLeavesNothingMounted() throws IOException {
        Path manifest = Files.writeString(base.resolve("hostile.yaml"), """
                kind: Pod
                spec:
                  containers:
                    - name: fine
                      volumeMounts: [{name: shared, mountPath: /config, subPath: config}]
                    - name: attacker
                      env: [{name: TARGET, value: evil}]
                      volumeMounts: [{name: shared, mountPath: /host, subPathExpr: "$(TARGET)/etc"}]
                  volumes: [{name: shared}, {name: cache}]
                """);
        Path out = base.resolve("out");
        Cli.Run r = prepare(manifest, "--out", out.toString());
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("beneath: container \"attacker\": subPath \"evil/etc\" of volume \"shared\": refused: "
                + "it leads outside the volume\n", r.err());
        assertFalse(r.err().contains(base.toString()));
        assertEquals(List.of(), HostMounts.under(base));
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
        assertFalse(Files.exists(out), "nothing written for a refused pod");

        JsonNode json = VolumeTest.onlyJson(prepare(manifest, "--json"));
        assertEquals("EXDEV", json.get("errno").asText());
        assertFalse(json.get("message").asText().contains(base.toString()));
    }

    @Test
    void specErrorsAreOneLineAndTouchNothing() throws IOException {
        Path dup = Files.writeString(base.resolve("dup.yaml"), """
                spec:
                  initContainers: [{name: app}]
                  containers: [{name: app}]
                """);
        Cli.Run r = prepare(dup);
        assertEquals(Main.FAILED, r.exitCode());
        assertEquals("beneath: container name \"app\" is used twice\n", r.err());

        Path unknown = Files.writeString(base.resolve("unknown.yaml"),
                "spec: {containers: [{name: a, volumeMounts: [{name: nope, mountPath: /x}]}], volumes: [{name: shared}]}");
        JsonNode json = VolumeTest.onlyJson(Cli.run("pod", "prepare", "--pod", unknown.toString(),
                "--pod-dir", podDir.toString(), "--json"));
        assertEquals("EINVAL", json.get("errno").asText());
        assertEquals("container \"a\" volumeMounts[0]: volume \"nope\" is not one of the pod's volumes",
                json.get("message").asText());

        Path broken = Files.writeString(base.resolve("broken.yaml"), "spec: {containers: [{image: x}]}");
        Cli.Run b = Cli.run("pod", "clean", "--pod", broken.toString(), "--pod-dir", podDir.toString());
        assertEquals(Main.FAILED, b.exitCode());
        assertEquals("beneath: " + broken + ": spec.containers[0].name is missing\n", b.err());
        assertFalse(Files.exists(podDir.resolve("volume-subpaths")));
    }

    @Test
    void cleanWithNothingPreparedSucceeds() {
        Cli.Run r = clean(EXAMPLE);
        assertEquals(Main.OK, r.exitCode(), r.err());
    }
}
