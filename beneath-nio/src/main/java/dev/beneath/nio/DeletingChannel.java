package dev.beneath.nio;

import dev.beneath.internal.sys.FdChannel;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel opened with {@code DELETE_ON_CLOSE}: closing it removes the name it was opened
 * by, as the default provider does, but only while that name still refers to the very file
 * the channel has open.
 *
 * <p>The parent directory is resolved once, the name is opened in it, and it is held by
 * descriptor from the open to the close; the identity (device and inode) is read from the open
 * descriptor itself. At close the name is looked up
 * in that directory without following a link, and removed with one {@code unlinkat} on the
 * same directory only when it is still the opened file. So a directory renamed or swapped for
 * a symlink in the meantime cannot send the removal elsewhere, and a name that now refers to
 * another file is left alone. What remains is the instant between that lookup and the
 * {@code unlinkat} (Linux has no removal by descriptor): a process that renames entries of
 * that directory exactly then can have another entry of the same directory removed; such a
 * process could already remove entries there itself, unless the directory is sticky.
 * Removal is best effort, as with the default provider: a failure is not reported.
 */
final class DeletingChannel extends FileChannel {
    private final FileChannel channel;
    private final RootFiles.Entry entry;
    private final long device;
    private final long inode;

    /** Takes {@code entry}, the directory {@code channel} was opened in and the name it was opened by. */
    DeletingChannel(FileChannel channel, RootFiles.Entry entry) throws IOException {
        this.channel = channel;
        Statx opened = ((FdChannel) channel).stat(Linux.STATX_INO);
        this.device = opened.dev();
        this.inode = opened.ino();
        this.entry = entry;
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            channel.close();
        } finally {
            try (entry) {
                int dir = entry.parent().fd();
                Statx named = Sys.statx(dir, entry.name(), Linux.AT_SYMLINK_NOFOLLOW, Linux.STATX_INO);
                if (named.dev() == device && named.ino() == inode) {
                    Sys.unlinkat(dir, entry.name(), 0);
                }
            } catch (SyscallException | RuntimeException e) {
                // gone or replaced already: nothing of ours to remove
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return channel.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        channel.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        channel.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return channel.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return channel.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return channel.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return channel.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return channel.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return channel.tryLock(position, size, shared);
    }
}
