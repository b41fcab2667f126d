package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Magic links under a procfs inside the root are refused by both backends alike, whatever the
 * kind of descriptor behind them.
 */
class MagicLinkParityTest {
    @TempDir
    Path tmp;

    /**
     * Some anonymous inodes read back without brackets ({@code anon_inode:inotify}); the
     * emulated walk must still refuse their fd links as openat2 does ({@code ELOOP}), not
     * follow the text as a relative link ({@code ENOENT}).
     */
    @Test
    @SuppressWarnings("try") // the watch service only holds an inotify descriptor open
    void anInotifyDescriptorLinkIsELOOPOnBothBackends() throws IOException {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        Tree tree = new Tree(tmp).dir("r/proc");
        byte[] target = tree.path("r/proc").toString().getBytes(UTF_8);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) { // holds an inotify descriptor
            int inotify = findFd("anon_inode:inotify");
            Sys.mount("proc", target, "proc", Linux.MS_NOSUID | Linux.MS_NODEV, null);
            try {
                Map<Backend, String> got = new TreeMap<>();
                for (Backend backend : new Backend[] {Backend.OPENAT2, Backend.EMULATED}) {
                    try (Root root = Root.open(tree.path("r"), backend);
                         Handle h = root.resolve("proc/self/fd/" + inotify)) {
                        got.put(backend, "a handle of type " + h.type());
                    } catch (IOException e) {
                        got.put(backend, ((PathError) e).errno().name());
                    }
                }
                assertEquals(Map.of(Backend.OPENAT2, "ELOOP", Backend.EMULATED, "ELOOP"), got);
            } finally {
                Sys.umount2(target, Linux.MNT_DETACH);
            }
        } catch (dev.beneath.internal.sys.SyscallException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int findFd(String linkTarget) throws IOException {
        try (var s = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : s) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals(linkTarget)) {
                        return Integer.parseInt(p.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Assumptions.abort("no descriptor reads back as " + linkTarget);
        throw new AssertionError();
    }
}
