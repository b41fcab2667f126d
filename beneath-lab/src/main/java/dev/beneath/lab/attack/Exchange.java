package dev.beneath.lab.attack;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.racekit.Race;
import java.nio.file.Path;

/**
 * The attacker's move: {@code renameat2(dirA, nameA, dirB, nameB, RENAME_EXCHANGE)}, which
 * swaps two entries atomically, so neither name is ever missing.
 *
 * @param dirA  the directory holding the first entry (trusted)
 * @param nameA the first entry, one component
 * @param dirB  the directory holding the second entry (trusted)
 * @param nameB the second entry, one component
 */
public record Exchange(Path dirA, String nameA, Path dirB, String nameB) {

    /** The two directories pinned by descriptors, ready for a tight loop of exchanges. */
    public Armed arm() throws SyscallException {
        OwnedFd a = directory(dirA);
        try {
            return new Armed(a, directory(dirB), nameA.getBytes(UTF_8), nameB.getBytes(UTF_8));
        } catch (SyscallException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private static OwnedFd directory(Path dir) throws SyscallException {
        return OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, dir.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
    }

    /** An exchange with its directories open; close it when the attack is over. */
    public static final class Armed implements Race.Attack {
        private final OwnedFd a;
        private final OwnedFd b;
        private final byte[] nameA;
        private final byte[] nameB;

        private Armed(OwnedFd a, OwnedFd b, byte[] nameA, byte[] nameB) {
            this.a = a;
            this.b = b;
            this.nameA = nameA;
            this.nameB = nameB;
        }

        /** One exchange. */
        public void step() throws SyscallException {
            Sys.renameat2(a.get(), nameA, b.get(), nameB, Linux.RENAME_EXCHANGE);
        }

        @Override
        public void close() {
            b.close();
            a.close();
        }
    }
}
