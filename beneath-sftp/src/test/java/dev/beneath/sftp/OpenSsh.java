package dev.beneath.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH client ({@code sftp}, {@code ssh-keygen}) driven in batch mode against a
 * server on 127.0.0.1: a key pair and an empty known_hosts file of its own, no user or system
 * configuration, no agent.
 */
final class OpenSsh {
    /** What one {@code sftp -b} run printed and how it ended. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path dir;
    private final Path key;
    private final Path knownHosts;

    /** Makes a client key pair in {@code dir} (ECDSA P-256) and an empty known_hosts beside it. */
    OpenSsh(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.key = dir.resolve("id_ecdsa");
        this.knownHosts = dir.resolve("known_hosts");
        Files.createDirectories(dir);
        Files.createFile(knownHosts);
        Run r = run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test", "-f",
                key.toString()), "", dir, 30);
        if (r.exit() != 0) {
            throw new IOException("ssh-keygen failed: " + r);
        }
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/sftp")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
    }

    /** The public key, one authorized_keys line. */
    String publicKey() throws IOException {
        return Files.readString(Path.of(key + ".pub"), UTF_8);
    }

    /** Writes an authorized_keys file holding this client's key, and returns it. */
    Path authorizedKeys() throws IOException {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, publicKey(), UTF_8);
        return file;
    }

    /**
     * Runs {@code sftp -b -} with {@code batch} on its standard input, as {@code user}, with
     * {@code local} as the working directory, bounded to {@code seconds}.
     */
    Run sftp(int port, String user, Path local, String batch, int seconds) {
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", "-", "-F", "/dev/null", "-i", key.toString(),
                "-P", Integer.toString(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20",
                user + "@127.0.0.1"));
        try {
            return run(cmd, batch, local, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Run run(List<String> cmd, String stdin, Path cwd, int seconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(UTF_8));
        } catch (IOException e) {
            // the client may exit before reading all of its batch
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Run(-1, out.join(), err.join() + "\n(killed after " + seconds + " s)");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), UTF_8);
            } catch (IOException e) {
                return "(" + e + ")";
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
