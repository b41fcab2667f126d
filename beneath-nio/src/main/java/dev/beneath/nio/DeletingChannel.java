package dev.beneath.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel opened with {@code DELETE_ON_CLOSE}: closing it removes the name it was opened
 * by, through the root, as the default provider does (best effort: only if that name still
 * refers to the same file).
 */
final class DeletingChannel extends FileChannel {
    private final FileChannel channel;
    private final RootFiles files;
    private final BeneathPath path;
    private final Object key;

    DeletingChannel(FileChannel channel, RootFiles files, BeneathPath path) throws IOException {
        this.channel = channel;
        this.files = files;
        this.path = path;
        this.key = new Attributes.Snapshot(files.stat(path, false)).fileKey();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            channel.close();
        } finally {
            try {
                if (key.equals(new Attributes.Snapshot(files.stat(path, false)).fileKey())) {
                    files.delete(path, false);
                }
            } catch (IOException | RuntimeException e) {
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
