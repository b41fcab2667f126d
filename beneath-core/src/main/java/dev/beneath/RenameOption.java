package dev.beneath;

/** How {@link Root#rename} treats an existing target. */
public enum RenameOption {
    /** Fail with {@code EEXIST} instead of replacing an existing target ({@code RENAME_NOREPLACE}). */
    NO_REPLACE,
    /** Swap source and target atomically; both must exist ({@code RENAME_EXCHANGE}). */
    EXCHANGE
}
