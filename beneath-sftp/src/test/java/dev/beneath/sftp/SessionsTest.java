package dev.beneath.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.testkit.FdSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions are independent and leave nothing behind: every descriptor a session opened is
 * closed when it ends, however it ends; malformed packets end in an error status or a closed
 * session while the others go on; the session limit, the idle timeout and the operation log.
 */
class SessionsTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    @AutoClose
    Served served;

    @BeforeEach
    void check() {
        assumeTrue(OpenSsh.available(), "the OpenSSH client (sftp, ssh-keygen) is not installed");
    }


    /** Waits (bounded) until no descriptor opened since {@code before} is left, and says what is. */
    private static Map<Integer, String> leftSince(FdSnapshot before) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<Integer, String> left;
        do {
            left = FdSnapshot.take().newSince(before);
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(50); // the server closes a session's resources on its own threads
        } while (System.nanoTime() < deadline);
        return left;
    }

    @Test
    void everyDescriptorOfASessionIsClosedWhenItEnds() throws Exception {
        served = new Served(tmp, b -> b);
        Files.writeString(served.root.resolve("a"), "a\n");
        Files.createDirectories(served.root.resolve("d"));
        try (SftpClient warmUp = served.sftpClient("alice")) {
            warmUp.stat("/a"); // the client's own threads and selectors, made once
        }
        assertEquals(0, served.sftp("ls\n").exit());
        FdSnapshot before = FdSnapshot.take();
        String rootPath = served.root.toRealPath().toString();

        SftpClient sftp = served.sftpClient("alice");
        SftpClient.CloseableHandle read = sftp.open("/a", SftpClient.OpenMode.Read);
        SftpClient.CloseableHandle write = sftp.open("/b", EnumSet.of(SftpClient.OpenMode.Write,
                SftpClient.OpenMode.Create));
        sftp.write(write, 0, "b\n".getBytes(UTF_8));
        SftpClient.CloseableHandle dir = sftp.openDir("/d");
        assertNotNull(read);
        assertNotNull(dir);
        Map<Integer, String> during = FdSnapshot.take().newSince(before);
        assertTrue(during.values().stream().anyMatch(t -> t.equals(rootPath)),
                "the session's file system holds a descriptor on the root: " + during);
        assertTrue(during.values().stream().anyMatch(t -> t.equals(rootPath + "/a")), during.toString());
        // the session ends with its handles still open
        sftp.getClientSession().close(true);
        sftp.close();
        assertEquals(Map.of(), leftSince(before), "descriptors left open by an abandoned session");

        OpenSsh.Run r = served.sftp("put " + served.local.resolve("..").relativize(served.local) + "/../local/../local\nls -l\n");
        assertTrue(r.exit() == 0 || r.exit() == 1, r::toString);
        assertEquals(Map.of(), leftSince(before), "descriptors left open by an OpenSSH session");
    }

    @Test
    void malformedPacketsEndInAnErrorOrAClosedSessionWhileOthersGoOn() throws Exception {
        served = new Served(tmp, b -> b);
        byte[] content = OpenSshClientTest.randomBytes(8 << 20, 3);
        try (SftpClient steady = served.sftpClient("alice")) {
            CompletableFuture<Void> transfer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 4; i++) {
                        try (OutputStream out = steady.write("/steady-" + i)) {
                            out.write(content);
                        }
                        try (InputStream in = steady.read("/steady-" + i)) {
                            assertArrayEquals(content, in.readAllBytes());
                        }
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            List<byte[]> attacks = List.of(
                    packet(SftpConstants.SSH_FXP_STAT, 1, ByteBuffer.allocate(4).putInt(0x7fffffff).array()),
                    rawLength(0xffffffff, new byte[] {17, 0, 0, 0, 1}),
                    rawLength(0x80000000, new byte[] {17}),
                    rawLength(1, new byte[] {(byte) SftpConstants.SSH_FXP_STAT}),
                    packet(SftpConstants.SSH_FXP_EXTENDED, 7, new byte[0]), // no extension name
                    packet(99, 8, new byte[0]), // no such request type
                    packet(SftpConstants.SSH_FXP_STAT, 9, string("/fi\0le")),
                    packet(SftpConstants.SSH_FXP_OPEN, 10, concat(string("/x"), new byte[] {0, 0, 0, 0x1a})),
                    packet(SftpConstants.SSH_FXP_READ, 11, concat(string("no-such-handle"), new byte[16])),
                    packet(SftpConstants.SSH_FXP_SYMLINK, 12, concat(string("/"), new byte[] {(byte) 0xff, 0, 0, 0})));
            for (byte[] attack : attacks) {
                long t0 = System.nanoTime();
                String outcome = rawSession(attack);
                System.out.println("[malformed] " + java.util.HexFormat.of().formatHex(attack) + " -> " + outcome
                        + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertTrue(outcome.startsWith("status ") || outcome.equals("closed") || outcome.equals("ended"), outcome);
                assertFalse(outcome.equals("status SSH_FX_OK"), outcome);
                if (attack[4] == 99) {
                    assertEquals("status SSH_FX_OP_UNSUPPORTED", outcome, "an unknown request type");
                }
                if (attack[4] == SftpConstants.SSH_FXP_READ) {
                    assertEquals("status SSH_FX_FAILURE", outcome, "a handle never opened, as OpenSSH answers");
                }
            }
            transfer.get(2, TimeUnit.MINUTES);
        }
        OpenSsh.Run r = served.sftp("ls -l\n");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("steady-3"), r::toString);
    }

    /** Sends INIT and then {@code attack} on a channel of its own; says how the server answered. */
    private String rawSession(byte[] attack) throws Exception {
        try (ClientSession s = served.session("mallory"); ChannelSubsystem ch = s.createSubsystemChannel("sftp")) {
            ch.open().verify(Duration.ofSeconds(20));
            OutputStream in = ch.getInvertedIn();
            DataInputStream out = new DataInputStream(ch.getInvertedOut());
            in.write(ByteBuffer.allocate(9).putInt(5).put((byte) SftpConstants.SSH_FXP_INIT).putInt(3).array());
            in.flush();
            byte[] version = reply(out);
            assertTrue(version != null && version.length > 0, "no version reply");
            assertEquals(SftpConstants.SSH_FXP_VERSION, version[0]);
            in.write(attack);
            in.flush();
            byte[] answer;
            try {
                answer = reply(out);
            } catch (IOException e) {
                return "closed";
            }
            if (answer == null) {
                return "closed";
            }
            if (answer == SILENT) {
                // the subsystem ended and said so with its exit status, though MINA keeps the channel
                return ch.getExitStatus() != null ? "ended" : "no answer";
            }
            if (answer[0] != SftpConstants.SSH_FXP_STATUS) {
                return "answer type " + answer[0];
            }
            return "status " + SftpConstants.getStatusName(ByteBuffer.wrap(answer, 5, 4).getInt());
        }
    }

    private static final byte[] SILENT = new byte[0];

    /** One reply packet (type byte first), null at end of stream, {@link #SILENT} after 5 s of silence. */
    private static byte[] reply(DataInputStream out) throws Exception {
        CompletableFuture<byte[]> f = CompletableFuture.supplyAsync(() -> {
            try {
                int len = out.readInt();
                if (len < 1 || len > (1 << 20)) {
                    throw new IOException("reply length " + len);
                }
                return out.readNBytes(len);
            } catch (java.io.EOFException e) {
                return null;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return SILENT;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private static byte[] packet(int type, int id, byte[] body) {
        return ByteBuffer.allocate(4 + 1 + 4 + body.length).putInt(1 + 4 + body.length).put((byte) type).putInt(id)
                .put(body).array();
    }

    private static byte[] rawLength(int length, byte[] rest) {
        return ByteBuffer.allocate(4 + rest.length).putInt(length).put(rest).array();
    }

    private static byte[] string(String s) {
        byte[] b = s.getBytes(UTF_8);
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }

    @Test
    void sessionLimitRefusesTheOneTooManyAndNotTheOthers() throws Exception {
        served = new Served(tmp, b -> b.maxSessions(2));
        try (SftpClient one = served.sftpClient("alice"); SftpClient two = served.sftpClient("bob")) {
            OpenSsh.Run third = served.sftp("ls\n");
            assertTrue(third.exit() != 0, third::toString);
            assertThrows(IOException.class, () -> served.sftpClient("carol").close());
            one.mkdir("/one");
            two.mkdir("/two");
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        OpenSsh.Run later;
        do {
            later = served.sftp("ls\n"); // the two sessions' ends are counted on the server's threads
        } while (later.exit() != 0 && System.nanoTime() < deadline);
        assertEquals(0, later.exit(), later::toString);
        assertTrue(later.out().contains("one") && later.out().contains("two"), later::toString);
    }

    @Test
    void idleSessionsAreClosed() throws Exception {
        served = new Served(tmp, b -> b.idleTimeout(Duration.ofSeconds(2)));
        try (SftpClient idle = served.sftpClient("alice")) {
            idle.stat("/");
            ClientSession session = idle.getClientSession();
            var events = session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), Duration.ofSeconds(30));
            assertTrue(events.contains(ClientSession.ClientSessionEvent.CLOSED), "the idle session is still open: " + events);
        }
    }

    @Test
    void operationLogNamesInRootPathsOnly() throws Exception {
        List<SftpOperation> log = new CopyOnWriteArrayList<>();
        served = new Served(tmp, b -> b.operationLog(log::add));
        Files.writeString(served.local.resolve("up.txt"), "up\n");
        OpenSsh.Run r = served.sftp("""
                mkdir d
                put up.txt d/up.txt
                rename d/up.txt d/moved.txt
                ln -s moved.txt d/link
                chmod 600 d/moved.txt
                -get missing
                -rmdir d
                rm d/link
                ls d
                """);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = log.stream().map(o -> o.user() + " " + o.operation() + " " + o.path()
                + (o.target() == null ? "" : " -> " + o.target()) + " " + o.result()
                + (o.errno() == null ? "" : " " + o.errno())).toList();
        String all = String.join("\n", lines);
        for (String expected : List.of(
                "alice mkdir /d ok",
                "alice open /d/up.txt ok",
                "alice close /d/up.txt ok",
                "alice rename /d/up.txt -> /d/moved.txt ok",
                "alice symlink /d/link -> moved.txt ok",
                "alice setstat /d/moved.txt ok",
                "alice rmdir /d error ENOTEMPTY",
                "alice remove /d/link ok",
                "alice opendir /d ok")) {
            assertTrue(lines.contains(expected), () -> "missing '" + expected + "' in\n" + all);
        }
        assertFalse(all.contains(served.host.toString()), all);
    }
}
