package dev.beneath.archive;

import dev.beneath.Root;
import dev.beneath.archive.internal.ArchiveReader;
import dev.beneath.archive.internal.Readers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Unpacks tar and zip archives into a {@link Root}, so that nothing outside the destination is
 * ever created, written, chmod'ed, touched or deleted: not by the archive (absolute names,
 * {@code ..}, symlinks and hard links pointing out, links planted by earlier entries, a
 * directory entry over a symlink), and not by another process changing the destination while
 * the extraction runs (directories swapped for symlinks to the outside, in a loop).
 *
 * <pre>{@code
 * try (Root dest = Root.open(Path.of("/srv/uploads/42"))) {
 *     ExtractionReport report = Extractor.builder()
 *             .destination(dest)
 *             .policy(ExtractionPolicy.DATA)
 *             .build()
 *             .extract(Path.of("upload.tar.gz"));
 * }
 * }</pre>
 *
 * <p>How: every entry's parent directory is resolved by the kernel inside the destination
 * ({@code RESOLVE_BENEATH}, or the emulated walk) and pinned by a descriptor; the entry is then
 * created there with one single-component call: a file under a temporary exclusive name
 * ({@code O_CREAT|O_EXCL|O_NOFOLLOW}) that is renamed into place only once it is complete and
 * accepted, so a refused or interrupted entry never appears partly written; a symlink or hard
 * link the same way ({@code symlinkat}; {@code linkat} from the descriptor of the resolved
 * source). No existing symlink is ever written through or followed to create its target.
 * Directory modes and times are applied at the end, through descriptors held since each
 * directory was created (or, past a bounded number, re-resolved without following symlinks and
 * checked to be the same inode), so no later entry can redirect them. What each
 * {@link ExtractionPolicy policy} accepts is documented there; {@link Limits} stop bombs.
 *
 * <p>Formats are detected by content: tar (ustar, pax, GNU long names and sparse files), bare
 * or compressed with gzip, bzip2, xz or zstd; zip (zip64, data descriptors), read from the
 * central directory when {@link #extract(Path)} is given a file and streamed otherwise. A
 * streamed zip carries no Unix modes or symlinks (they live in the central directory), so its
 * entries are files and directories with default modes.
 *
 * <p>Not protected: the contents of the files extracted (they are the archive's); hard links
 * planted in the destination beforehand to files outside it (a hard link entry may link to
 * such a file, and it is never written through); a directory of the destination moved out of
 * it by a process with write access outside, while an entry is being created in it.
 *
 * <p>An extractor is immutable and may be used for several archives, one at a time per
 * destination.
 */
public final class Extractor {
    private final Root destination;
    private final ExtractionPolicy policy;
    private final Limits limits;
    private final OverwriteMode overwrite;
    private final ProgressListener listener;
    private final boolean keepSetIdBits;
    private final boolean preserveOwnership;

    private Extractor(Builder b) {
        this.destination = b.destination;
        this.policy = b.policy;
        this.limits = b.limits;
        this.overwrite = b.overwrite;
        this.listener = b.listener;
        this.keepSetIdBits = b.keepSetIdBits;
        this.preserveOwnership = b.preserveOwnership;
    }

    /**
     * Starts an extractor's settings.
     *
     * @return a builder with the defaults: {@link ExtractionPolicy#DATA}, {@link Limits#DEFAULT},
     *         {@link OverwriteMode#NEVER}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Extracts the archive file {@code archive} (a zip through its central directory).
     *
     * @param archive the archive, a trusted path
     * @return what happened to each entry
     * @throws ExtractionLimitException a limit stopped the extraction; its report says what was done
     * @throws ArchiveFormatException   the file is no archive this reads, or is damaged
     * @throws IOException              reading the archive failed, or the destination could not be written (no space, ...)
     * @throws IllegalStateException    no destination was given
     */
    public ExtractionReport extract(Path archive) throws IOException {
        requireDestination();
        try (ArchiveReader reader = Readers.open(archive)) {
            return new Extraction(this, reader, Files.size(archive), false).run();
        }
    }

    /**
     * Extracts an archive read from {@code in}, which is closed afterwards.
     *
     * @param in the archive's bytes
     * @return what happened to each entry
     * @throws ExtractionLimitException a limit stopped the extraction; its report says what was done
     * @throws ArchiveFormatException   the stream is no archive this reads, or is damaged
     * @throws IOException              reading failed, or the destination could not be written
     * @throws IllegalStateException    no destination was given
     */
    public ExtractionReport extract(InputStream in) throws IOException {
        requireDestination();
        try (ArchiveReader reader = Readers.open(in)) {
            return new Extraction(this, reader, -1, false).run();
        }
    }

    /**
     * What {@link #extract(Path)} would do, without writing anything: each entry's outcome
     * under the policy and the limits, judged from the archive alone (a link target by its
     * text; at extraction the kernel judges it again against the tree as it stands). No
     * destination is needed.
     *
     * @param archive the archive, a trusted path
     * @return the outcome each entry would have
     * @throws ExtractionLimitException a limit would stop the extraction
     * @throws IOException              the archive could not be read or parsed
     */
    public ExtractionReport list(Path archive) throws IOException {
        try (ArchiveReader reader = Readers.open(archive)) {
            return new Extraction(this, reader, Files.size(archive), true).run();
        }
    }

    /**
     * {@link #list(Path)} for an archive read from {@code in}, which is closed afterwards.
     *
     * @param in the archive's bytes
     * @return the outcome each entry would have
     * @throws ExtractionLimitException a limit would stop the extraction
     * @throws IOException              the archive could not be read or parsed
     */
    public ExtractionReport list(InputStream in) throws IOException {
        try (ArchiveReader reader = Readers.open(in)) {
            return new Extraction(this, reader, -1, true).run();
        }
    }

    private void requireDestination() {
        if (destination == null) {
            throw new IllegalStateException("no destination: Extractor.builder().destination(root)");
        }
    }

    Root destination() {
        return destination;
    }

    ExtractionPolicy policy() {
        return policy;
    }

    Limits limits() {
        return limits;
    }

    OverwriteMode overwrite() {
        return overwrite;
    }

    ProgressListener listener() {
        return listener;
    }

    boolean keepSetIdBits() {
        return keepSetIdBits;
    }

    boolean preserveOwnership() {
        return preserveOwnership;
    }

    /** Collects an extractor's settings. Not thread-safe; {@link #build()} copies them. */
    public static final class Builder {
        private Root destination;
        private ExtractionPolicy policy = ExtractionPolicy.DATA;
        private Limits limits = Limits.DEFAULT;
        private OverwriteMode overwrite = OverwriteMode.NEVER;
        private ProgressListener listener = ProgressListener.NONE;
        private boolean keepSetIdBits;
        private boolean preserveOwnership;

        private Builder() {
        }

        /**
         * Sets the destination.
         *
         * @param root where entries go; the caller keeps it open during extraction and closes it
         * @return this builder
         */
        public Builder destination(Root root) {
            this.destination = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Sets what the archive may create (default {@link ExtractionPolicy#DATA}).
         *
         * @param value what the archive may create (default {@link ExtractionPolicy#DATA})
         * @return this builder
         */
        public Builder policy(ExtractionPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Sets the limits (default {@link Limits#DEFAULT}).
         *
         * @param value the limits (default {@link Limits#DEFAULT})
         * @return this builder
         */
        public Builder limits(Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets what happens when a name exists (default {@link OverwriteMode#NEVER}).
         *
         * @param value what happens when a name exists (default {@link OverwriteMode#NEVER})
         * @return this builder
         */
        public Builder overwrite(OverwriteMode value) {
            this.overwrite = Objects.requireNonNull(value, "overwrite");
            return this;
        }

        /**
         * Sets the listener told after every entry (default: none).
         *
         * @param value told after every entry, on the extracting thread
         * @return this builder
         */
        public Builder progressListener(ProgressListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets whether setuid and setgid bits are kept.
         *
         * @param value under {@link ExtractionPolicy#TAR}, keep setuid and setgid bits (ignored by the other policies)
         * @return this builder
         */
        public Builder keepSetIdBits(boolean value) {
            this.keepSetIdBits = value;
            return this;
        }

        /**
         * Sets whether ownership is applied.
         *
         * @param value under {@link ExtractionPolicy#TAR}, give entries the archive's numeric owner
         *              and group (only root can; otherwise each entry's report says it was not
         *              applied); ignored by the other policies
         * @return this builder
         */
        public Builder preserveOwnership(boolean value) {
            this.preserveOwnership = value;
            return this;
        }

        /**
         * Makes the extractor.
         *
         * @return an extractor with these settings
         */
        public Extractor build() {
            return new Extractor(this);
        }
    }
}
