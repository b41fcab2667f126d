package dev.beneath.internal.resolve;

import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.SyscallException;

/**
 * Turns a path inside a root directory into an {@code O_PATH} descriptor on the object it
 * names, never on anything outside the root. Both implementations keep the same contract
 * (see DESIGN.md §3) and answer every lookup with the same object or the same errno.
 */
public sealed interface Resolver permits Openat2Resolver, EmulatedResolver {

    /**
     * @param rootFd an {@code O_PATH} directory descriptor, borrowed
     * @param path   the path as UTF-8 bytes, already checked by {@link PathBytes#of(String)}
     * @param flags  {@link Lookup} bits
     */
    OwnedFd resolve(int rootFd, byte[] path, int flags) throws SyscallException;

    /**
     * What this resolver wants to know of a root's mount, learnt once per root: the emulated
     * walk compares its object's mount with it instead of asking for the filesystem
     * ({@code fstatfs}); openat2 needs nothing ({@code RESOLVE_NO_XDEV} proves the same).
     *
     * @param rootFd an {@code O_PATH} directory descriptor, borrowed
     */
    default RootMount rootMount(int rootFd) throws SyscallException {
        return RootMount.UNKNOWN;
    }

    /**
     * {@link #resolve(int, byte[], int)} told the mount {@link #rootMount} learnt of the root;
     * it is trusted only with {@link Lookup#ROOT_ON_PLAIN_FILESYSTEM} in {@code flags}.
     */
    default OwnedFd resolve(int rootFd, byte[] path, int flags, RootMount rootMount) throws SyscallException {
        return resolve(rootFd, path, flags);
    }
}
