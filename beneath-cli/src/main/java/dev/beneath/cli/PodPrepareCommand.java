package dev.beneath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.lab.runtime.OciMount;
import dev.beneath.subpath.SubPathMounter;
import dev.beneath.subpath.pod.ContainerMount;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodVolumes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beneath pod prepare}: prepares every subPath of a Pod manifest and writes, per
 * container, the OCI runtime-spec {@code mounts} entries its runtime needs.
 */
@Command(name = "prepare",
        description = {
            "Prepare the volume mounts of every container (initContainers first) of the Pod manifest "
                    + "FILE: each subPath or subPathExpr is bind-mounted under "
                    + "POD-DIR/volume-subpaths/VOLUME/CONTAINER/INDEX and verified; a mount without "
                    + "one binds the volume's host directory itself.",
            "",
            "The OCI runtime-spec mounts entries of each container "
                    + "({\"destination\":D,\"type\":\"bind\",\"source\":S,\"options\":[\"rbind\",\"rw\"|\"ro\"]}) "
                    + "go to OUT/CONTAINER.mounts.json, one JSON array per container, or without --out to "
                    + "stdout as one JSON object keyed by container. If any subPath is refused, what this "
                    + "run prepared is cleaned again and nothing is written.",
            ""})
final class PodPrepareCommand extends PodAgentCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--volume", paramLabel = "NAME=HOSTDIR",
            description = "The host directory of a volume of the pod; once per volume a container mounts.")
    Map<String, Path> volumes = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write CONTAINER.mounts.json files here (created if missing) instead of printing.")
    Path out;

    @Override
    void perform(Pod pod, Path dir, SubPathMounter mounter, Reply reply) throws IOException {
        Map<String, Path> hostDirs = new LinkedHashMap<>();
        volumes.forEach((name, hostDir) -> hostDirs.put(name, hostDir.toAbsolutePath()));
        PodVolumes podVolumes = new PodVolumes(mounter);
        Map<String, List<ContainerMount>> mounts = podVolumes.prepare(pod, dir, hostDirs);
        ObjectNode byContainer = JsonNodeFactory.instance.objectNode();
        mounts.forEach((container, list) -> byContainer.set(container, ociMounts(list)));
        if (out == null) {
            reply.json().set("containers", byContainer);
            reply.line(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(byContainer));
            return;
        }
        ObjectNode files = reply.json().putObject("files");
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, JsonNode> e : byContainer.properties()) {
                Path file = out.resolve(e.getKey() + ".mounts.json");
                Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e.getValue()) + "\n",
                        StandardCharsets.UTF_8);
                files.put(e.getKey(), file.toString());
                reply.line(PlainText.escape(file.toString()));
            }
        } catch (IOException e) {
            try {
                podVolumes.clean(pod, dir);
            } catch (IOException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** The runtime-spec entries of one container, in volumeMounts order. */
    private static ArrayNode ociMounts(List<ContainerMount> mounts) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ContainerMount m : mounts) {
            OciMount oci = OciMount.bind(m.hostPath(), m.destination(), m.readOnly());
            ObjectNode entry = array.addObject();
            entry.put("destination", oci.destination()).put("type", oci.type()).put("source", oci.source());
            oci.options().forEach(entry.putArray("options")::add);
        }
        return array;
    }
}
