package dev.beneath.sftp;

import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * Reports every operation that opens, closes or changes something, once it is done, as an
 * {@link SftpOperation}. Reads and writes inside an open file are not reported one by one (a
 * large transfer is thousands of them): its {@code open} and {@code close} are.
 *
 * <p>Paths come from the session's file system, whose {@code toString} is the in-root path.
 * A sink that throws is the sink's problem: the operation's outcome does not change.
 */
final class OperationLog implements SftpEventListener {
    private final Consumer<? super SftpOperation> sink;

    OperationLog(Consumer<? super SftpOperation> sink) {
        this.sink = sink;
    }

    private void report(ServerSession session, String operation, Path path, Object target, Throwable thrown) {
        String user = session.getUsername() == null ? "" : session.getUsername();
        SftpOperation op = new SftpOperation(user, operation, String.valueOf(path),
                target == null ? null : target.toString(), thrown == null, Errnos.of(thrown));
        try {
            sink.accept(op);
        } catch (RuntimeException e) {
            // the log must never decide an operation's outcome
        }
    }

    private static String openName(Handle handle) {
        return handle instanceof DirectoryHandle ? "opendir" : "open";
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        report(session, openName(localHandle), localHandle.getFile(), null, null);
    }

    @Override
    public void openFailed(ServerSession session, String remotePath, Path localPath, boolean isDirectory,
                           Throwable thrown) {
        report(session, isDirectory ? "opendir" : "open", localPath, null, thrown);
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
        report(session, localHandle instanceof DirectoryHandle ? "closedir" : "close", localHandle.getFile(),
                null, thrown);
    }

    @Override
    public void created(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        report(session, "mkdir", path, null, thrown);
    }

    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
                      Throwable thrown) {
        report(session, "rename", srcPath, dstPath, thrown);
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
        report(session, isDirectory ? "rmdir" : "remove", path, null, thrown);
    }

    @Override
    public void linked(ServerSession session, Path source, Path target, boolean symLink, Throwable thrown) {
        report(session, symLink ? "symlink" : "link", source, target, thrown);
    }

    @Override
    public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        report(session, "setstat", path, null, thrown);
    }
}
