package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beneath ln}: makes a hard link, or with {@code -s} a symlink, inside a root. */
@Command(name = "ln",
        description = {
            "Make PATH a new name for TARGET inside the root DIR, like ln.",
            "",
            "A hard link by default: TARGET is resolved inside the root (a trailing symlink is linked "
                    + "itself) and linked through its descriptor. With -s, PATH becomes a symlink whose "
                    + "content is exactly TARGET, unchecked; beneath resolves it inside the root when it "
                    + "is followed later, programs without beneath may not. PATH must not exist. "
                    + "Prints nothing; --json prints {\"ok\":true,\"path\":P,\"target\":T,\"kind\":K}.",
            ""})
final class LnCommand extends RootCommand {
    @Option(names = {"-s", "--symbolic"}, description = "Make a symlink instead of a hard link.")
    boolean symbolic;

    @Parameters(index = "0", paramLabel = "TARGET", description = "What the new name refers to.")
    String target;

    @Parameters(index = "1", paramLabel = "PATH", description = "The new name inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        if (symbolic) {
            root.createSymbolicLink(path, target);
        } else {
            root.createLink(path, target);
        }
        reply.put("path", path).put("target", target).put("kind", symbolic ? "symlink" : "hard");
    }
}
