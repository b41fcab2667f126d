package dev.beneath.internal.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.BiFunction;

/**
 * A {@link FileChannel} on a descriptor this project opened itself (Java offers no public way
 * to wrap one). Reads and writes go straight to the kernel; heap buffers are staged through a
 * native buffer of at most {@value #CHUNK} bytes per call (the thread's own, reused, on a
 * platform thread). Whole-file locks use
 * {@code flock(2)}; memory mapping is not offered. A close from another thread releases the
 * descriptor once calls already in progress return (a read blocked on a fifo keeps it until
 * data or end of file arrives), so a number is never reused under a running call.
 */
public final class FdChannel extends FileChannel {
    private static final int CHUNK = Scratch.STAGING_BYTES;

    private final OwnedFd fd;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    /** Builds the exception for a failed call; the API layer gives it the caller's path. */
    private final BiFunction<SyscallException, String, IOException> translate;
    private final Object lockGuard = new Object();
    private FileLock held;

    /**
     * A channel on {@code fd}, which it owns from now on.
     *
     * @param fd the open descriptor
     * @param openFlags the flags it was opened with, for its access mode and {@code O_APPEND}
     * @param translate builds the exception for a failed call
     */
    public FdChannel(OwnedFd fd, int openFlags, BiFunction<SyscallException, String, IOException> translate) {
        this.fd = fd;
        int access = openFlags & Linux.O_ACCMODE;
        this.readable = access == Linux.O_RDONLY || access == Linux.O_RDWR;
        this.writable = access == Linux.O_WRONLY || access == Linux.O_RDWR;
        this.append = (openFlags & Linux.O_APPEND) != 0;
        this.translate = translate;
    }

    /**
     * What {@code statx} says of the open file itself ({@code mask} as for {@link Sys#fstatx}):
     * the identity of exactly what this channel reads and writes, whatever its name is now.
     *
     * @param mask the {@code STATX_*} fields wanted
     * @return what the kernel reported
     * @throws IOException the channel is closed, or the call failed
     */
    public Statx stat(int mask) throws IOException {
        return withFd(n -> Sys.fstatx(n, mask));
    }

    /** One system call on the descriptor. */
    private interface FdCall<T> {
        T apply(int fd) throws SyscallException;
    }

    /**
     * Runs {@code call} with the descriptor held, so a concurrent close waits for the call
     * instead of freeing the number for reuse mid-call.
     */
    private <T> T withFd(FdCall<T> call) throws IOException {
        int n;
        try {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
            n = fd.acquire();
        } catch (IllegalStateException closed) {
            throw new ClosedChannelException();
        }
        try {
            return call.apply(n);
        } catch (SyscallException e) {
            throw failed(e);
        } finally {
            fd.release();
        }
    }

    private IOException failed(SyscallException e) {
        return translate.apply(e, e.call());
    }

    private int transfer(ByteBuffer buf, long position, boolean write) throws IOException {
        if (write ? !writable : !readable) {
            throw write ? new NonWritableChannelException() : new NonReadableChannelException();
        }
        int wanted = buf.remaining();
        if (wanted == 0) {
            return 0;
        }
        long n = withFd(fdNumber -> {
            if (buf.isDirect()) {
                MemorySegment seg = MemorySegment.ofBuffer(buf);
                return write ? Sys.write(fdNumber, seg, position) : Sys.read(fdNumber, seg, position);
            }
            int len = Math.min(wanted, CHUNK);
            MemorySegment reused = Scratch.staging();
            if (reused != null) {
                return staged(fdNumber, buf, reused.asSlice(0, len), position, write);
            }
            try (Arena arena = Arena.ofConfined()) {
                return staged(fdNumber, buf, arena.allocate(len), position, write);
            }
        });
        if (n == 0 && !write) {
            return -1;
        }
        buf.position(buf.position() + (int) n);
        return (int) n;
    }

    /** One read or write of a heap buffer through {@code staging}, which is as long as the call is. */
    private static long staged(int fd, ByteBuffer buf, MemorySegment staging, long position, boolean write)
            throws SyscallException {
        if (write) {
            MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, staging, 0, staging.byteSize());
            return Sys.write(fd, staging, position);
        }
        long got = Sys.read(fd, staging, position);
        if (got > 0) {
            MemorySegment.copy(staging, 0, MemorySegment.ofBuffer(buf), 0, got);
        }
        return got;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return transfer(dst, -1, false);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int expected = dsts[i].remaining();
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (n < expected) {
                break;
            }
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = 0;
        while (src.hasRemaining()) {
            written += transfer(src, -1, true);
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position");
        }
        return transfer(dst, position, false);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position");
        }
        int written = 0;
        while (src.hasRemaining()) {
            written += transfer(src, position + written, true);
        }
        return written;
    }

    @Override
    public long position() throws IOException {
        return append ? size() : withFd(n -> Sys.lseek(n, 0, Linux.SEEK_CUR));
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        withFd(n -> Sys.lseek(n, newPosition, Linux.SEEK_SET));
        return this;
    }

    @Override
    public long size() throws IOException {
        return withFd(Sys::fstatSize);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (!writable) {
            throw new NonWritableChannelException();
        }
        long position = position();
        if (size < size()) {
            withFd(n -> {
                Sys.ftruncate(n, size);
                return null;
            });
        }
        if (position > size) {
            position(size);
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        withFd(n -> {
            Sys.fsync(n, metaData);
            return null;
        });
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return pump(count, (buf, done) -> read(buf, position + done), (buf, done) -> {
            int n = buf.remaining();
            while (buf.hasRemaining()) {
                target.write(buf);
            }
            return n;
        });
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return pump(count, (buf, done) -> src.read(buf), (buf, done) -> write(buf, position + done));
    }

    /** One side of {@link #pump}: fills or drains {@code buf}, {@code done} bytes into the transfer. */
    private interface Chunk {
        int move(ByteBuffer buf, long done) throws IOException;
    }

    /**
     * Moves up to {@code count} bytes through a direct buffer, a chunk at a time: {@code in}
     * fills it (0 or less: the end), {@code out} drains it and says how much went.
     */
    private static long pump(long count, Chunk in, Chunk out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            if (in.move(buf, done) <= 0) {
                break;
            }
            buf.flip();
            done += out.move(buf, done);
        }
        return done;
    }

    /**
     * Copies everything from this channel's position to the end of its file into
     * {@code target} at its position, by descriptor: inside the kernel with
     * {@code copy_file_range} where the file systems allow it, through a native buffer where
     * they do not. Both positions advance by the count.
     *
     * @param target the channel to copy to
     * @return the number of bytes copied
     * @throws IOException when either channel is closed or a call fails
     */
    public long copyTo(FdChannel target) throws IOException {
        if (!isOpen() || !target.isOpen()) {
            throw new ClosedChannelException();
        }
        if (!readable) {
            throw new NonReadableChannelException();
        }
        if (!target.writable) {
            throw new NonWritableChannelException();
        }
        int in = fd.acquire();
        try {
            int out = target.fd.acquire();
            try {
                long total = 0;
                while (true) {
                    long n;
                    try {
                        n = Sys.copyFileRange(in, out, 1L << 30);
                    } catch (SyscallException e) {
                        boolean unsupported = e.errno() == ErrnoNames.EXDEV || e.errno() == ErrnoNames.EINVAL
                                || e.errno() == ErrnoNames.EOPNOTSUPP || e.errno() == ErrnoNames.ENOSYS;
                        if (total == 0 && unsupported) {
                            return copyThroughBuffer(in, out);
                        }
                        throw e;
                    }
                    if (n == 0) {
                        return total;
                    }
                    total += n;
                }
            } finally {
                target.fd.release();
            }
        } catch (SyscallException e) {
            throw failed(e);
        } finally {
            fd.release();
        }
    }

    private static long copyThroughBuffer(int in, int out) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(CHUNK);
            long total = 0;
            while (true) {
                long n = Sys.read(in, buf, -1);
                if (n == 0) {
                    return total;
                }
                for (long written = 0; written < n; ) {
                    written += Sys.write(out, buf.asSlice(written, n - written), -1);
                }
                total += n;
            }
        }
    }

    /** Not offered: a mapping would outlive the descriptor's ownership rules. */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("memory mapping is not supported on beneath channels");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return acquire(position, size, shared, true);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return acquire(position, size, shared, false);
    }

    /** Whole-file {@code flock} locks only: a range lock would be promised but not kept. */
    private FileLock acquire(long position, long size, boolean shared, boolean wait) throws IOException {
        if (position != 0 || size != Long.MAX_VALUE) {
            throw new UnsupportedOperationException("only whole-file locks (lock(), tryLock()) are supported");
        }
        if (shared && !readable) {
            throw new NonReadableChannelException();
        }
        if (!shared && !writable) {
            throw new NonWritableChannelException();
        }
        synchronized (lockGuard) {
            if (held != null && held.isValid()) {
                throw new OverlappingFileLockException();
            }
            boolean locked = withFd(n -> {
                try {
                    Sys.flock(n, (shared ? Linux.LOCK_SH : Linux.LOCK_EX) | (wait ? 0 : Linux.LOCK_NB));
                    return true;
                } catch (SyscallException e) {
                    if (!wait && e.errno() == ErrnoNames.EAGAIN) {
                        return false;
                    }
                    throw e;
                }
            });
            if (!locked) {
                return null;
            }
            held = new FlockLock(position, size, shared);
            return held;
        }
    }

    private final class FlockLock extends FileLock {
        private boolean valid = true;

        FlockLock(long position, long size, boolean shared) {
            super(FdChannel.this, position, size, shared);
        }

        @Override
        public boolean isValid() {
            synchronized (lockGuard) {
                return valid && FdChannel.this.isOpen();
            }
        }

        @Override
        public void release() throws IOException {
            synchronized (lockGuard) {
                if (!valid) {
                    return;
                }
                valid = false;
                held = null;
                if (FdChannel.this.isOpen()) {
                    withFd(n -> {
                        Sys.flock(n, Linux.LOCK_UN);
                        return null;
                    });
                }
            }
        }
    }

    @Override
    protected void implCloseChannel() {
        fd.close();
    }
}
