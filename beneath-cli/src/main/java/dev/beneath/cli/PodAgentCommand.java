package dev.beneath.cli;

import dev.beneath.subpath.SubPathMounter;
import dev.beneath.subpath.pod.Pod;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A {@code pod} command: works on the volumes of the pod a manifest describes, in the pod's directory. */
abstract class PodAgentCommand extends AgentCommand {
    @Option(names = "--pod", required = true, paramLabel = "FILE", description = "The Pod manifest, YAML or JSON.")
    Path manifest;

    @Option(names = "--pod-dir", required = true, paramLabel = "DIR", description = "The pod's directory.")
    Path podDir;

    /** Does the work for {@code pod}, whose directory is {@code dir} (absolute), and describes it in {@code reply}. */
    abstract void perform(Pod pod, Path dir, SubPathMounter mounter, Reply reply) throws IOException;

    @Override
    final String subject() {
        return manifest.toString();
    }

    @Override
    final void perform(SubPathMounter mounter, Reply reply) throws IOException {
        perform(PodManifest.read(manifest), podDir.toAbsolutePath(), mounter, reply);
    }
}
