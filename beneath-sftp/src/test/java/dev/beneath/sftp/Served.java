package dev.beneath.sftp;

import dev.beneath.testkit.Census;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;

/**
 * A test layout and a server on it. Under {@code base}: {@code host/} stands for everything
 * outside the served directory (it holds {@code secret}, a file no session may read, and
 * {@code outside/}, a directory no session may change) and {@code host/root/}, the served
 * directory; {@code keys/} holds the clients' keys; {@code local/} is the OpenSSH client's
 * working directory.
 */
final class Served implements AutoCloseable {
    static final String SECRET = "the host's secret, never to be served\n";

    final Path base;
    final Path host;
    final Path root;
    final Path local;
    final OpenSsh openSsh;
    final KeyPair minaKey;
    final SftpServer server;
    private SshClient client;

    Served(Path base, UnaryOperator<SftpServer.Builder> configure) throws Exception {
        this(base, Served::beneath, configure);
    }

    Served(Path base, java.util.function.Function<Path, FileSystemFactory> fileSystems,
           UnaryOperator<SftpServer.Builder> configure) throws Exception {
        this.base = base;
        this.host = Files.createDirectories(base.resolve("host"));
        this.root = Files.createDirectories(host.resolve("root"));
        this.local = Files.createDirectories(base.resolve("local"));
        Files.writeString(host.resolve("secret"), SECRET);
        Files.createDirectories(host.resolve("outside/sub"));
        Files.writeString(host.resolve("outside/sub/file"), SECRET);
        this.openSsh = new OpenSsh(base.resolve("keys"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        this.minaKey = g.generateKeyPair();
        Path authorized = openSsh.authorizedKeys();
        Files.writeString(authorized, PublicKeyEntry.toString(minaKey.getPublic()) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        SftpServer.Builder b = SftpServer.builder(fileSystems.apply(root)).port(0).authorizedKeys(authorized);
        this.server = configure.apply(b).start();
    }

    /** The factory every test uses unless it compares file systems. */
    static FileSystemFactory beneath(Path root) {
        return new BeneathFileSystemFactory(root);
    }

    /** {@code sftp -b} as user {@code alice}, bounded to a minute. */
    OpenSsh.Run sftp(String batch) {
        return openSsh.sftp(server.port(), "alice", local, batch, 60);
    }

    /** A census of everything outside the served directory. */
    Map<String, String> outside() {
        Map<String, String> all = new TreeMap<>(Census.of(host).entries());
        all.keySet().removeIf(k -> k.equals("root") || k.startsWith("root/"));
        // the served directory's own entry changes whenever its contents do
        return all;
    }

    /** A MINA client session as {@code user}, authenticated with this layout's Java key. */
    ClientSession session(String user) throws IOException {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
        }
        ClientSession s = client.connect(user, "127.0.0.1", server.port()).verify(Duration.ofSeconds(20)).getSession();
        s.addPublicKeyIdentity(minaKey);
        s.auth().verify(Duration.ofSeconds(20));
        return s;
    }

    /** An SFTP client on a new session as {@code user}; closing it closes the session. */
    SftpClient sftpClient(String user) throws IOException {
        return sftpClient(user, SftpVersionSelector.CURRENT);
    }

    /** The same, speaking the protocol version {@code versions} picks. */
    SftpClient sftpClient(String user, SftpVersionSelector versions) throws IOException {
        ClientSession s = session(user);
        return SftpClientFactory.instance().createSftpClient(s, versions).singleSessionInstance();
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.stop();
            }
        } finally {
            server.close();
        }
    }
}
