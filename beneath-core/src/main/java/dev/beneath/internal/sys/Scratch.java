package dev.beneath.internal.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

/**
 * Native memory one thread reuses for its system calls: the errno capture area, one
 * NUL-terminated path, a small argument block ({@code struct open_how}, {@code struct statx},
 * {@code struct statfs}) and, once a heap buffer is read or written, a staging buffer.
 * The hot calls in {@link Sys} use it instead of a confined arena per call, which costs
 * several objects and a malloc/free pair each time. No call in {@link Sys} calls another while
 * it holds the scratch area, so one area per thread is enough. The memory belongs to an
 * automatic arena and is freed once the thread and its thread-local entry are gone.
 */
final class Scratch {
    /** The longest path (without its NUL) the scratch area holds; longer ones use an arena. */
    static final int PATH_CAPACITY = Linux.PATH_MAX;
    /** The size of the staging buffer, and so the most one heap-buffer read or write moves. */
    static final int STAGING_BYTES = 64 * 1024;
    private static final long BLOCK_SIZE = Math.max(Statx.LAYOUT.byteSize(),
            Math.max(Structs.OPEN_HOW.byteSize(), Structs.STATFS.byteSize()));

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final Arena arena = Arena.ofAuto();
    final MemorySegment capture;
    final MemorySegment path;
    final MemorySegment block;
    /** The staging buffer for I/O through heap buffers, made on first use. */
    private MemorySegment staging;
    /** System calls this thread made while a {@link SyscallCounter} was open anywhere. */
    long calls;

    private Scratch() {
        capture = arena.allocate(Linker.Option.captureStateLayout());
        path = arena.allocate(PATH_CAPACITY + 1L, 8);
        block = arena.allocate(BLOCK_SIZE, 8);
    }

    static Scratch get() {
        return PER_THREAD.get();
    }

    /**
     * This thread's staging buffer of {@link #STAGING_BYTES}, for a read or write through a heap
     * buffer: made once instead of a malloc, a zero fill and a free per call (a 64 KiB fill is a
     * good part of what a read from the page cache costs). Platform threads only: a virtual
     * thread's thread-locals live as long as it does, and there may be millions of them, so a
     * virtual thread gets null and stages through an arena of its own. The caller holds no other
     * use of it meanwhile; {@link Sys} itself never touches it.
     */
    static MemorySegment staging() {
        if (Thread.currentThread().isVirtual()) {
            return null;
        }
        Scratch scratch = get();
        if (scratch.staging == null) {
            scratch.staging = scratch.arena.allocate(STAGING_BYTES, 8);
        }
        return scratch.staging;
    }

    /** Whether {@link #path(byte[])} can hold {@code bytes}. */
    static boolean fits(byte[] bytes) {
        return bytes.length <= PATH_CAPACITY;
    }

    /** Copies {@code bytes} and a NUL into the path area, which it returns; the caller checked {@link #fits}. */
    MemorySegment path(byte[] bytes) {
        MemorySegment.copy(bytes, 0, path, JAVA_BYTE, 0, bytes.length);
        path.set(JAVA_BYTE, bytes.length, (byte) 0);
        return path;
    }
}
