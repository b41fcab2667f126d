package dev.beneath.cli;

import dev.beneath.subpath.SubPathMounter;
import dev.beneath.subpath.pod.Pod;
import dev.beneath.subpath.pod.PodVolumes;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code beneath pod clean}: unmount and remove the prepared subPaths of every volume of a pod. */
@Command(name = "clean",
        description = {
            "Unmount and remove the prepared subPaths of every volume in the manifest's spec.volumes "
                    + "under POD-DIR/volume-subpaths. Safe to run after a crash or twice. Prints nothing; "
                    + "--json prints {\"ok\":true,\"volumes\":[...]}.",
            ""})
final class PodCleanCommand extends PodAgentCommand {
    @Override
    void perform(Pod pod, Path dir, SubPathMounter mounter, Reply reply) throws IOException {
        new PodVolumes(mounter).clean(pod, dir);
        pod.volumes().forEach(reply.array("volumes")::add);
    }
}
