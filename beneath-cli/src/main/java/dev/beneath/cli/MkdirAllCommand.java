package dev.beneath.cli;

import dev.beneath.Handle;
import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code beneath mkdir-all}: {@code mkdir -p} inside a root, each missing directory created
 * on its pinned parent with exactly the mode asked for.
 */
@Command(name = "mkdir-all",
        description = {
            "Create PATH and its missing parents inside the root DIR, like mkdir -p.",
            "",
            "Each new directory gets exactly MODE (setgid and sticky included; the umask does not "
                    + "apply; setgid is inherited from the parent as the kernel does). Existing "
                    + "directories are kept as they are. A dangling symlink is never followed to create "
                    + "its target, and '..' in the missing part is refused. Prints nothing; --json "
                    + "prints {\"ok\":true,\"path\":P,\"mode\":M} with the directory's resulting mode.",
            ""})
final class MkdirAllCommand extends RootCommand {
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0755",
            converter = OptionConverters.ModeConverter.class,
            description = "Octal mode of the directories created (default 0755).")
    int mode;

    @Parameters(paramLabel = "PATH", description = "The directory to create inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        try (Handle dir = root.mkdirAll(path, mode)) {
            reply.put("path", path).put("mode", OptionConverters.octal(dir.attributes().permissionBits()));
        }
    }
}
