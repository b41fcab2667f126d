package dev.beneath.cli;

import dev.beneath.Errno;
import dev.beneath.PathError;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code beneath rm}: removes a file, an empty directory ({@code -d}) or a whole tree
 * ({@code -r}) inside a root. A symlink is always removed itself, never what it points at.
 */
@Command(name = "rm",
        description = {
            "Remove PATH inside the root DIR, like rm.",
            "",
            "Without options PATH must not be a directory (a symlink, even to a directory, is removed "
                    + "itself). -d removes an empty directory; -r removes PATH and everything below it "
                    + "without ever following a symlink or leaving the root. A missing PATH is ENOENT "
                    + "unless -f is given. Prints nothing; --json prints {\"ok\":true,\"path\":P}.",
            ""})
final class RmCommand extends RootCommand {
    @Option(names = {"-r", "-R", "--recursive"}, description = "Remove directories and their contents.")
    boolean recursive;

    @Option(names = {"-d", "--dir"}, description = "Remove an empty directory.")
    boolean dir;

    @Option(names = {"-f", "--force"}, description = "A missing PATH is not an error.")
    boolean force;

    @Parameters(paramLabel = "PATH", description = "What to remove inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        reply.put("path", path);
        try {
            if (recursive) {
                if (!force) {
                    // removeAll accepts a missing path, as rm -rf does; rm -r reports it
                    root.resolve(path, ResolveOptions.DEFAULT.withNoFollow(true)).close();
                }
                root.removeAll(path);
            } else if (dir) {
                root.removeDir(path);
            } else {
                root.removeFile(path);
            }
        } catch (IOException e) {
            if (!(force && e instanceof PathError pe && pe.errno() == Errno.ENOENT)) {
                throw e;
            }
        }
    }
}
