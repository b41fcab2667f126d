package dev.beneath.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker thread exchanges a directory of the served tree with a symlink to a directory
 * outside it ({@code renameat2(RENAME_EXCHANGE)}, in a tight loop) while a client reads and
 * writes through the directory's name; at the same time another session, the OpenSSH client,
 * transfers files elsewhere in the tree. Nothing outside may be read (no read returns the
 * outside file's content) or written (census), and the other session's transfer completes.
 */
class SwapRaceTest {
    @TempDir
    Path tmp;

    @AutoClose
    Served served;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OpenSsh.available(), "the OpenSSH client (sftp, ssh-keygen) is not installed");
        served = new Served(tmp, b -> b);
    }


    @Test
    void noEscapeWhileDirectoriesAreSwapped() throws Exception {
        // d/sub/file inside; link -> the host's outside/ (absolute), and a decoy where the
        // link leads when taken inside the root, so both states of d resolve honestly
        new Tree(served.root).file("d/sub/file", "inside\n").symlink("link", served.host.resolve("outside").toString())
                .file(served.host.resolve("outside/sub/file").toString().substring(1), "decoy\n");
        Map<String, String> before = served.outside();
        byte[] bulk = OpenSshClientTest.randomBytes(16 << 20, 5);
        Files.write(served.local.resolve("bulk.bin"), bulk);
        CompletableFuture<OpenSsh.Run> other = CompletableFuture.supplyAsync(() -> served.sftp("""
                mkdir steady
                put bulk.bin steady/bulk.bin
                get steady/bulk.bin back.bin
                put bulk.bin steady/again.bin
                """), r -> Thread.ofVirtual().start(r));
        byte[] d = "d".getBytes(UTF_8);
        byte[] link = "link".getBytes(UTF_8);
        try (OwnedFd parent = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, served.root.toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
             SftpClient sftp = served.sftpClient("mallory")) {
            int[] round = {0};
            Race.Result r = Race.run("sftp swap", Race.rounds(400), Race.cap(),
                    () -> Sys.renameat2(parent.get(), d, parent.get(), link, Linux.RENAME_EXCHANGE),
                    () -> attempt(sftp, round[0]++));
            assertTrue(r.exchanges() > 0, r.summary());
            assertEquals(0, r.violations(), r.summary() + "\nfirst violations: " + r.firstViolations());
            assertTrue(r.count("read inside") > 0 || r.count("read decoy") > 0, r.summary());
        }
        OpenSsh.Run run = other.get(2, TimeUnit.MINUTES);
        assertEquals(0, run.exit(), run::toString);
        assertArrayEquals(bulk, Files.readAllBytes(served.local.resolve("back.bin")));
        assertArrayEquals(bulk, Files.readAllBytes(served.root.resolve("steady/again.bin")));
        assertEquals(before, served.outside(), "something outside the served directory changed");
    }

    private static Race.Outcome attempt(SftpClient sftp, int round) throws IOException {
        String read;
        try (InputStream in = sftp.read("/d/sub/file")) {
            read = new String(in.readAllBytes(), UTF_8);
        } catch (SftpException e) {
            read = null;
        }
        try (OutputStream out = sftp.write("/d/sub/new-" + round)) {
            out.write("written\n".getBytes(UTF_8));
        } catch (SftpException e) {
            // the directory was swapped away mid-walk: an error is honest
        }
        if (read == null) {
            return Race.Outcome.ok("read failed");
        }
        return switch (read) {
            case "inside\n" -> Race.Outcome.ok("read inside");
            case "decoy\n" -> Race.Outcome.ok("read decoy");
            default -> Race.Outcome.violation("read outside", read);
        };
    }
}
