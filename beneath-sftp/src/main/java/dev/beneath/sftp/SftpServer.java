package dev.beneath.sftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.AbstractGeneratorHostKeyProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A running SFTP server whose sessions each work in a file system of their own, made by one
 * {@link FileSystemFactory}: with {@link #builder(Path)}, a beneath file system on the served
 * directory, so that no path, symlink or concurrent rename takes a session outside it.
 *
 * <pre>{@code
 * try (SftpServer server = SftpServer.builder(Path.of("/srv/drop"))
 *         .authorizedKeys(Path.of("/etc/drop/authorized_keys"))
 *         .hostKey(Path.of("/etc/drop/host_key"))
 *         .port(2222)
 *         .start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>What it offers: SFTP only (no shell, no command execution, no forwarding), public-key
 * authentication against an OpenSSH {@code authorized_keys} file (re-read when it changes),
 * any user name. Every handle a session opened is closed, and its file system with it, when
 * the session ends.
 */
public final class SftpServer implements AutoCloseable {
    private final SshServer sshd;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final InetSocketAddress address;
    private final String fingerprint;

    private SftpServer(SshServer sshd, InetSocketAddress address, String fingerprint) {
        this.sshd = sshd;
        this.address = address;
        this.fingerprint = fingerprint;
    }

    /**
     * A server whose sessions each get a beneath file system on {@code directory}.
     *
     * @param directory the served directory, {@code /} for every session (the path itself is
     *                  trusted: it is opened once per session, symlinks in it followed)
     * @return a builder; nothing listens before {@link Builder#start()}
     */
    public static Builder builder(Path directory) {
        return new Builder(new BeneathFileSystemFactory(directory));
    }

    /**
     * A server whose sessions get their file systems from {@code fileSystems}: for comparisons
     * with other file systems, or a beneath factory with other options.
     *
     * @param fileSystems makes each session's file system; the session closes it when it ends
     * @return a builder; nothing listens before {@link Builder#start()}
     */
    public static Builder builder(FileSystemFactory fileSystems) {
        return new Builder(Objects.requireNonNull(fileSystems, "fileSystems"));
    }

    /**
     * The address the server listens on.
     *
     * @return the bound address, with the actual port when port 0 was asked for
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port
     */
    public int port() {
        return address.getPort();
    }

    /**
     * The host key's fingerprint, as {@code ssh-keygen -l} shows it.
     *
     * @return for example {@code SHA256:...}
     */
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    /**
     * Waits until the server is closed (by {@link #close()} from another thread).
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops listening and ends every session at once; their handles and file systems are
     * closed. Closing again does nothing.
     *
     * @throws IOException the listener could not be closed cleanly
     */
    @Override
    public void close() throws IOException {
        try {
            sshd.stop(true);
        } finally {
            closed.countDown();
        }
    }

    /** How the server is to run. Nothing is opened before {@link #start()}. */
    public static final class Builder {
        private final FileSystemFactory fileSystems;
        private String host = "127.0.0.1";
        private int port = 2222;
        private Path authorizedKeys;
        private Path hostKey;
        private boolean readOnly;
        private Consumer<? super SftpOperation> operationLog;
        private int maxSessions;
        private Duration idleTimeout;

        private Builder(FileSystemFactory fileSystems) {
            this.fileSystems = fileSystems;
        }

        /**
         * The address to listen on.
         *
         * @param host an address or host name; {@code 127.0.0.1} unless told
         * @return this builder
         */
        public Builder bind(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port to listen on.
         *
         * @param port 1 to 65535, or 0 for any free port; 2222 unless told
         * @return this builder
         * @throws IllegalArgumentException the port is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The OpenSSH {@code authorized_keys} file whose keys may log in (required).
         *
         * @param file the file; re-read whenever it changes
         * @return this builder
         */
        public Builder authorizedKeys(Path file) {
            this.authorizedKeys = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Where the host key is kept: read if the file exists, otherwise generated (ECDSA P-256)
         * and written there, readable by its owner only. Without it, a key is generated for
         * this run only and clients see a new host key at every start.
         *
         * @param file the host key file (OpenSSH format)
         * @return this builder
         */
        public Builder hostKey(Path file) {
            this.hostKey = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Refuse every operation that would change the tree, with {@code SSH_FX_PERMISSION_DENIED}.
         *
         * @param readOnly whether the server is read-only; false unless told
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Receives one {@link SftpOperation} per operation, from the session's thread.
         *
         * @param sink the receiver; it should be quick and must be thread-safe
         * @return this builder
         */
        public Builder operationLog(Consumer<? super SftpOperation> sink) {
            this.operationLog = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * At most this many sessions at once; a connection beyond it is refused. Sessions
         * count from the connection on, authenticated or not (as OpenSSH's
         * {@code MaxStartups} counts), so unauthenticated connections can hold slots until
         * MINA's authentication timeout (2 minutes) ends them.
         *
         * @param max the limit, 0 for none (the default)
         * @return this builder
         * @throws IllegalArgumentException {@code max} is negative
         */
        public Builder maxSessions(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxSessions must not be negative: " + max);
            }
            this.maxSessions = max;
            return this;
        }

        /**
         * A session that exchanges nothing for this long is closed.
         *
         * @param timeout the idle time; MINA's default (10 minutes) unless told
         * @return this builder
         * @throws IllegalArgumentException {@code timeout} is not positive
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Starts listening.
         *
         * @return the running server; close it to stop
         * @throws IOException the authorized keys file is missing, the host key cannot be read
         *                     or written, or the address cannot be bound
         * @throws IllegalStateException no authorized keys file was given
         */
        public SftpServer start() throws IOException {
            if (authorizedKeys == null) {
                throw new IllegalStateException("an authorized_keys file is required");
            }
            if (!Files.isRegularFile(authorizedKeys)) {
                throw new NoSuchFileException(authorizedKeys.toString(), null, "authorized keys file not found");
            }
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost(host);
            sshd.setPort(port);
            AbstractGeneratorHostKeyProvider keys = hostKey == null ? new SimpleGeneratorHostKeyProvider()
                    : new SimpleGeneratorHostKeyProvider(hostKey);
            List<KeyPair> loaded = keys.loadKeys(null); // generates (and writes) the key now, not at the first client
            if (loaded.isEmpty()) {
                throw new IOException("no host key could be loaded or generated");
            }
            sshd.setKeyPairProvider(keys);
            sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
            sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
            sshd.setPasswordAuthenticator(null);
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setShellFactory(null);
            sshd.setCommandFactory(null);
            sshd.setFileSystemFactory(fileSystems);
            SftpSubsystemFactory subsystem = new ConfinedSftpSubsystem.Factory(readOnly);
            subsystem.setErrorStatusDataHandler(new StatusCodes());
            if (readOnly) {
                subsystem.setFileSystemAccessor(new ReadOnlyAccess());
            }
            if (operationLog != null) {
                subsystem.addSftpEventListener(new OperationLog(operationLog));
            }
            sshd.setSubsystemFactories(List.of(subsystem));
            if (maxSessions > 0) {
                sshd.addSessionListener(new SessionLimit(maxSessions));
            }
            if (idleTimeout != null) {
                CoreModuleProperties.IDLE_TIMEOUT.set(sshd, idleTimeout);
            }
            try {
                sshd.start();
            } catch (IOException | RuntimeException e) {
                sshd.stop(true); // a failed bind leaves the acceptor made before it
                throw e;
            }
            InetSocketAddress bound = null;
            for (SocketAddress a : sshd.getBoundAddresses()) {
                if (a instanceof InetSocketAddress i) {
                    bound = i;
                    break;
                }
            }
            if (bound == null) {
                sshd.stop(true);
                throw new IOException("the server is not bound to any address");
            }
            return new SftpServer(sshd, bound, KeyUtils.getFingerPrint(loaded.getFirst().getPublic()));
        }
    }
}
