package dev.beneath.internal.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

/**
 * Native memory one thread reuses for its system calls: the errno capture area, one
 * NUL-terminated path, and a small argument block ({@code struct open_how}, {@code struct statx},
 * {@code struct statfs}).
 * The hot calls in {@link Sys} use it instead of a confined arena per call, which costs
 * several objects and a malloc/free pair each time. No call in {@link Sys} calls another while
 * it holds the scratch area, so one area per thread is enough. The memory belongs to an
 * automatic arena and is freed once the thread and its thread-local entry are gone.
 */
final class Scratch {
    /** The longest path (without its NUL) the scratch area holds; longer ones use an arena. */
    static final int PATH_CAPACITY = Linux.PATH_MAX;
    private static final long BLOCK_SIZE = Math.max(Statx.LAYOUT.byteSize(),
            Math.max(Structs.OPEN_HOW.byteSize(), Structs.STATFS.byteSize()));

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    final MemorySegment capture;
    final MemorySegment path;
    final MemorySegment block;
    /** System calls this thread made while a {@link SyscallCounter} was open anywhere. */
    long calls;

    private Scratch() {
        Arena arena = Arena.ofAuto();
        capture = arena.allocate(Linker.Option.captureStateLayout());
        path = arena.allocate(PATH_CAPACITY + 1L, 8);
        block = arena.allocate(BLOCK_SIZE, 8);
    }

    static Scratch get() {
        return PER_THREAD.get();
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
