package dev.beneath;

/** What a path may do at the edge of its {@link Root}. */
public enum Scope {
    /**
     * The root acts as {@code /}: absolute paths and absolute symlinks start at the root, and
     * {@code ..} at the root stays at the root ({@code RESOLVE_IN_ROOT}). The default.
     */
    IN_ROOT,
    /**
     * Any step that would leave the root fails with {@link PathEscapeException}: an absolute
     * path, an absolute symlink, or {@code ..} at the root ({@code RESOLVE_BENEATH}).
     */
    BENEATH
}
