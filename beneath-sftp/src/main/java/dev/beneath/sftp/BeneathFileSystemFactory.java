package dev.beneath.sftp;

import dev.beneath.ResolveOptions;
import dev.beneath.nio.BeneathFileSystems;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;

/**
 * Gives every SFTP session a beneath file system of its own on one directory: {@code /} is
 * the directory, and every operation of the session resolves from a descriptor pinned on it,
 * so symlinks (planted beforehand, made over SFTP, or swapped in while the session works),
 * {@code ..} and renames never lead outside. The session closes its file system, and with it
 * the descriptor, when it ends.
 *
 * <p>This is the one place that decides which file system a session gets. Not protected:
 * anything inside the directory (a session may change all of it), hard links to outside
 * files planted there by someone else beforehand, and mounts inside the directory (crossed,
 * unless the options say {@code noXdev}).
 */
public final class BeneathFileSystemFactory implements FileSystemFactory {
    private final Path directory;
    private final ResolveOptions options;

    /**
     * Sessions confined to {@code directory} with the default options (in-root scope: absolute
     * paths and absolute symlinks start at the directory, {@code ..} stops there).
     *
     * @param directory the served directory (trusted as a path: opened once per session)
     */
    public BeneathFileSystemFactory(Path directory) {
        this(directory, ResolveOptions.DEFAULT);
    }

    /**
     * Sessions confined to {@code directory}, resolving every path with {@code options}.
     *
     * @param directory the served directory
     * @param options   scope, noSymlinks and noXdev for every lookup of every session
     */
    public BeneathFileSystemFactory(Path directory, ResolveOptions options) {
        this.directory = directory.toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * No host path is handed out: a session's home is the {@code /} of its own file system.
     *
     * @param session the session
     * @return {@code null}
     */
    @Override
    public Path getUserHomeDir(SessionContext session) {
        return null;
    }

    /**
     * Opens a new beneath file system on the served directory for {@code session}.
     *
     * @param session the session the file system is for
     * @return a file system the session closes when it ends
     * @throws IOException the directory cannot be opened
     */
    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        return BeneathFileSystems.open(directory, options);
    }

    @Override
    public String toString() {
        return "BeneathFileSystemFactory[" + directory + ", " + options + "]";
    }
}
