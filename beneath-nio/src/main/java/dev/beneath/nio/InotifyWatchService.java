package dev.beneath.nio;

import dev.beneath.FileType;
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
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A watch service on one {@code inotify} instance with one reader thread. A directory is
 * watched through the descriptor its resolution pinned: the watch is added on that
 * descriptor's magic link in the verified procfs, and the link is checked to lead to the
 * same inode before and after, so the watch sits on the directory that was resolved inside
 * the root, whatever its path names by then. Events: create, delete, modify, overflow.
 */
final class InotifyWatchService implements WatchService {
    private static final int IN_MODIFY = 0x2;
    private static final int IN_ATTRIB = 0x4;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x1000000;
    private static final int IN_MASK_ADD = 0x20000000;

    private final BeneathFileSystem fs;
    private final OwnedFd inotify;
    private final OwnedFd wakeup;
    private final Thread reader;
    private final Map<Integer, Key> keys = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<WatchKey> signalled = new LinkedBlockingDeque<>();
    private final WatchKey closedMarker = new Key(this, -1, null);
    private volatile boolean closed;

    InotifyWatchService(BeneathFileSystem fs) throws IOException {
        this.fs = fs;
        try {
            this.inotify = OwnedFd.adopt(Sys.inotifyInit(Sys.IN_CLOEXEC | Sys.IN_NONBLOCK));
            try {
                this.wakeup = OwnedFd.adopt(Sys.eventfd(Sys.EFD_CLOEXEC));
            } catch (SyscallException e) {
                inotify.close();
                throw e;
            }
        } catch (SyscallException e) {
            throw new IOException("cannot start inotify: " + e.getMessage(), e);
        }
        this.reader = Thread.ofPlatform().daemon().name("beneath-inotify").start(this::readEvents);
    }

    WatchKey register(BeneathPath dir, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        if (closed) {
            throw new ClosedWatchServiceException();
        }
        if (dir.getFileSystem() != fs) {
            throw new java.nio.file.ProviderMismatchException();
        }
        int mask = 0;
        for (WatchEvent.Kind<?> kind : events) {
            if (Objects.requireNonNull(kind) == StandardWatchEventKinds.ENTRY_CREATE) {
                mask |= IN_CREATE | IN_MOVED_TO;
            } else if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
                mask |= IN_DELETE | IN_MOVED_FROM;
            } else if (kind == StandardWatchEventKinds.ENTRY_MODIFY) {
                mask |= IN_MODIFY | IN_ATTRIB;
            } else if (kind != StandardWatchEventKinds.OVERFLOW) {
                throw new UnsupportedOperationException(kind.name());
            }
        }
        for (WatchEvent.Modifier m : modifiers) {
            throw new UnsupportedOperationException("watch modifier " + Objects.requireNonNull(m).name());
        }
        if (mask == 0) {
            throw new IllegalArgumentException("No events to register");
        }
        try (Handle h = fs.operations().resolve(dir, true)) {
            if (h.type() != FileType.DIRECTORY) {
                throw new NotDirectoryException(dir.toString());
            }
            int wd = addWatch(h, mask | IN_ONLYDIR);
            Key key = keys.computeIfAbsent(wd, n -> new Key(this, n, dir));
            key.watching(mask);
            return key;
        } catch (SyscallException e) {
            throw Errors.of(e, dir);
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
            for (Key k : keys.values()) {
                k.end();
            }
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
            if ((mask & IN_Q_OVERFLOW) != 0) {
                for (Key k : keys.values()) {
                    k.signal(StandardWatchEventKinds.OVERFLOW, null);
                }
                continue;
            }
            Key key = keys.get(wd);
            if (key == null) {
                continue;
            }
            if ((mask & IN_IGNORED) != 0) {
                keys.remove(wd);
                key.end();
                continue;
            }
            if (name == null) {
                continue;
            }
            BeneathPath context = BeneathPath.of(fs, name);
            if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
                key.signal(StandardWatchEventKinds.ENTRY_CREATE, context);
            }
            if ((mask & (IN_DELETE | IN_MOVED_FROM)) != 0) {
                key.signal(StandardWatchEventKinds.ENTRY_DELETE, context);
            }
            if ((mask & (IN_MODIFY | IN_ATTRIB)) != 0) {
                key.signal(StandardWatchEventKinds.ENTRY_MODIFY, context);
            }
        }
    }

    void enqueue(Key key) {
        signalled.offer(key);
    }

    void cancel(Key key) {
        if (keys.remove(key.wd, key) && !closed) {
            try {
                Sys.inotifyRmWatch(inotify.get(), key.wd);
            } catch (SyscallException | IllegalStateException e) {
                // the directory is gone, or the service closed meanwhile
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedWatchServiceException();
        }
    }

    private WatchKey checked(WatchKey key) {
        if (key == closedMarker) {
            signalled.offer(closedMarker);
            throw new ClosedWatchServiceException();
        }
        return key;
    }

    @Override
    public WatchKey poll() {
        ensureOpen();
        WatchKey k = signalled.poll();
        return k == null ? null : checked(k);
    }

    @Override
    public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
        ensureOpen();
        WatchKey k = signalled.poll(timeout, unit);
        return k == null ? null : checked(k);
    }

    @Override
    public WatchKey take() throws InterruptedException {
        ensureOpen();
        return checked(signalled.take());
    }

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
        for (Key k : keys.values()) {
            k.end();
        }
        keys.clear();
        inotify.close();
        wakeup.close();
        signalled.offer(closedMarker);
        fs.watchServiceClosed(this);
    }

    /** One watched directory: its pending events, and whether it waits in the service's queue. */
    static final class Key implements WatchKey {
        private static final int MAX_EVENTS = 512;

        private final InotifyWatchService service;
        private final int wd;
        private final BeneathPath dir;
        private volatile int mask;
        private volatile boolean valid = true;
        private boolean ready = true;
        private List<WatchEvent<?>> events = new ArrayList<>();

        Key(InotifyWatchService service, int wd, BeneathPath dir) {
            this.service = service;
            this.wd = wd;
            this.dir = dir;
        }

        void watching(int newMask) {
            mask = newMask;
        }

        synchronized void signal(WatchEvent.Kind<?> kind, BeneathPath context) {
            boolean overflow = kind == StandardWatchEventKinds.OVERFLOW;
            if (!overflow && !wanted(kind)) {
                return;
            }
            if (!events.isEmpty()) {
                Event<?> last = (Event<?>) events.get(events.size() - 1);
                if (last.kind == kind && Objects.equals(last.context, context)) {
                    last.count++;
                    return;
                }
                if (last.kind == StandardWatchEventKinds.OVERFLOW) {
                    last.count++;
                    return;
                }
            }
            if (events.size() >= MAX_EVENTS || overflow) {
                events.add(new Event<>(StandardWatchEventKinds.OVERFLOW, null));
            } else {
                events.add(new Event<>(kind, context));
            }
            if (ready) {
                ready = false;
                service.enqueue(this);
            }
        }

        private boolean wanted(WatchEvent.Kind<?> kind) {
            int m = mask;
            return kind == StandardWatchEventKinds.ENTRY_CREATE ? (m & IN_CREATE) != 0
                    : kind == StandardWatchEventKinds.ENTRY_DELETE ? (m & IN_DELETE) != 0
                    : (m & IN_MODIFY) != 0;
        }

        synchronized void end() {
            valid = false;
            if (ready) {
                ready = false;
                service.enqueue(this);
            }
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public synchronized List<WatchEvent<?>> pollEvents() {
            List<WatchEvent<?>> out = events;
            events = new ArrayList<>();
            return out;
        }

        @Override
        public synchronized boolean reset() {
            if (valid && !ready) {
                if (events.isEmpty()) {
                    ready = true;
                } else {
                    service.enqueue(this);
                }
            }
            return valid;
        }

        @Override
        public void cancel() {
            if (valid) {
                valid = false;
                service.cancel(this);
            }
        }

        @Override
        public BeneathPath watchable() {
            return dir;
        }
    }

    private static final class Event<T> implements WatchEvent<T> {
        private final Kind<T> kind;
        private final T context;
        private int count = 1;

        @SuppressWarnings("unchecked")
        Event(Kind<?> kind, Object context) {
            this.kind = (Kind<T>) kind;
            this.context = (T) context;
        }

        @Override
        public Kind<T> kind() {
            return kind;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public T context() {
            return context;
        }
    }
}
