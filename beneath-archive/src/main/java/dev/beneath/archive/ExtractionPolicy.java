package dev.beneath.archive;

/**
 * What an {@link Extractor} accepts from an archive, named after what users of Python's
 * {@code tarfile} filters (PEP 706) and of libarchive already know. Under every policy,
 * nothing outside the destination is ever created, written, chmod'ed, touched or deleted,
 * whatever the archive holds and whatever another process does to the destination
 * meanwhile: every entry is created by a single-component system call on its parent
 * directory, pinned by descriptor and resolved by the kernel inside the destination. The
 * policy decides, on top of that, which entries make sense to create at all.
 *
 * <p>Common to all three: a name with a {@code ..} component or a NUL byte is refused; empty
 * and {@code .} components are dropped; in a zip made on Windows (or DOS), {@code \} is a
 * separator, so {@code ..\evil} is refused too (in tar, and in zips made on Unix, it is an
 * ordinary character of a name). Device nodes and fifos are refused. Ownership is ignored
 * unless {@link #TAR} is combined with {@link Extractor.Builder#preserveOwnership}. A
 * symlink's or hard link's checks are made against the tree as it stands when the entry is
 * reached; a parent directory reached through a symlink is followed only if that symlink
 * stays inside the destination.
 */
public enum ExtractionPolicy {
    /**
     * The default, with the meaning of Python's {@code data} filter, enforced by the kernel
     * instead of {@code realpath}:
     * <ul>
     * <li>a leading {@code /} is stripped (the entry is extracted, and its report says so);</li>
     * <li>a symlink whose target is absolute, or resolves outside the destination (the kernel
     *     resolves it from the link's directory with {@code RESOLVE_BENEATH}; a target that does
     *     not exist yet may not contain {@code ..} past its existing part), is refused;</li>
     * <li>a hard link must name a regular file already inside the destination (resolved the
     *     same way, the link itself not followed); it is made with {@code linkat} from the
     *     descriptor of that file;</li>
     * <li>setuid, setgid and sticky bits, and group and other write, are cleared; files are
     *     always {@code u+rw}, and lose group and other execute unless the owner has it;
     *     directories are {@code u+rwx} and at most {@code 0755}.</li>
     * </ul>
     */
    DATA,
    /**
     * Like {@code tar -x} without its foot-guns: links as under {@link #DATA} (target inside the
     * destination), modes kept as the archive has them (setuid and setgid cleared unless
     * {@link Extractor.Builder#keepSetIdBits} asks), ownership applied only when the process
     * is root and {@link Extractor.Builder#preserveOwnership} asks.
     */
    TAR,
    /**
     * No links at all (libarchive's secure-symlinks spirit): every symlink and hard link entry
     * is refused, an absolute name is refused instead of stripped, and no existing symlink is
     * followed on the way to an entry's parent ({@code RESOLVE_NO_SYMLINKS}). Modes as under
     * {@link #DATA}.
     */
    STRICT
}
