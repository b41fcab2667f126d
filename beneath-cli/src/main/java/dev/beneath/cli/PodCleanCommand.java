package dev.beneath.cli;

import dev.beneath.subpath.SubPathMounter;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodVolumes;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beneath pod clean}: unmount and remove the prepared subPaths of every volume of a pod. */
@Command(name = "clean",
        description = {
            "Unmount and remove the prepared subPaths of every volume in the manifest's spec.volumes "
                    + "under POD-DIR/volume-subpaths. Safe to run after a crash or twice. Prints nothing; "
                    + "--json prints {\"ok\":true,\"volumes\":[...]}.",
            ""})
final class PodCleanCommand extends AgentCommand {
    @Option(names = "--pod", required = true, paramLabel = "FILE", description = "The Pod manifest, YAML or JSON.")
    Path manifest;

    @Option(names = "--pod-dir", required = true, paramLabel = "DIR", description = "The pod's directory.")
    Path podDir;

    @Override
    String subject() {
        return manifest.toString();
    }

    @Override
    void perform(SubPathMounter mounter, Reply reply) throws IOException {
        Pod pod = PodManifest.read(manifest);
        new PodVolumes(mounter).clean(pod, podDir.toAbsolutePath());
        pod.volumes().forEach(reply.array("volumes")::add);
    }
}
