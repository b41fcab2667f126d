package dev.beneath.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beneath.sftp.SftpOperation;
import dev.beneath.sftp.SftpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code beneath sftp-server}: serves a directory over SFTP, each session confined to it by a
 * beneath file system, until interrupted (Ctrl-C or SIGTERM stop it cleanly: every session is
 * ended and its files closed).
 */
@Command(name = "sftp-server",
        description = {"Serve a directory over SFTP: every session works in a file system whose / is DIR,",
                "so no path, symlink or concurrent rename leads it outside. Public-key login only;",
                "any user name whose key is in the authorized_keys file. Stop it with Ctrl-C."},
        footer = {"", "Prints 'listening on ADDRESS:PORT' once it serves, 'stopped' when it stops (with",
                "--json-log, one JSON object per line: these two events and one per file operation).",
                "Exit codes: 0 stopped cleanly, 1 the server could not start, 2 usage error."})
final class SftpServerCommand extends CommandBase {

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The directory to serve.")
    Path root;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "2222",
            description = "The port to listen on, 0 for any free one (default 2222).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--authorized-keys", required = true, paramLabel = "FILE",
            description = "OpenSSH authorized_keys file: the keys that may log in (re-read when it changes).")
    Path authorizedKeys;

    @Option(names = "--host-key", paramLabel = "FILE",
            description = "The host key: read, or generated and kept there if absent. Without it, a new key "
                    + "is made at every start.")
    Path hostKey;

    @Option(names = "--read-only", description = "Refuse every change (permission denied).")
    boolean readOnly;

    @Option(names = "--json-log", description = "Log one JSON object per operation on standard output: "
            + "user, operation, in-root path, result, errno.")
    boolean jsonLog;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "0",
            description = "At most N sessions at once (default: no limit).")
    int maxSessions;

    @Option(names = "--idle-timeout", paramLabel = "TIME",
            description = "Close a session idle this long: 30s, 10m, 1h (default 10m).")
    String idleTimeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SftpServer.Builder builder = builder();
        if (!Files.isDirectory(root)) {
            return fail(Failure.of(root.toString(), "ENOTDIR", "Not a directory"));
        }
        if (jsonLog) {
            builder.operationLog(jsonLines(out));
        }
        SftpServer server;
        try {
            server = builder.start();
        } catch (IOException e) {
            warn("sftp-server: cannot start: " + e.getMessage());
            return Main.FAILED;
        }
        String where = server.address().getHostString() + ":" + server.port();
        Thread stopper = Thread.ofPlatform().unstarted(() -> {
            try {
                server.close();
            } catch (IOException e) {
                warn("sftp-server: " + e.getMessage());
            }
            event(out, "stopped", "stopped (was listening on " + where + ")", server);
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        event(out, "listening", "listening on " + where + " serving " + root + " (host key "
                + server.hostKeyFingerprint() + (readOnly ? ", read-only" : "") + ")", server);
        server.awaitClose();
        return Main.OK;
    }

    private SftpServer.Builder builder() {
        SftpServer.Builder b = SftpServer.builder(root).bind(bind).authorizedKeys(authorizedKeys).readOnly(readOnly);
        try {
            b.port(port).maxSessions(maxSessions);
            if (idleTimeout != null) {
                b.idleTimeout(Durations.parse(idleTimeout));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (hostKey != null) {
            b.hostKey(hostKey);
        }
        return b;
    }

    private void event(PrintWriter out, String event, String text, SftpServer server) {
        synchronized (out) {
            if (jsonLog) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("event", event);
                o.put("address", server.address().getHostString());
                o.put("port", server.port());
                o.put("hostKey", server.hostKeyFingerprint());
                new JsonLines(out).write(o);
            } else {
                out.println(text);
                out.flush();
            }
        }
    }

    private static Consumer<SftpOperation> jsonLines(PrintWriter out) {
        JsonLines lines = new JsonLines(out);
        return op -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("user", op.user());
            o.put("operation", op.operation());
            o.put("path", op.path());
            if (op.target() != null) {
                o.put("target", op.target());
            }
            o.put("result", op.result());
            o.put("errno", op.errno());
            synchronized (out) {
                lines.write(o);
            }
        };
    }
}
