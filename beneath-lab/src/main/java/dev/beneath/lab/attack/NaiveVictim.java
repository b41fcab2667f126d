package dev.beneath.lab.attack;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What Java code commonly does today: {@code Path real = root.resolve(p).toRealPath()}, check
 * {@code real.startsWith(root)}, then open {@code real}. The open is the system call that
 * {@code Files.newInputStream(real)} makes ({@code open} of the string, with {@code O_NOFOLLOW}
 * when {@link java.nio.file.LinkOption#NOFOLLOW_LINKS} is given), made directly so that the
 * descriptor can be judged by inode. Between the check and the open the string is resolved
 * again, so an exchange in between wins.
 */
final class NaiveVictim implements Victim {
    private final Path root;
    private final Path path;
    private final int flags;

    NaiveVictim(Scene scene, boolean noFollow) {
        this.root = scene.root();
        this.path = root.resolve(scene.victimPath());
        this.flags = Linux.O_RDONLY | Linux.O_CLOEXEC | Linux.O_NOCTTY | (noFollow ? Linux.O_NOFOLLOW : 0);
    }

    @Override
    public Outcome attempt() {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return Outcome.failed(ErrorLabels.of(e));
        }
        if (!real.startsWith(root)) {
            return Outcome.failed(Outcome.REFUSED);
        }
        try (OwnedFd fd = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, real.toString().getBytes(UTF_8), flags, 0))) {
            return Outcome.obtained(InodeKey.ofFd(fd.get()));
        } catch (SyscallException e) {
            return Outcome.failed(e.errnoName());
        }
    }

    @Override
    public void close() {
        // holds nothing open
    }
}
