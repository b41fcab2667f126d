package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code beneath readlink}: prints the content of a symlink inside a root. */
@Command(name = "readlink",
        description = {
            "Print the content of the symlink PATH inside the root DIR, exactly as stored.",
            "",
            "The content is not resolved (it may name anything, inside the root or not); the symlinks "
                    + "on the way to PATH are followed inside the root. EINVAL when PATH is not a "
                    + "symlink. --json prints {\"ok\":true,\"path\":P,\"target\":T}.",
            ""})
final class ReadlinkCommand extends RootCommand {
    @Parameters(paramLabel = "PATH", description = "The symlink inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        String target = root.readSymbolicLink(path);
        reply.put("path", path).put("target", target).line(PlainText.escape(target));
    }
}
