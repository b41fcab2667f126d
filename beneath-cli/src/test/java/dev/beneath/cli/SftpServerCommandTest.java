package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
        JsonNode listening = JSON.readTree(first.await(l -> l.contains("\"listening\"")));
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
        first.await(l -> l.contains("\"mkdir\""));
        List<JsonNode> ops = new ArrayList<>();
        for (String line : first.lines()) {
            ops.add(JSON.readTree(line));
        }
        assertTrue(ops.stream().anyMatch(o -> o.path("user").asText().equals("alice")
                && o.path("operation").asText().equals("open") && o.path("path").asText().equals("/hello.txt")
                && o.path("result").asText().equals("ok")), ops.toString());
        assertFalse(ops.toString().contains(tmp.toString()), "a host path in the log: " + ops);

        first.process.destroy(); // SIGTERM
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop");
        first.await(l -> l.contains("\"event\":\"stopped\""));

        // the host key was kept: a second start presents the same one
        Server second = Server.start(List.of("--root", root.toString(), "--port", "0", "--authorized-keys",
                authorized.toString(), "--host-key", hostKey.toString()));
        String text = second.await(l -> l.startsWith("listening"));
        assertTrue(text.startsWith("listening on 127.0.0.1:"), text);
        assertTrue(text.contains(listening.get("hostKey").asText()), text + " vs " + listening);
        second.process.destroy();
        assertTrue(second.process.waitFor(30, TimeUnit.SECONDS), "the server did not stop");
        second.await(l -> l.startsWith("stopped"));
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

    /** The command in a JVM of its own, its standard output and error in files. */
    private record Server(Process process, Path out, Path err) {
        static Server start(List<String> args) throws Exception {
            Path out = Files.createTempFile("sftp-server", ".out");
            Path err = Files.createTempFile("sftp-server", ".err");
            String java = System.getenv("BENEATH_JAVA");
            List<String> cmd = new ArrayList<>(List.of(java != null ? java : "java",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "sftp-server"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Server(p, out, err);
        }

        /** The lines printed so far. */
        List<String> lines() throws java.io.IOException {
            return Files.readAllLines(out, UTF_8);
        }

        /** Waits (at most a minute) until a printed line passes {@code test}, and returns it. */
        String await(java.util.function.Predicate<String> test) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                for (String line : lines()) {
                    if (test.test(line)) {
                        return line;
                    }
                }
                Thread.sleep(50); // the server writes its output on its own time
            }
            throw new AssertionError("no such line; output:\n" + String.join("\n", lines()) + "\nstderr:\n"
                    + Files.readString(err));
        }
    }
}
