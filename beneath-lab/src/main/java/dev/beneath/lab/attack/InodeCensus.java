package dev.beneath.lab.attack;

import dev.beneath.internal.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every object inside a tree (its top included), symlinks not followed, taken before a race
 * starts. Renames inside the tree move names, not inodes, so an object whose key is missing
 * from the census came from outside: an escape.
 */
public final class InodeCensus {
    private final Set<InodeKey> keys;

    private InodeCensus(Set<InodeKey> keys) {
        this.keys = Set.copyOf(keys);
    }

    /** Takes the census of {@code top}, a trusted directory nobody is changing yet. */
    public static InodeCensus of(Path top) throws IOException {
        Set<InodeKey> keys = new HashSet<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                keys.add(InodeKey.ofPath(p));
            }
        } catch (SyscallException e) {
            throw new IOException(top + ": census: " + e.getMessage(), e);
        }
        return new InodeCensus(keys);
    }

    /** Whether {@code key} was inside the tree when the census was taken. */
    public boolean contains(InodeKey key) {
        return keys.contains(key);
    }

    /** How many objects the tree held. */
    public int size() {
        return keys.size();
    }
}
