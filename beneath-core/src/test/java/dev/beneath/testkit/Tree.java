package dev.beneath.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds test trees under a directory: files, directories, symlinks, fifos, sockets. */
public final class Tree {
    private final Path base;

    public Tree(Path base) {
        this.base = base;
    }

    public Path base() {
        return base;
    }

    public Path path(String relative) {
        return base.resolve(relative);
    }

    public Tree dir(String relative) {
        try {
            Files.createDirectories(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Tree file(String relative, String content) {
        try {
            Path p = path(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A symlink at {@code relative} whose target is exactly {@code target}. */
    public Tree symlink(String relative, String target) {
        try {
            Path p = path(relative);
            Files.createDirectories(p.getParent());
            Sys.symlinkat(target.getBytes(UTF_8), Linux.AT_FDCWD, p.toString().getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Tree fifo(String relative) {
        try {
            Sys.mknodat(Linux.AT_FDCWD, path(relative).toString().getBytes(UTF_8), Linux.S_IFIFO | 0644, 0);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** A bound unix socket at {@code relative}; the channel is closed, the socket file stays. */
    public Tree socket(String relative) {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(path(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** dev/ino of what {@code relative} names, without following a final symlink. */
    public Statx stat(String relative) {
        try {
            return Sys.statx(Linux.AT_FDCWD, path(relative).toString().getBytes(UTF_8),
                    Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_BASIC_STATS | Linux.STATX_MNT_ID);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
    }
}
