package dev.beneath.cli;

import dev.beneath.subpath.SubPathMounter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beneath subpath safe-mkdir}: create a subPath directory inside a volume, never outside it. */
@Command(name = "safe-mkdir",
        description = {
            "Create the directory REL and its missing parents inside the volume DIR, each on its pinned "
                    + "parent. A symlink on the way that stays inside is followed; one leading out is "
                    + "refused. Prints nothing; --json prints {\"ok\":true,\"subPath\":REL,\"mode\":MODE}.",
            ""})
final class SubPathSafeMkdirCommand extends AgentCommand {
    @Option(names = "--base", required = true, paramLabel = "DIR", description = "The volume's host directory.")
    Path base;

    @Option(names = "--subpath", required = true, paramLabel = "REL", description = "The directory to create.")
    String subPath;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0750",
            converter = OptionConverters.ModeConverter.class,
            description = "Octal mode of the directories created (default 0750).")
    int mode;

    @Override
    String subject() {
        return subPath;
    }

    @Override
    void perform(SubPathMounter mounter, Reply reply) throws IOException {
        mounter.safeMakeDir(subPath, base.toAbsolutePath(), mode);
        reply.put("subPath", subPath).put("mode", OptionConverters.octal(mode));
    }
}
