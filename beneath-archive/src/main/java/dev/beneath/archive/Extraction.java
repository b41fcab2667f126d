package dev.beneath.archive;

import dev.beneath.Errno;
import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.PathEscapeException;
import dev.beneath.RenameOption;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.archive.EntryReport.Outcome;
import dev.beneath.archive.internal.ArchiveItem;
import dev.beneath.archive.internal.ArchiveReader;
import dev.beneath.archive.internal.EntryPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One run of an {@link Extractor} over one archive: the state an extraction keeps. */
final class Extraction {
    private static final int COPY_BUFFER = 1 << 18;
    /** {@code O_CREAT|O_EXCL|O_NOFOLLOW}, write only: a file nothing else has had a name for. */
    private static final Set<StandardOpenOption> CREATE_EXCLUSIVE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** Failures of the destination itself: they end the extraction instead of refusing one entry. */
    private static final Set<Errno> FATAL_ERRNOS = Set.of(Errno.ENOSPC, Errno.EDQUOT, Errno.EIO, Errno.EROFS);

    private final Extractor settings;
    private final ArchiveReader reader;
    private final long archiveSize;
    private final boolean dryRun;
    private final Root destination;
    /** The destination seen with {@link #lookup}: where parents are found and created. */
    private final Root confined;
    private final ExtractionPolicy policy;
    private final Limits limits;
    /** How parents and link sources are resolved: never leaving the destination, and under strict no symlinks. */
    private final ResolveOptions lookup;
    private final List<EntryReport> reports = new ArrayList<>();
    private final DeferredDirectories directories = new DeferredDirectories();
    private final List<PlacedLink> links = new ArrayList<>();
    private final String tempPrefix;
    private long tempCounter;
    private long bytesWritten;
    private long symlinks;
    private byte[] buffer;
    private ByteBuffer direct;

    /** The parent directory of the last entry, pinned; reused while entries stay in it. */
    private String parentPath;
    private Root parent;

    Extraction(Extractor settings, ArchiveReader reader, long archiveSize, boolean dryRun) {
        this.settings = settings;
        this.reader = reader;
        this.archiveSize = archiveSize;
        this.dryRun = dryRun;
        this.destination = settings.destination();
        this.policy = settings.policy();
        this.limits = settings.limits();
        // the caller's choices (noXdev, say) are kept; the scope is always BENEATH
        ResolveOptions beneath = (destination == null ? ResolveOptions.DEFAULT : destination.options())
                .withScope(Scope.BENEATH).withNoFollow(false);
        this.lookup = policy == ExtractionPolicy.STRICT ? beneath.withNoSymlinks(true) : beneath;
        this.confined = dryRun ? null : destination.withOptions(lookup);
        this.tempPrefix = ".beneath-extract-" + Long.toHexString(new SecureRandom().nextLong() >>> 1) + "-";
    }

    /** A limit was crossed by the entry being handled. */
    private static final class LimitReached extends Exception {
        private static final long serialVersionUID = 1L;
        private final String limit;

        LimitReached(String limit, String message) {
            super(message, null, false, false);
            this.limit = limit;
        }
    }

    ExtractionReport run() throws IOException {
        boolean finished = false;
        try {
            ArchiveItem item;
            while ((item = reader.next()) != null) {
                EntryReport report;
                try {
                    report = handle(item);
                } catch (LimitReached stop) {
                    reports.add(new EntryReport(item.name(), EntryPath.of(item.name()).path(), item.type(),
                            Outcome.REFUSED, stop.getMessage(), 0));
                    finish();
                    finished = true;
                    ExtractionReport partial = new ExtractionReport(reader.format(), reports, false);
                    throw new ExtractionLimitException(stop.limit, stop.getMessage() + "; stopped after "
                            + partial.count(Outcome.EXTRACTED) + " entries extracted and "
                            + partial.bytesWritten() + " bytes written", partial);
                }
                reports.add(report);
                settings.listener().entryDone(new ProgressListener.Progress(reports.size(), bytesWritten,
                        reader.archiveRead(), archiveSize, report));
            }
            finish();
            finished = true;
            return new ExtractionReport(reader.format(), reports, true);
        } finally {
            if (!finished) {
                try {
                    finish();
                } catch (IOException | RuntimeException suppressed) {
                    // the failure already on its way says more
                }
            }
        }
    }

    /** Applies the deferred directory metadata and lets go of every descriptor held. */
    private void finish() throws IOException {
        closeParent();
        if (!dryRun) {
            try {
                auditLinks();
            } finally {
                // the held directory handles are let go even when the audit failed
                try {
                    directories.applyAll(destination, reports);
                } finally {
                    confined.close();
                }
            }
        }
    }

    /** A symlink this extraction made, kept for {@link #auditLinks()}. */
    private record PlacedLink(EntryPath path, String target, int reportIndex) {
    }

    /**
     * Under {@link OverwriteMode#REPLACE}, a later entry may replace a symlink or turn one into
     * a directory, and so move where an earlier link's {@code ..} lands. Each link made is
     * judged again against the final tree; one that now leads outside is removed (if it is
     * still the link made) and reported refused.
     */
    private void auditLinks() throws IOException {
        ResolveOptions exact = lookup.withNoFollow(true);
        for (PlacedLink link : links) {
            String refusal = symlinkRefusal(link.path(), link.target());
            if (refusal == null) {
                continue;
            }
            try (Handle h = destination.resolve(link.path().path(), exact)) {
                if (h.type() != FileType.SYMLINK || !destination.readSymbolicLink(link.path().path()).equals(link.target())) {
                    continue;
                }
            } catch (NoSuchFileException | NotDirectoryException | PathEscapeException gone) {
                continue;
            }
            try {
                confined.removeFile(link.path().path());
            } catch (IOException e) {
                if (!(e instanceof PathError)) {
                    throw e;
                }
                continue; // moved or replaced meanwhile: no longer the link made
            }
            EntryReport r = reports.get(link.reportIndex());
            reports.set(link.reportIndex(), new EntryReport(r.name(), r.path(), r.type(), Outcome.REFUSED,
                    "removed at the end: after a later entry replaced a link on its way, " + refusal, 0));
        }
        links.clear();
    }

    private EntryReport handle(ArchiveItem item) throws IOException, LimitReached {
        if (reports.size() >= limits.maxEntries()) {
            throw new LimitReached("entries", "more than " + limits.maxEntries() + " entries");
        }
        EntryPath path = EntryPath.of(item.name());
        if (path.refusal() != null) {
            return refused(item, path, path.refusal());
        }
        String note = "";
        if (path.wasAbsolute()) {
            if (policy == ExtractionPolicy.STRICT) {
                return refused(item, path, "absolute name (the strict policy refuses it)");
            }
            note = "leading / removed";
        }
        if (path.isDestination()) {
            return item.type() == EntryType.DIRECTORY
                    ? report(item, path, Outcome.SKIPPED, "names the destination itself", 0)
                    : refused(item, path, "names the destination itself");
        }
        if (path.components().size() > limits.maxDepth()) {
            throw new LimitReached("depth", "path deeper than " + limits.maxDepth() + " components");
        }
        if (path.byteLength() > limits.maxPathBytes()) {
            throw new LimitReached("path-length", "path longer than " + limits.maxPathBytes() + " bytes");
        }
        switch (item.type()) {
            case CHARACTER_DEVICE, BLOCK_DEVICE -> {
                return refused(item, path, "device nodes are never created");
            }
            case FIFO -> {
                return refused(item, path, "fifos are never created");
            }
            case OTHER -> {
                return refused(item, path, "unsupported entry type, encryption or compression method");
            }
            case SYMLINK, HARD_LINK -> {
                if (policy == ExtractionPolicy.STRICT) {
                    return refused(item, path, "links are refused by the strict policy");
                }
                if (item.type() == EntryType.SYMLINK && ++symlinks > limits.maxSymlinks()) {
                    throw new LimitReached("symlinks", "more than " + limits.maxSymlinks() + " symlinks");
                }
            }
            case FILE -> {
                long left = limits.maxTotalBytes() - bytesWritten;
                if (item.declaredSize() > left) {
                    throw new LimitReached("bytes", "entry declares " + item.declaredSize()
                            + " bytes, more than the " + left + " left of the " + limits.maxTotalBytes()
                            + "-byte limit");
                }
                if (item.declaredSize() > Limits.RATIO_GRACE_BYTES && item.compressedSize() >= 0
                        && item.declaredSize() / Math.max(1, item.compressedSize()) > limits.maxEntryRatio()) {
                    throw new LimitReached("ratio", "entry declares " + item.declaredSize() + " bytes stored in "
                            + item.compressedSize() + ", more than " + limits.maxEntryRatio() + " times");
                }
            }
            case DIRECTORY -> {
                // nothing to check before creating it
            }
        }
        if (dryRun) {
            return preview(item, path, note);
        }
        try {
            return create(item, path, note);
        } catch (IOException e) {
            if (e instanceof PathError pe && !FATAL_ERRNOS.contains(pe.errno())) {
                return refused(item, path, describe(e));
            }
            throw e;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof PathError pe) {
            String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : pe.errno().name();
            return pe.path() + ": " + reason;
        }
        return String.valueOf(e.getMessage());
    }

    // ---- listing ----------------------------------------------------------------------------

    private EntryReport preview(ArchiveItem item, EntryPath path, String note) {
        if (item.type() == EntryType.SYMLINK) {
            String refusal = targetTextRefusal(item.linkTarget());
            if (refusal == null && !EntryPath.lexicallyInside(path.components().subList(0, path.components().size() - 1),
                    item.linkTarget())) {
                refusal = "symlink target leaves the destination";
            }
            if (refusal != null) {
                return refused(item, path, refusal);
            }
        } else if (item.type() == EntryType.HARD_LINK) {
            String refusal = hardLinkSourceRefusal(item.linkTarget());
            if (refusal != null) {
                return refused(item, path, refusal);
            }
        }
        return report(item, path, Outcome.EXTRACTED, note, item.type() == EntryType.FILE
                ? Math.max(0, item.declaredSize()) : 0);
    }

    // ---- creating entries ---------------------------------------------------------------------

    private EntryReport create(ArchiveItem item, EntryPath path, String note) throws IOException, LimitReached {
        // a link's checks come first: a refused link needs no parent directory
        String linkRefusal = switch (item.type()) {
            case SYMLINK -> symlinkRefusal(path, item.linkTarget());
            case HARD_LINK -> hardLinkSourceRefusal(item.linkTarget());
            default -> null;
        };
        if (linkRefusal != null) {
            return refused(item, path, linkRefusal);
        }
        Root dir = parentOf(path);
        String name = path.fileName();
        if (item.type() == EntryType.FILE) {
            // what has the name is judged by the rename that puts the file in place
            return createFile(item, path, dir, name, note);
        }
        FileType existing = typeOf(dir, name);
        if (existing != null) {
            if (item.type() == EntryType.DIRECTORY && existing == FileType.DIRECTORY) {
                return report(item, path, Outcome.EXTRACTED, join(note, "existing directory kept as it was"), 0);
            }
            if (settings.overwrite() == OverwriteMode.NEVER) {
                return report(item, path, Outcome.SKIPPED, join(note, "already exists (" + existing.shortName() + ")"), 0);
            }
            if (existing == FileType.DIRECTORY) {
                return refused(item, path, "a directory has that name, and is never replaced by a non-directory");
            }
        }
        return switch (item.type()) {
            case DIRECTORY -> createDirectory(item, path, dir, name, existing != null, note);
            case SYMLINK -> {
                invalidateParent(); // the tree changes shape
                String temp = placeTemporary(dir, t -> dir.createSymbolicLink(t, item.linkTarget()));
                EntryReport placed = moveIntoPlace(item, path, dir, temp, name, note, 0);
                if (placed.outcome() == Outcome.EXTRACTED && settings.overwrite() == OverwriteMode.REPLACE) {
                    links.add(new PlacedLink(path, item.linkTarget(), reports.size()));
                }
                yield placed;
            }
            case HARD_LINK -> {
                invalidateParent();
                try (Handle source = destination.resolve(EntryPath.of(item.linkTarget()).path(),
                        lookup.withNoFollow(true))) {
                    if (source.type() != FileType.REGULAR_FILE) {
                        yield refused(item, path, "hard link to a " + source.type().shortName()
                                + ": only regular files are linked");
                    }
                    String temp = placeTemporary(dir, t -> dir.createLink(t, source));
                    yield moveIntoPlace(item, path, dir, temp, name, note, 0);
                } catch (NoSuchFileException | NotDirectoryException e) {
                    yield refused(item, path, "hard link source does not exist in the destination");
                } catch (PathEscapeException e) {
                    yield refused(item, path, "hard link source leaves the destination");
                }
            }
            default -> throw new AssertionError(item.type());
        };
    }

    private EntryReport createDirectory(ArchiveItem item, EntryPath path, Root dir, String name, boolean replace,
                                        String note) throws IOException {
        invalidateParent();
        if (replace) {
            dir.removeFile(name); // a file or symlink; never followed
        }
        try {
            dir.mkdir(name, 0700);
        } catch (FileAlreadyExistsException raced) {
            return report(item, path, Outcome.SKIPPED, join(note, "created by someone else meanwhile"), 0);
        }
        Handle created = dir.resolve(name, ResolveOptions.DEFAULT.withNoFollow(true));
        try {
            if (created.type() != FileType.DIRECTORY) {
                created.close();
                return refused(item, path, "replaced by someone else right after it was created");
            }
        } catch (IOException | RuntimeException e) {
            created.close();
            throw e;
        }
        directories.add(created, path.path(), dirMode(item), item.lastModified(), reports.size());
        return report(item, path, Outcome.EXTRACTED, note, 0);
    }

    private EntryReport createFile(ArchiveItem item, EntryPath path, Root dir, String name, String note)
            throws IOException, LimitReached {
        String temp = null;
        boolean placed = false;
        int mode = fileMode(item);
        try {
            FileChannel out = null;
            for (int attempt = 0; out == null; attempt++) {
                temp = tempName();
                try {
                    out = dir.newFileChannel(temp, CREATE_EXCLUSIVE, mode);
                } catch (FileAlreadyExistsException taken) {
                    temp = null;
                    if (attempt >= 8) {
                        throw taken;
                    }
                }
            }
            long written;
            try (FileChannel channel = out) {
                written = copy(reader.content(), channel, item);
            }
            try (Handle h = dir.resolve(temp, ResolveOptions.DEFAULT.withNoFollow(true))) {
                if (h.type() != FileType.REGULAR_FILE) {
                    return refused(item, path, "its temporary name was replaced by someone else");
                }
                String owner = applyOwner(h, item);
                if (wantsOwner(item) && owner.isEmpty() && (mode & 06000) != 0) {
                    h.setPermissions(mode); // a change of owner cleared setuid and setgid
                }
                note = join(note, owner);
                if (item.lastModified() != null) {
                    h.setTimes(item.lastModified(), null);
                }
            }
            EntryReport moved = moveIntoPlace(item, path, dir, temp, name, note, written);
            placed = true;
            return moved;
        } finally {
            if (!placed && temp != null) {
                removeQuietly(dir, temp);
            }
        }
    }

    /** Creates something under a fresh temporary name in {@code dir}; returns the name. */
    private String placeTemporary(Root dir, TempCreation creation) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String temp = tempName();
            try {
                creation.create(temp);
                return temp;
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 8) {
                    throw taken;
                }
            }
        }
    }

    @FunctionalInterface
    private interface TempCreation {
        void create(String temp) throws IOException;
    }

    /**
     * Renames the complete entry from its temporary name to its own: never replacing anything
     * under {@link OverwriteMode#NEVER}; replacing a file or symlink itself (never following it)
     * under {@link OverwriteMode#REPLACE}. The temporary name is gone afterwards either way.
     */
    private EntryReport moveIntoPlace(ArchiveItem item, EntryPath path, Root dir, String temp, String name,
                                      String note, long written) throws IOException {
        try {
            if (settings.overwrite() == OverwriteMode.NEVER) {
                dir.rename(temp, name, RenameOption.NO_REPLACE);
            } else {
                dir.rename(temp, name);
            }
        } catch (FileAlreadyExistsException exists) {
            removeQuietly(dir, temp);
            return report(item, path, Outcome.SKIPPED, join(note, "already exists"), 0);
        } catch (IOException e) {
            removeQuietly(dir, temp);
            if (e instanceof PathError pe && pe.errno() == Errno.EISDIR) {
                return refused(item, path, "a directory has that name, and is never replaced by a non-directory");
            }
            throw e;
        }
        if (item.type() == EntryType.HARD_LINK) {
            // renaming onto another name of the same inode does nothing and leaves the temporary name
            removeQuietly(dir, temp);
        }
        bytesWritten += written;
        return report(item, path, Outcome.EXTRACTED, note, written);
    }

    private static void removeQuietly(Root dir, String name) {
        try {
            dir.removeFile(name);
        } catch (IOException e) {
            // already gone, or never created
        }
    }

    private String tempName() {
        return tempPrefix + (tempCounter++);
    }

    /** Copies the entry's content, stopping at the byte and ratio limits. */
    private long copy(InputStream in, FileChannel out, ArchiveItem item) throws IOException, LimitReached {
        if (buffer == null) {
            buffer = new byte[COPY_BUFFER];
            // the channel writes a direct buffer straight from its memory; a heap one is staged
            direct = ByteBuffer.allocateDirect(COPY_BUFFER);
        }
        long storedAtStart = reader.archiveRead();
        long written = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new ArchiveFormatException("damaged archive in " + item.name() + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                return written;
            }
            written += n;
            if (bytesWritten + written > limits.maxTotalBytes()) {
                throw new LimitReached("bytes", "more than " + limits.maxTotalBytes() + " bytes of content");
            }
            if (written > Limits.RATIO_GRACE_BYTES && !item.sparse()) {
                long stored = item.compressedSize() >= 0 ? item.compressedSize() : reader.archiveRead() - storedAtStart;
                if (written / Math.max(1, stored) > limits.maxEntryRatio()) {
                    throw new LimitReached("ratio", "entry expands more than " + limits.maxEntryRatio()
                            + " times its stored size");
                }
            }
            direct.clear().put(buffer, 0, n).flip();
            while (direct.hasRemaining()) {
                out.write(direct);
            }
        }
    }

    private boolean wantsOwner(ArchiveItem item) {
        return policy == ExtractionPolicy.TAR && settings.preserveOwnership() && item.uid() >= 0;
    }

    private String applyOwner(Handle h, ArchiveItem item) throws IOException {
        if (!wantsOwner(item)) {
            return "";
        }
        try {
            h.setOwner((int) item.uid(), (int) item.gid());
            return "";
        } catch (java.nio.file.AccessDeniedException e) {
            return "ownership not applied (needs root)";
        }
    }

    // ---- where entries go ----------------------------------------------------------------------

    /**
     * The entry's parent directory, created as needed and pinned: resolved beneath the
     * destination (a symlink on the way must stay inside it; under strict there may be none).
     */
    private Root parentOf(EntryPath path) throws IOException {
        String wanted = path.parent();
        if (parent != null && parentPath != null && wanted.equals(parentPath)) {
            return parent;
        }
        closeParent();
        if (wanted.isEmpty()) {
            return confined;
        }
        try (Handle directory = confined.mkdirAll(wanted, 0755)) {
            parent = directory.openRoot();
        }
        parentPath = wanted;
        return parent;
    }

    /** The next entry resolves its parent afresh; the pinned one stays open until then. */
    private void invalidateParent() {
        parentPath = null;
    }

    private void closeParent() {
        if (parent != null) {
            parent.close();
            parent = null;
            parentPath = null;
        }
    }

    /** What has {@code name} in {@code dir} (a symlink itself), or null when nothing has. */
    private static FileType typeOf(Root dir, String name) throws IOException {
        try (Handle h = dir.resolve(name, ResolveOptions.DEFAULT.withNoFollow(true))) {
            return h.type();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    // ---- links -------------------------------------------------------------------------------

    private static String targetTextRefusal(String target) {
        if (target == null || target.isEmpty()) {
            return "empty symlink target";
        }
        if (target.indexOf('\0') >= 0) {
            return "a NUL byte in the symlink target";
        }
        if (target.startsWith("/")) {
            return "absolute symlink target";
        }
        return null;
    }

    /**
     * Why the symlink {@code path -> target} would lead outside the destination, or null. The
     * kernel resolves the target from the link's directory with {@code RESOLVE_BENEATH}; a
     * target that does not exist (yet) is judged by its existing part, and the rest may not
     * contain {@code ..}, so no later entry can make it climb out.
     */
    private String symlinkRefusal(EntryPath path, String target) throws IOException {
        String refusal = targetTextRefusal(target);
        if (refusal != null) {
            return refusal;
        }
        List<String> steps = new ArrayList<>();
        for (String c : target.split("/", -1)) {
            if (!c.isEmpty()) {
                steps.add(c);
            }
        }
        String base = path.parent();
        for (int existing = steps.size(); existing >= 0; existing--) {
            StringBuilder prefix = new StringBuilder(base);
            for (String s : steps.subList(0, existing)) {
                prefix.append(prefix.isEmpty() ? "" : "/").append(s);
            }
            try (Handle h = destination.resolve(prefix.isEmpty() ? "." : prefix.toString(), lookup)) {
                if (steps.subList(existing, steps.size()).contains("..")) {
                    return "symlink target climbs with .. past the part that exists";
                }
                return null;
            } catch (PathEscapeException e) {
                return "symlink target leaves the destination";
            } catch (NoSuchFileException | NotDirectoryException e) {
                // judge a shorter prefix
            } catch (FileSystemLoopException e) {
                return "symlink target does not resolve (ELOOP)";
            }
        }
        // the link's own directory is missing: it will be created inside, and the target judged by its text
        return EntryPath.lexicallyInside(path.components().subList(0, path.components().size() - 1), target)
                && !target.contains("..") ? null : "symlink target leaves the destination";
    }

    private String hardLinkSourceRefusal(String target) {
        if (target == null || target.isEmpty()) {
            return "empty hard link source";
        }
        EntryPath source = EntryPath.of(target);
        if (source.refusal() != null) {
            return "hard link source: " + source.refusal();
        }
        if (source.isDestination()) {
            return "hard link to the destination itself";
        }
        return null;
    }

    // ---- modes --------------------------------------------------------------------------------

    private int fileMode(ArchiveItem item) {
        int mode = item.mode() < 0 ? 0644 : item.mode();
        if (policy == ExtractionPolicy.TAR) {
            return mode & (settings.keepSetIdBits() ? 07777 : 01777);
        }
        mode = (mode & 0755) | 0600;
        if ((mode & 0100) == 0) {
            mode &= ~0011;
        }
        return mode;
    }

    private int dirMode(ArchiveItem item) {
        int mode = item.mode() < 0 ? 0755 : item.mode();
        if (policy == ExtractionPolicy.TAR) {
            return mode & (settings.keepSetIdBits() ? 07777 : 01777);
        }
        return (mode & 0755) | 0700;
    }

    // ---- reports ------------------------------------------------------------------------------

    private static EntryReport report(ArchiveItem item, EntryPath path, Outcome outcome, String reason, long bytes) {
        return new EntryReport(item.name(), path.path(), item.type(), outcome, reason, bytes);
    }

    private static EntryReport refused(ArchiveItem item, EntryPath path, String reason) {
        return report(item, path, Outcome.REFUSED, reason, 0);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
