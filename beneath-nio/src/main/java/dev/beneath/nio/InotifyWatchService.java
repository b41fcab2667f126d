package dev.beneath.nio;

import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A watch service of a beneath file system: its keys and its queue of signalled keys, fed by
 * the file system's one {@link Inotify} reader. Events: create, delete, modify, overflow.
 */
final class InotifyWatchService implements WatchService {
    private final BeneathFileSystem fs;
    private final Inotify inotify;
    private final Set<Key> keys = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingDeque<WatchKey> signalled = new LinkedBlockingDeque<>();
    private final WatchKey closedMarker = new Key(this, -1, null, 0);
    private volatile boolean closed;

    InotifyWatchService(BeneathFileSystem fs, Inotify inotify) {
        this.fs = fs;
        this.inotify = inotify;
    }

    WatchKey register(BeneathPath dir, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers)
            throws IOException {
        if (closed) {
            throw new ClosedWatchServiceException();
        }
        if (dir.getFileSystem() != fs) {
            throw new ProviderMismatchException();
        }
        int mask = 0;
        for (WatchEvent.Kind<?> kind : events) {
            if (Objects.requireNonNull(kind) == StandardWatchEventKinds.ENTRY_CREATE) {
                mask |= Linux.IN_CREATE | Linux.IN_MOVED_TO;
            } else if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
                mask |= Linux.IN_DELETE | Linux.IN_MOVED_FROM;
            } else if (kind == StandardWatchEventKinds.ENTRY_MODIFY) {
                mask |= Linux.IN_MODIFY | Linux.IN_ATTRIB;
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
            Key key = inotify.watch(this, h, dir, mask);
            keys.add(key);
            return key;
        } catch (SyscallException e) {
            throw Errors.of(e, dir);
        }
    }

    void enqueue(Key key) {
        signalled.offer(key);
    }

    void cancel(Key key) {
        keys.remove(key);
        inotify.cancel(key);
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
        for (Key k : keys) {
            k.cancel();
        }
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

        Key(InotifyWatchService service, int wd, BeneathPath dir, int mask) {
            this.service = service;
            this.wd = wd;
            this.dir = dir;
            this.mask = mask;
        }

        InotifyWatchService service() {
            return service;
        }

        int wd() {
            return wd;
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
            return kind == StandardWatchEventKinds.ENTRY_CREATE ? (m & Linux.IN_CREATE) != 0
                    : kind == StandardWatchEventKinds.ENTRY_DELETE ? (m & Linux.IN_DELETE) != 0
                    : (m & Linux.IN_MODIFY) != 0;
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
