package dev.beneath.sftp;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.extensions.openssh.AbstractOpenSSHExtensionParser.OpenSSHExtension;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.InvalidHandleException;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.UnsupportedAttributePolicy;

/**
 * MINA's SFTP subsystem plus OpenSSH's {@code statvfs@openssh.com} extension, which the
 * {@code df} command of OpenSSH's client needs. The figures come from the session's file
 * system ({@link FileStore} of the path), so the path is resolved inside the session's root.
 */
final class ConfinedSftpSubsystem extends SftpSubsystem {
    static final String STATVFS = "statvfs@openssh.com";
    private static final long ST_RDONLY = 1;

    private final boolean readOnly;

    ConfinedSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator, boolean readOnly) {
        super(channel, configurator);
        this.readOnly = readOnly;
    }

    /** Makes {@link ConfinedSftpSubsystem}s with the configured access, status codes and listeners. */
    static final class Factory extends SftpSubsystemFactory {
        private final boolean readOnly;

        Factory(boolean readOnly) {
            this.readOnly = readOnly;
            // a failure to read attributes is reported, not answered with empty attributes
            setUnsupportedAttributePolicy(UnsupportedAttributePolicy.ThrowException);
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            ConfinedSftpSubsystem subsystem = new ConfinedSftpSubsystem(channel, this, readOnly);
            getRegisteredListeners().forEach(subsystem::addSftpEventListener);
            return subsystem;
        }
    }

    /**
     * A request whose fields run past its end (a string length beyond the packet, a missing
     * field) is answered {@code SSH_FX_BAD_MESSAGE}, and the session goes on: the packet's own
     * length kept the stream in step, so the next request is read correctly. A packet too short
     * to carry a type and an id, or a malformed {@code INIT}, still ends the subsystem.
     */
    @Override
    protected void process(Buffer buffer) throws IOException {
        int start = buffer.rpos();
        try {
            super.process(buffer);
        } catch (BufferException e) {
            buffer.rpos(start);
            if (buffer.available() < Integer.BYTES + 1 + Integer.BYTES) {
                throw e;
            }
            buffer.getInt(); // length
            int type = buffer.getUByte();
            int id = buffer.getInt();
            if (type == SftpConstants.SSH_FXP_INIT) {
                throw e;
            }
            sendStatus(prepareReply(buffer), id, SftpConstants.SSH_FX_BAD_MESSAGE, "malformed request");
        }
    }

    /**
     * A handle the session never opened (or already closed) is {@code SSH_FX_INVALID_HANDLE}
     * (version 3: {@code SSH_FX_FAILURE}, as from OpenSSH), not "no such file".
     */
    @Override
    protected <H extends Handle> H validateHandle(String handle, Handle h, Class<H> type) throws IOException {
        if (h == null) {
            throw new InvalidHandleException(handle, null, type);
        }
        return super.validateHandle(handle, h, type);
    }

    /**
     * A path whose existence cannot be told (a symlink loop, a name too long, ...) is asked for
     * its attributes all the same, so that the client gets the file system's own error rather
     * than a guess; with {@link UnsupportedAttributePolicy#ThrowException} that error reaches it.
     */
    @Override
    protected NavigableMap<String, Object> handleUnknownStatusFileAttributes(Path file, int flags,
                                                                            LinkOption... options)
            throws IOException {
        return getAttributes(file, flags, options);
    }

    @Override
    protected List<OpenSSHExtension> resolveOpenSSHExtensions(ServerSession session) {
        List<OpenSSHExtension> extensions = new ArrayList<>(super.resolveOpenSSHExtensions(session));
        extensions.add(new OpenSSHExtension(STATVFS, "2"));
        return extensions;
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
        if (!STATVFS.equals(extension)) {
            super.executeExtendedCommand(buffer, id, extension);
            return;
        }
        String path = buffer.getString();
        FileStore store;
        try {
            Path p = resolveNormalizedLocation(path);
            store = Files.getFileStore(p);
            buffer = prepareReply(buffer);
            buffer.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
            buffer.putInt(id);
            long blockSize = store.getBlockSize();
            buffer.putLong(blockSize); // f_bsize
            buffer.putLong(blockSize); // f_frsize
            buffer.putLong(store.getTotalSpace() / blockSize); // f_blocks
            buffer.putLong(store.getUnallocatedSpace() / blockSize); // f_bfree
            buffer.putLong(store.getUsableSpace() / blockSize); // f_bavail
            buffer.putLong(0); // f_files: not reported
            buffer.putLong(0); // f_ffree
            buffer.putLong(0); // f_favail
            buffer.putLong(0); // f_fsid: not shown to clients
            buffer.putLong(readOnly || store.isReadOnly() ? ST_RDONLY : 0); // f_flag
            buffer.putLong(255); // f_namemax
        } catch (IOException | RuntimeException e) {
            sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, STATVFS, path);
            return;
        }
        send(buffer);
    }
}
