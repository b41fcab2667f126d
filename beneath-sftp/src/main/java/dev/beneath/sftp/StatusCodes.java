package dev.beneath.sftp;

import java.nio.file.FileSystemException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * The status a failed request gets, and its message.
 *
 * <p>Version 3 of the protocol (the one OpenSSH speaks) has nine codes; a failure gets the one
 * OpenSSH's own server sends for the same errno: {@code ENOENT}, {@code ENOTDIR}, {@code EBADF}
 * and {@code ELOOP} are "no such file", {@code EPERM}, {@code EACCES} and {@code EFAULT}
 * "permission denied", {@code ENAMETOOLONG} and {@code EINVAL} "bad message", {@code ENOSYS}
 * "unsupported", anything else "failure" ({@code EEXIST} included: version 3 has no code for
 * it). Later versions get MINA's finer codes ({@code SSH_FX_FILE_ALREADY_EXISTS},
 * {@code SSH_FX_DIR_NOT_EMPTY}, ...).
 *
 * <p>The message names the in-root path the failure is about and the reason, never the
 * exception's own text: nothing from the host side reaches the client.
 */
final class StatusCodes implements SftpErrorStatusDataHandler {
    @Override
    public int resolveSubStatus(SftpSubsystemEnvironment sftp, int id, Throwable e, int cmd, Object... args) {
        int detailed = SftpHelper.resolveSubstatus(e);
        if (sftp.getVersion() > SftpConstants.SFTP_V3) {
            return detailed;
        }
        String errno = Errnos.of(e);
        if (errno == null) {
            return detailed <= SftpConstants.SSH_FX_OP_UNSUPPORTED ? detailed : SftpConstants.SSH_FX_FAILURE;
        }
        return switch (errno) {
            case "ENOENT", "ENOTDIR", "EBADF", "ELOOP" -> SftpConstants.SSH_FX_NO_SUCH_FILE;
            case "EPERM", "EACCES", "EFAULT" -> SftpConstants.SSH_FX_PERMISSION_DENIED;
            case "ENAMETOOLONG", "EINVAL" -> SftpConstants.SSH_FX_BAD_MESSAGE;
            case "ENOSYS", "ENOTSUP" -> SftpConstants.SSH_FX_OP_UNSUPPORTED;
            default -> SftpConstants.SSH_FX_FAILURE;
        };
    }

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable e, int subStatus, int cmd,
                                      Object... args) {
        String reason = sftp.getVersion() > SftpConstants.SFTP_V3 ? SftpHelper.resolveStatusMessage(subStatus)
                : openSshText(subStatus);
        // the file system is the session's own: its exceptions name in-root paths only
        if (e instanceof FileSystemException f && f.getFile() != null && f.getFile().indexOf('\0') < 0) {
            return f.getFile() + ": " + reason;
        }
        return reason;
    }

    private static String openSshText(int status) {
        return switch (status) {
            case SftpConstants.SSH_FX_OK -> "Success";
            case SftpConstants.SSH_FX_EOF -> "End of file";
            case SftpConstants.SSH_FX_NO_SUCH_FILE -> "No such file";
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> "Permission denied";
            case SftpConstants.SSH_FX_BAD_MESSAGE -> "Bad message";
            case SftpConstants.SSH_FX_NO_CONNECTION -> "No connection";
            case SftpConstants.SSH_FX_CONNECTION_LOST -> "Connection lost";
            case SftpConstants.SSH_FX_OP_UNSUPPORTED -> "Operation unsupported";
            default -> "Failure";
        };
    }
}
