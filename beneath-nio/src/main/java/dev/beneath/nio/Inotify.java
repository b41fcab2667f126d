package dev.beneath.nio;

import dev.beneath.Handle;
import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.sys.ErrnoNames;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.StandardWatchEventKinds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The one {@code inotify} instance and native reader thread of a file system, shared by its
 * watch services and closed with it. A directory is watched through the descriptor its
 * resolution pinned: the watch is added on that descriptor's magic link in the verified
 * procfs, checked to lead to the same inode before and after, so the watch sits on the
 * directory that was resolved inside the root, whatever its path names by then.
 */
final class Inotify implements AutoCloseable {
    private final BeneathFileSystem fs;
    private final OwnedFd inotify;
    private final OwnedFd wakeup;
    private final Thread reader;
    /** The keys of every watch service on each watch descriptor. */
    private final Map<Integer, List<InotifyWatchService.Key>> watches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Inotify(BeneathFileSystem fs) throws IOException {
        this.fs = fs;
        try {
            this.inotify = OwnedFd.adopt(Sys.inotifyInit(Linux.IN_CLOEXEC | Linux.IN_NONBLOCK));
            try {
                this.wakeup = OwnedFd.adopt(Sys.eventfd(Linux.EFD_CLOEXEC));
            } catch (SyscallException e) {
                inotify.close();
                throw e;
            }
        } catch (SyscallException e) {
            throw new IOException("cannot start inotify: " + e.getMessage(), e);
        }
        this.reader = Thread.ofPlatform().daemon().name("beneath-inotify").start(this::readEvents);
    }

    /**
     * Watches the directory {@code handle} holds for {@code service}, adding {@code mask} to
     * what the instance watches there, and returns the service's key for it.
     */
    synchronized InotifyWatchService.Key watch(InotifyWatchService service, Handle handle, BeneathPath dir, int mask)
            throws SyscallException {
        int wd = addWatch(handle, mask | Linux.IN_ONLYDIR | Linux.IN_MASK_ADD);
        List<InotifyWatchService.Key> keys = watches.computeIfAbsent(wd, n -> new CopyOnWriteArrayList<>());
        for (InotifyWatchService.Key k : keys) {
            if (k.service() == service && k.isValid()) {
                k.watching(mask);
                return k;
            }
        }
        InotifyWatchService.Key key = new InotifyWatchService.Key(service, wd, dir, mask);
        keys.add(key);
        return key;
    }

    /** Forgets {@code key}; the last key on a directory removes the kernel's watch. */
    synchronized void cancel(InotifyWatchService.Key key) {
        List<InotifyWatchService.Key> keys = watches.get(key.wd());
        if (keys == null || !keys.remove(key) || !keys.isEmpty()) {
            return;
        }
        watches.remove(key.wd());
        if (!closed) {
            try {
                Sys.inotifyRmWatch(inotify.get(), key.wd());
            } catch (SyscallException | IllegalStateException e) {
                // the directory is gone already
            }
        }
    }
    /** {@code inotify_add_watch} on the pinned descriptor's magic link, checked to be that inode. */
    private int addWatch(Handle h, int mask) throws SyscallException {
        int fd = h.fd();
        Statx pinned = Sys.fstatx(fd, Linux.STATX_INO);
        byte[] link = ProcFs.shared().pathThrough(fd);
        checkSame(pinned, link);
        int wd = Sys.inotifyAddWatch(inotify.get(), link, mask);
        try {
            checkSame(pinned, link);
            return wd;
        } catch (SyscallException e) {
            Sys.inotifyRmWatch(inotify.get(), wd);
            throw e;
        }
    }

    private static void checkSame(Statx pinned, byte[] link) throws SyscallException {
        if (!Sys.statx(Linux.AT_FDCWD, link, 0, Linux.STATX_INO).sameInode(pinned)) {
            throw new SyscallException(ErrnoNames.EXDEV, "inotify: the descriptor's magic link led elsewhere");
        }
    }

    private void readEvents() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64 * 1024, 8);
            int[] fds = {inotify.get(), wakeup.get()};
            while (!closed) {
                boolean[] ready = Sys.pollIn(fds, -1);
                if (ready[1] || closed) {
                    return;
                }
                if (!ready[0]) {
                    continue;
                }
                long n;
                try {
                    n = Sys.read(fds[0], buf, -1);
                } catch (SyscallException e) {
                    if (e.errno() == ErrnoNames.EAGAIN) {
                        continue;
                    }
                    throw e;
                }
                dispatch(buf, n);
            }
        } catch (SyscallException | RuntimeException e) {
            // the instance is unusable: every key ends, as if the directories were gone
            watches.values().forEach(ks -> ks.forEach(InotifyWatchService.Key::end));
        }
    }

    private void dispatch(MemorySegment buf, long n) {
        long off = 0;
        while (off + 16 <= n) {
            int wd = buf.get(ValueLayout.JAVA_INT, off);
            int mask = buf.get(ValueLayout.JAVA_INT, off + 4);
            int len = buf.get(ValueLayout.JAVA_INT, off + 12);
            byte[] name = null;
            if (len > 0) {
                MemorySegment raw = buf.asSlice(off + 16, len);
                int end = 0;
                while (end < len && raw.get(ValueLayout.JAVA_BYTE, end) != 0) {
                    end++;
                }
                name = raw.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
            }
            off += 16 + len;
            if ((mask & Linux.IN_Q_OVERFLOW) != 0) {
                watches.values().forEach(ks -> ks.forEach(k -> k.signal(StandardWatchEventKinds.OVERFLOW, null)));
                continue;
            }
            List<InotifyWatchService.Key> keys = watches.get(wd);
            if (keys == null) {
                continue;
            }
            if ((mask & Linux.IN_IGNORED) != 0) {
                watches.remove(wd);
                keys.forEach(InotifyWatchService.Key::end);
                continue;
            }
            if (name == null) {
                continue;
            }
            BeneathPath context = BeneathPath.of(fs, name);
            for (InotifyWatchService.Key key : keys) {
                if ((mask & (Linux.IN_CREATE | Linux.IN_MOVED_TO)) != 0) {
                    key.signal(StandardWatchEventKinds.ENTRY_CREATE, context);
                }
                if ((mask & (Linux.IN_DELETE | Linux.IN_MOVED_FROM)) != 0) {
                    key.signal(StandardWatchEventKinds.ENTRY_DELETE, context);
                }
                if ((mask & (Linux.IN_MODIFY | Linux.IN_ATTRIB)) != 0) {
                    key.signal(StandardWatchEventKinds.ENTRY_MODIFY, context);
                }
            }
        }
    }

    /** Stops the reader, ends every key and closes the instance. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(8, 8);
            one.set(ValueLayout.JAVA_LONG, 0, 1);
            Sys.write(wakeup.get(), one, -1);
        } catch (SyscallException e) {
            throw new IOException("cannot stop the inotify reader", e);
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watches.values().forEach(ks -> ks.forEach(InotifyWatchService.Key::end));
        watches.clear();
        inotify.close();
        wakeup.close();
    }
}
