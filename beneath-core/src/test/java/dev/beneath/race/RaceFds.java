package dev.beneath.race;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.nio.file.Path;

/** Small helpers the race tests share. */
final class RaceFds {
    private RaceFds() {
    }

    /** An {@code O_PATH} descriptor on a trusted test directory, for the attacker's {@code *at} calls. */
    static OwnedFd directory(Path dir) throws SyscallException {
        return OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, dir.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
    }

    static byte[] name(String single) {
        if (single.indexOf('/') >= 0) {
            throw new IllegalArgumentException("one component only: " + single);
        }
        return single.getBytes(UTF_8);
    }
}
