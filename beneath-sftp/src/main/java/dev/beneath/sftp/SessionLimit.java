package dev.beneath.sftp;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * At most {@code max} sessions at once, counted from the connection on: a session beyond the
 * limit is disconnected with "too many connections" before it authenticates, and the ones
 * already running are not disturbed.
 */
final class SessionLimit implements SessionListener {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    SessionLimit(int max) {
        this.max = max;
    }

    @Override
    public void sessionCreated(Session session) {
        if (open.incrementAndGet() > max) {
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS,
                        "too many sessions (at most " + max + ")");
            } catch (java.io.IOException e) {
                session.close(true);
            }
        }
    }

    @Override
    public void sessionClosed(Session session) {
        open.decrementAndGet();
    }
}
