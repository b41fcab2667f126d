package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.subpath.pod.EnvVar;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodContainer;
import dev.beneath.subpath.pod.VolumeMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pod manifests, YAML and JSON, read into the model; malformed ones refused naming the field. */
class PodManifestTest {
    private static final String YAML = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web-0}
            spec:
              initContainers:
                - name: init
                  volumeMounts:
                    - {name: data, mountPath: /init, subPath: seed}
              containers:
                - name: app
                  image: busybox
                  env:
                    - {name: POD, value: web-0}
                    - {name: BLANK}
                    - name: NODE
                      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                  volumeMounts:
                    - {name: data, mountPath: /data, readOnly: true}
                    - {name: data, mountPath: /logs, subPathExpr: "logs/$(POD)"}
                    - {name: data, mountPath: /empty, subPath: ""}
                - name: sidecar
              volumes:
                - {name: data, emptyDir: {}}
                - name: unused
            """;

    @Test
    void yamlGivesInitContainersFirstWithEverythingTheMountsNeed() throws IOException {
        Pod pod = PodManifest.parse(YAML);
        assertEquals(List.of("data", "unused"), pod.volumes());
        assertEquals(List.of("init", "app", "sidecar"), pod.containers().stream().map(PodContainer::name).toList());
        assertEquals(List.of(true, false, false), pod.containers().stream().map(PodContainer::init).toList());
        assertEquals(List.of(new VolumeMount("data", "/init", "seed", null, false)),
                pod.containers().getFirst().volumeMounts());
        PodContainer app = pod.containers().get(1);
        assertEquals(List.of(EnvVar.literal("POD", "web-0"), EnvVar.literal("BLANK", ""), EnvVar.fromSource("NODE")),
                app.env());
        assertEquals(List.of(VolumeMount.whole("data", "/data", true),
                new VolumeMount("data", "/logs", null, "logs/$(POD)", false),
                VolumeMount.whole("data", "/empty", false)), app.volumeMounts());
        assertFalse(app.volumeMounts().get(2).narrowed(), "an empty subPath means the whole volume");
        assertEquals(List.of(), pod.containers().get(2).volumeMounts());
    }

    @Test
    void jsonGivesTheSameAsYaml() throws IOException {
        String json = """
                {\t"kind": "Pod", "spec": {
                \t"containers": [{"name": "app", "env": [{"name": "P", "value": "x"}],
                \t  "volumeMounts": [{"name": "v", "mountPath": "/m", "subPath": "s", "readOnly": true}]}],
                \t"volumes": [{"name": "v"}]}}
                """;
        Pod pod = PodManifest.parse(json);
        assertEquals(new Pod(List.of(new PodContainer("app", false, List.of(EnvVar.literal("P", "x")),
                List.of(new VolumeMount("v", "/m", "s", null, true)))), List.of("v")), pod);
    }

    @Test
    void theExampleManifestReads() throws IOException {
        Pod pod = PodManifest.read(Path.of("../examples/pod.yaml"));
        assertEquals(List.of("init-config", "web"), pod.containers().stream().map(PodContainer::name).toList());
        assertEquals(List.of("shared", "cache"), pod.volumes());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "kind: Deployment|kind is Deployment, not Pod",
        "kind: Pod|spec is missing",
        "spec: []|spec must be a mapping",
        "spec: {}|spec.containers is missing",
        "spec: {containers: {name: a}}|spec.containers must be a list",
        "spec: {containers: [a]}|spec.containers[0] must be a mapping",
        "spec: {containers: [{image: x}]}|spec.containers[0].name is missing",
        "spec: {containers: [{name: 7}]}|spec.containers[0].name must be a string",
        "spec: {containers: [{name: a, env: [{value: x}]}]}|spec.containers[0].env[0].name is missing",
        "spec: {containers: [{name: a, env: [{name: N, valueFrom: x}]}]}|spec.containers[0].env[0].valueFrom must be a mapping",
        "spec: {containers: [{name: a, volumeMounts: [{name: v}]}]}|spec.containers[0].volumeMounts[0].mountPath is missing",
        "spec: {containers: [{name: a, volumeMounts: [{name: v, mountPath: /m, readOnly: yes please}]}]}|spec.containers[0].volumeMounts[0].readOnly must be true or false",
        "spec: {initContainers: [{}], containers: []}|spec.initContainers[0].name is missing",
        "spec: {containers: [], volumes: [{emptyDir: {}}]}|spec.volumes[0].name is missing",
        "- a list|not a Pod manifest: the document is not a mapping",
        "just words|not a Pod manifest: the document is not a mapping",
    })
    void aMalformedManifestNamesTheField(String manifest, String message) {
        PodManifest.Invalid e = assertThrows(PodManifest.Invalid.class, () -> PodManifest.parse(manifest));
        assertEquals(message, e.getMessage());
    }

    @Test
    void brokenSyntaxAndMissingFilesAreClearErrors() {
        PodManifest.Invalid syntax = assertThrows(PodManifest.Invalid.class, () -> PodManifest.parse("{\"spec\": "));
        assertTrue(syntax.getMessage().startsWith("not a YAML or JSON document: "), syntax.getMessage());
        PodManifest.Invalid missing = assertThrows(PodManifest.Invalid.class,
                () -> PodManifest.read(Path.of("no-such-pod.yaml")));
        assertEquals("no-such-pod.yaml: no such file", missing.getMessage());
    }

    @Test
    void anEmptySubPathExprIsNoSubPath() throws IOException {
        Pod pod = PodManifest.parse("spec: {containers: [{name: a, volumeMounts: [{name: v, mountPath: /m, subPathExpr: ''}]}]}");
        assertNull(pod.containers().getFirst().volumeMounts().getFirst().subPathExpr());
    }
}
