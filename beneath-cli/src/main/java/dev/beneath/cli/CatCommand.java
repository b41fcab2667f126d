package dev.beneath.cli;

import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.Root;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code beneath cat}: copies a regular file inside a root to standard output, byte for byte.
 * The file is read through the handle its lookup returned, so it is the object that was
 * resolved even if the path is swapped afterwards. Anything but a regular file is refused
 * before it is opened: a fifo or device could block or never end.
 */
@Command(name = "cat",
        description = {
            "Write the regular file PATH inside the root DIR to stdout, byte for byte.",
            "",
            "A directory is EISDIR; a fifo, socket or device is refused (EINVAL) instead of being "
                    + "opened, since it could block or never end. --json reads the whole file and prints "
                    + "{\"ok\":true,\"path\":P,\"size\":N,\"base64\":B}.",
            ""})
final class CatCommand extends RootCommand {
    private final OutputStream stdout;

    @Parameters(paramLabel = "PATH", description = "The file inside the root.")
    String path;

    /** @param stdout the raw standard output the bytes are copied to */
    CatCommand(OutputStream stdout) {
        this.stdout = stdout;
    }

    @Override
    void perform(Root root, Reply reply) throws IOException {
        try (Handle file = root.resolve(path)) {
            FileType type = file.type();
            if (type == FileType.DIRECTORY) {
                throw Failure.of(path, "EISDIR", "Is a directory").raise();
            }
            if (type != FileType.REGULAR_FILE) {
                throw Failure.of(path, "EINVAL", "a " + type.shortName() + " is not read, only a regular file").raise();
            }
            try (InputStream in = file.newInputStream()) {
                if (json()) {
                    byte[] content = in.readAllBytes();
                    reply.put("path", path).put("size", content.length)
                            .put("base64", Base64.getEncoder().encodeToString(content));
                } else {
                    spec.commandLine().getOut().flush();
                    in.transferTo(stdout);
                    stdout.flush();
                }
            }
        }
    }
}
