package dev.beneath.cli;

import dev.beneath.Root;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code beneath write}: copies standard input into a file inside a root, creating the file
 * when nothing has its name, and never creating anything through a symlink.
 */
@Command(name = "write",
        description = {
            "Copy stdin into the file PATH inside the root DIR.",
            "",
            "The file is truncated first, or appended to with --append. When nothing has the name "
                    + "PATH, a new file is created, exclusively and never through a symlink: a dangling "
                    + "symlink is ELOOP instead of creating its target. An existing file (a symlink to one "
                    + "followed inside the root) keeps its mode. Prints nothing; --json prints "
                    + "{\"ok\":true,\"path\":P,\"bytes\":N}.",
            ""})
final class WriteCommand extends RootCommand {
    private final InputStream stdin;

    @Option(names = "--append", description = "Append to the file instead of truncating it.")
    boolean append;

    @Option(names = "--mode", paramLabel = "MODE", converter = OptionConverters.ModeConverter.class,
            description = "Exact octal mode of a file created (0 to 0777; default 0666 less the umask).")
    Integer mode;

    @Parameters(paramLabel = "PATH", description = "The file inside the root.")
    String path;

    /** @param stdin where the bytes come from */
    WriteCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    void perform(Root root, Reply reply) throws IOException {
        Set<OpenOption> open = append
                ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        long written;
        try (FileChannel channel = root.newFileChannel(path, open, creationMode());
             OutputStream out = Channels.newOutputStream(channel)) {
            written = stdin.transferTo(out);
        }
        reply.put("path", path).put("bytes", written);
    }

    private FileAttribute<?>[] creationMode() {
        if (mode == null) {
            return new FileAttribute<?>[0];
        }
        if (mode > 0777) {
            throw new ParameterException(spec.commandLine(),
                    "--mode: setuid, setgid and sticky are not set on a new file; use chmod afterwards");
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (0400 >> p.ordinal())) != 0) {
                permissions.add(p);
            }
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }
}
