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
}
