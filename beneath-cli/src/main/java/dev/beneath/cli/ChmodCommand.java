package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code beneath chmod}: sets the exact mode of what a path names inside a root. */
@Command(name = "chmod",
        description = {
            "Set the mode of what PATH names inside the root DIR to exactly MODE (octal).",
            "",
            "setuid, setgid and sticky included. A trailing symlink is followed inside the root, and the "
                    + "mode is set on the inode that lookup found, never on something swapped in "
                    + "afterwards. Prints nothing; --json prints {\"ok\":true,\"path\":P,\"mode\":M}.",
            ""})
final class ChmodCommand extends RootCommand {
    @Parameters(index = "0", paramLabel = "MODE", converter = OptionConverters.ModeConverter.class,
            description = "Octal mode such as 0640 or 2775.")
    int mode;

    @Parameters(index = "1", paramLabel = "PATH", description = "What to change inside the root.")
    String path;

    @Override
    void perform(Root root, Reply reply) throws IOException {
        root.setPermissions(path, mode);
        reply.put("path", path).put("mode", OptionConverters.octal(mode));
    }
}
