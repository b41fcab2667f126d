package dev.beneath.cli;

import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code beneath subpath prepare}: bind-mount one subPath of a volume where the runtime expects it. */
@Command(name = "prepare",
        description = {
            "Bind-mount the object SUBPATH names inside the volume DIR onto "
                    + "POD-DIR/volume-subpaths/NAME/CONTAINER/INDEX and verify it.",
            "",
            "Symlinks that stay inside the volume are followed; one leading out is refused. Prepared "
                    + "again, the same object is reused. Prints the prepared host path as its last line; "
                    + "--json prints {\"ok\":true,\"hostPath\":P,\"reused\":B,\"directory\":B}.",
            ""})
final class SubPathPrepareCommand extends AgentCommand {
    @Option(names = "--volume", required = true, paramLabel = "DIR", description = "The volume's host directory.")
    Path volume;

    @Option(names = "--subpath", required = true, paramLabel = "REL", description = "The subPath inside the volume.")
    String subPath;

    @Option(names = "--pod-dir", required = true, paramLabel = "DIR", description = "The pod's directory.")
    Path podDir;

    @Option(names = "--volume-name", required = true, paramLabel = "NAME", description = "The volume's name.")
    String volumeName;

    @Option(names = "--container", required = true, paramLabel = "NAME", description = "The container's name.")
    String container;

    @Option(names = "--index", required = true, paramLabel = "N",
            description = "The volume mount's index in the container's volumeMounts.")
    int index;

    @Option(names = "--read-only", description = "The container sees the subPath read-only.")
    boolean readOnly;

    @Override
    String subject() {
        return subPath;
    }

    @Override
    void perform(SubPathMounter mounter, Reply reply) throws IOException {
        if (index < 0) {
            throw new ParameterException(spec.commandLine(), "--index must not be negative");
        }
        PreparedSubPath prepared = mounter.prepare(new SubPath(index, subPath, volumeName,
                volume.toAbsolutePath(), podDir.toAbsolutePath(), container, readOnly));
        reply.put("hostPath", prepared.hostPath().toString()).put("reused", prepared.reused())
                .put("directory", prepared.directory()).line(PlainText.escape(prepared.hostPath().toString()));
    }
}
