package dev.beneath.cli;

import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beneath subpath clean}: unmount and remove every prepared subPath of one volume of a pod. */
@Command(name = "clean",
        description = {
            "Unmount and remove every prepared subPath of the volume NAME under POD-DIR/volume-subpaths, "
                    + "never descending into a mount. Prints nothing; --json prints "
                    + "{\"ok\":true,\"volumeName\":NAME}.",
            ""})
final class SubPathCleanCommand extends AgentCommand {
    @Option(names = "--pod-dir", required = true, paramLabel = "DIR", description = "The pod's directory.")
    Path podDir;

    @Option(names = "--volume-name", required = true, paramLabel = "NAME", description = "The volume's name.")
    String volumeName;

    @Override
    String subject() {
        return volumeName;
    }

    @Override
    void perform(SubPathMounter mounter, Reply reply) throws IOException {
        mounter.cleanSubPaths(podDir.toAbsolutePath(), volumeName);
        reply.put("volumeName", volumeName);
    }
}
