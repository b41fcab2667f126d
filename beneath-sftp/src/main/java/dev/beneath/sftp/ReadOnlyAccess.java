package dev.beneath.sftp;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * The file access of a read-only server: every operation that would change the tree (open for
 * writing, create, remove, rename, link, change attributes) is refused with
 * {@link AccessDeniedException}, which the client sees as {@code SSH_FX_PERMISSION_DENIED}, as
 * from OpenSSH's {@code sftp-server -R}. Reading is MINA's default access.
 */
final class ReadOnlyAccess implements SftpFileSystemAccessor {
    private static final Set<StandardOpenOption> WRITING = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.APPEND, StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DELETE_ON_CLOSE);

    private static AccessDeniedException refused(Path path) {
        return new AccessDeniedException(path.toString(), null, "read-only");
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption o : options) {
            if (WRITING.contains(o)) {
                throw refused(file);
            }
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    @Override
    public void applyExtensionFileAttributes(SftpSubsystemProxy subsystem, Path file, Map<String, byte[]> extensions,
                                             LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
                                 LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        throw refused(file);
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        throw refused(file);
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
                                   LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl,
                                     LinkOption... options) throws IOException {
        throw refused(file);
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        throw refused(path);
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
            throws IOException {
        throw refused(link);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        throw refused(oldPath);
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
            throws IOException {
        throw refused(dst);
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        throw refused(path);
    }
}
