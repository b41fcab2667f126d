package dev.beneath.internal.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared procfs handle is opened at first use; a first use that fails (descriptors
 * exhausted) is a typed error for that caller only, and a later use opens it.
 */
class ProcFsLazyTest {

    @Test
    void aFailedFirstOpenIsReportedAndTriedAgain() throws Exception {
        ProcFs.Lazy lazy = new ProcFs.Lazy(ProcFs::openBest);
        List<Integer> hog = new ArrayList<>();
        SyscallException first;
        try {
            // every descriptor this process may have is taken
            while (true) {
                try {
                    hog.add(Sys.openat(Linux.AT_FDCWD, new byte[] {'/'}, Linux.O_PATH | Linux.O_CLOEXEC, 0));
                } catch (SyscallException e) {
                    assertEquals(ErrnoNames.EMFILE, e.errno(), e.toString());
                    break;
                }
            }
            first = assertThrows(SyscallException.class, lazy::get);
        } finally {
            hog.forEach(Sys::close);
        }
        assertEquals(ErrnoNames.EMFILE, first.errno(), first.toString());
        ProcFs opened = lazy.get();
        assertSame(opened, lazy.get());
        opened.close();
    }

    @Test
    void theSharedHandleFailsWithATypedError() {
        int[] calls = {0};
        ProcFs.Lazy lazy = new ProcFs.Lazy(() -> {
            calls[0]++;
            throw new SyscallException(ErrnoNames.EMFILE, "procfs");
        });
        assertEquals(ErrnoNames.EMFILE, assertThrows(SyscallException.class, lazy::get).errno());
        assertEquals(ErrnoNames.EMFILE, assertThrows(SyscallException.class, lazy::get).errno());
        assertEquals(2, calls[0], "every use tries again");
    }
}
