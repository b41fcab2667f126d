package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beneath sftp-server} as a process: it prints where it listens, serves, logs each
 * operation as JSON, keeps its host key, and stops cleanly on SIGTERM (what Ctrl-C's SIGINT
 * also does: the JVM runs the same shutdown hook).
 */
class SftpServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void servesLogsAndStopsCleanly() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Path authorized = tmp.resolve("authorized_keys");
        Files.writeString(authorized, PublicKeyEntry.toString(key.getPublic()) + "\n");
        Path hostKey = tmp.resolve("host_key");

        Server first = Server.start(List.of("--root", root.toString(), "--port", "0", "--authorized-keys",
                authorized.toString(), "--host-key", hostKey.toString(), "--json-log"));
        JsonNode listening = JSON.readTree(first.line());
        assertEquals("listening", listening.get("event").asText(), listening.toString());
        int port = listening.get("port").asInt();
        assertTrue(port > 0, listening.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hostKey)));

        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
            try (ClientSession session = client.connect("alice", "127.0.0.1", port).verify(Duration.ofSeconds(20))
                    .getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(Duration.ofSeconds(20));
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    try (OutputStream out = sftp.write("/hello.txt")) {
                        out.write("hello\n".getBytes(UTF_8));
                    }
                    sftp.mkdir("/dir");
                }
            }
        }
        assertEquals("hello\n", Files.readString(root.resolve("hello.txt")));
        List<JsonNode> ops = new ArrayList<>();
        while (ops.stream().noneMatch(o -> "mkdir".equals(o.path("operation").asText()))) {
            ops.add(JSON.readTree(first.line()));
        }
        assertTrue(ops.stream().anyMatch(o -> o.path("user").asText().equals("alice")
                && o.path("operation").asText().equals("open") && o.path("path").asText().equals("/hello.txt")
                && o.path("result").asText().equals("ok")), ops.toString());
        assertFalse(ops.toString().contains(tmp.toString()), "a host path in the log: " + ops);

        first.process.destroy(); // SIGTERM
        JsonNode stopped = JSON.readTree(first.line());
        assertEquals("stopped", stopped.get("event").asText(), stopped.toString());
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop");

        // the host key was kept: a second start presents the same one
        Server second = Server.start(List.of("--root", root.toString(), "--port", "0", "--authorized-keys",
                authorized.toString(), "--host-key", hostKey.toString()));
        String text = second.line();
        assertTrue(text.startsWith("listening on 127.0.0.1:"), text);
        assertTrue(text.contains(listening.get("hostKey").asText()), text + " vs " + listening);
        second.process.destroy();
        assertTrue(second.line().startsWith("stopped"), "no stop line");
        assertTrue(second.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop");
    }

    @Test
    void refusesWhatCannotWork() throws Exception {
        assertEquals(Main.USAGE, run("sftp-server", "--root", tmp.toString()), "no --authorized-keys");
        Path keys = Files.writeString(tmp.resolve("keys"), "");
        assertEquals(Main.FAILED, run("sftp-server", "--root", tmp.resolve("missing").toString(),
                "--authorized-keys", keys.toString(), "--port", "0"));
        assertEquals(Main.FAILED, run("sftp-server", "--root", tmp.toString(),
                "--authorized-keys", tmp.resolve("no-keys").toString(), "--port", "0"));
        assertEquals(Main.USAGE, run("sftp-server", "--root", tmp.toString(), "--authorized-keys", keys.toString(),
                "--idle-timeout", "soon"));
    }

    private static int run(String... args) {
        StringWriter err = new StringWriter();
        return Main.commandLine(new java.io.ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintWriter(err)).execute(args);
    }

    /** The command in a JVM of its own, its standard output read line by line. */
    private record Server(Process process, BufferedReader out) {
        static Server start(List<String> args) throws Exception {
            String java = System.getenv("BENEATH_JAVA");
            List<String> cmd = new ArrayList<>(List.of(java != null ? java : "java",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "sftp-server"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Server(p, new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8)));
        }

        /** The next line of output, waiting at most a minute. */
        String line() throws Exception {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }, r -> Thread.ofVirtual().start(r)).get(60, TimeUnit.SECONDS);
            assertNotNull(line, "the server's output ended");
            return line;
        }
    }
}
