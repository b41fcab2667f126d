package dev.beneath.lab.attack;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node agent that bind-mounts a subPath by its path string, as {@code mount --bind} would:
 * either with no check at all (the agent before the 2018 fix), or after resolving the path,
 * checking that it stays in the volume and mounting the checked string (the design that was
 * rejected, because the string is resolved again by the mount). What got mounted is judged by
 * the inode the mount point shows, and unmounted at once.
 */
final class MountVictim implements Victim {
    private final Path volume;
    private final Path path;
    private final boolean check;
    private final Path target;
    private final byte[] targetBytes;

    MountVictim(Scene scene, boolean check) throws IOException {
        this.volume = scene.root();
        this.path = volume.resolve(scene.victimPath());
        this.check = check;
        Path t = scene.workspace().resolve("target");
        this.target = scene.directory() ? Files.createDirectory(t) : Files.createFile(t);
        this.targetBytes = target.toString().getBytes(UTF_8);
    }

    @Override
    public Outcome attempt() throws SyscallException {
        String source;
        if (check) {
            Path real;
            try {
                real = path.toRealPath();
            } catch (IOException e) {
                return Outcome.failed(ErrorLabels.of(e));
            }
            if (!real.startsWith(volume)) {
                return Outcome.failed(Outcome.REFUSED);
            }
            source = real.toString();
        } else {
            source = path.toString();
        }
        try {
            Sys.mount(source, targetBytes, null, Linux.MS_BIND, null);
        } catch (SyscallException e) {
            return Outcome.failed(e.errnoName());
        }
        try {
            return Outcome.obtained(InodeKey.ofPath(target));
        } finally {
            Sys.umount2(targetBytes, Linux.MNT_DETACH | Linux.UMOUNT_NOFOLLOW);
        }
    }

    @Override
    public void close() {
        // every mount is undone by the attempt that made it
    }
}
