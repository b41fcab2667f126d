package dev.beneath.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure gets the status OpenSSH's server sends for the same errno under protocol
 * version 3 (the one OpenSSH speaks), MINA's finer codes under version 6, and a message that
 * names the in-root path only.
 */
class StatusCodesTest {
    @TempDir
    Path tmp;

    @AutoClose
    Served served;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OpenSsh.available(), "the OpenSSH client (ssh-keygen) is not installed");
    }


    private Served serve(boolean readOnly) throws Exception {
        served = new Served(tmp, b -> b.readOnly(readOnly));
        new Tree(served.root).file("file", "content\n").file("full/inside", "x").dir("dir")
                .symlink("loop1", "loop2").symlink("loop2", "loop1");
        return served;
    }

    interface Call {
        void on(SftpClient sftp) throws IOException;
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("stat missing", (Call) s -> s.stat("/missing"), "/missing",
                        SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_FILE),
                Arguments.of("open missing", (Call) s -> s.open("/missing", SftpClient.OpenMode.Read).close(), "/missing",
                        SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_FILE),
                Arguments.of("mkdir existing", (Call) s -> s.mkdir("/dir"), "/dir",
                        SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_FILE_ALREADY_EXISTS),
                Arguments.of("rmdir non-empty", (Call) s -> s.rmdir("/full"), "/full",
                        SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_DIR_NOT_EMPTY),
                // MINA checks existence itself before a stat, and answers "no such file" in every version
                Arguments.of("file as a directory", (Call) s -> s.stat("/file/child"), "/file/child",
                        SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_FILE),
                Arguments.of("open under a file", (Call) s -> s.open("/file/child", SftpClient.OpenMode.Read).close(),
                        "/file/child", SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NOT_A_DIRECTORY),
                Arguments.of("symlink loop", (Call) s -> s.stat("/loop1"), "/loop1",
                        SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_LINK_LOOP),
                Arguments.of("create over existing", (Call) s -> s.open("/file", EnumSet.of(SftpClient.OpenMode.Write,
                        SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive)).close(), "/file",
                        SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_FILE_ALREADY_EXISTS),
                Arguments.of("rename onto a directory", (Call) s -> s.rename("/file", "/full"), null,
                        SftpConstants.SSH_FX_FAILURE, SftpConstants.SSH_FX_FILE_ALREADY_EXISTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failureStatusAndMessage(String name, Call call, String inRootPath, int v3, int v6) throws Exception {
        serve(false);
        for (int version : new int[] {3, 6}) {
            try (SftpClient sftp = served.sftpClient("alice", SftpVersionSelector.fixedVersionSelector(version))) {
                SftpException e = assertThrows(SftpException.class, () -> call.on(sftp), name);
                int expected = version == 3 ? v3 : v6;
                assertEquals(SftpConstants.getStatusName(expected), SftpConstants.getStatusName(e.getStatus()),
                        name + " under version " + version + ": " + e.getMessage());
                assertFalse(e.getMessage().contains(served.host.toString()), e.getMessage());
                if (inRootPath != null && version == 3) {
                    assertTrue(e.getMessage().startsWith(inRootPath + ": "), e.getMessage());
                }
            }
        }
    }

    @Test
    void nulInPathIsAnErrorAndTheSessionGoesOn() throws Exception {
        serve(false);
        try (SftpClient sftp = served.sftpClient("alice", SftpVersionSelector.fixedVersionSelector(3))) {
            assertThrows(SftpException.class, () -> sftp.stat("/fi\0le"));
            assertThrows(SftpException.class, () -> sftp.mkdir("/new\0dir"));
            assertThrows(SftpException.class, () -> sftp.open("/x\0y", EnumSet.of(SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create)).close());
            assertEquals(8, sftp.stat("/file").getSize(), "the session still serves");
        }
        try (Stream<Path> all = Files.list(served.root)) {
            assertEquals(List.of("dir", "file", "full", "loop1", "loop2"),
                    all.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void readOnlyRefusesEveryChange() throws Exception {
        serve(true);
        Census before = Census.of(served.root);
        List<Call> changes = List.of(
                s -> s.mkdir("/new"),
                s -> s.rmdir("/dir"),
                s -> s.remove("/file"),
                s -> s.rename("/file", "/renamed"),
                s -> s.symLink("/link", "/file"),
                s -> s.link("/file", "/hard", s.getVersion() < 6), // version 3 has hard links only by extension
                s -> s.setStat("/file", new SftpClient.Attributes().perms(0777)),
                s -> s.open("/file", SftpClient.OpenMode.Write).close(),
                s -> s.open("/created", EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create)).close(),
                s -> s.open("/file", EnumSet.of(SftpClient.OpenMode.Read, SftpClient.OpenMode.Truncate)).close());
        for (int version : new int[] {3, 6}) {
            try (SftpClient sftp = served.sftpClient("alice", SftpVersionSelector.fixedVersionSelector(version))) {
                for (Call change : changes) {
                    SftpException e = assertThrows(SftpException.class, () -> change.on(sftp));
                    assertEquals("SSH_FX_PERMISSION_DENIED", SftpConstants.getStatusName(e.getStatus()),
                            e.getMessage());
                }
                try (var in = sftp.read("/file")) {
                    assertEquals("content\n", new String(in.readAllBytes()));
                }
            }
        }
        assertEquals(before, Census.of(served.root), "a read-only server changed the tree");
        Files.writeString(served.local.resolve("up"), "up\n");
        OpenSsh.Run r = served.sftp("put up\n");
        assertTrue(r.exit() != 0 && r.err().contains("Permission denied"), r::toString);
        OpenSsh.Run get = served.sftp("get file\n");
        assertEquals(0, get.exit(), get::toString);
    }
}
