package dev.beneath.sftp;

import java.util.Objects;

/**
 * One file operation a client asked for, as the operation log reports it.
 *
 * <p>Paths are the session's in-root paths ({@code /} is the served directory), never host
 * paths, so a log line can be shown to the user it is about.
 *
 * @param user      the authenticated user name
 * @param operation what was asked: {@code open}, {@code close}, {@code opendir},
 *                  {@code closedir}, {@code mkdir}, {@code remove}, {@code rmdir},
 *                  {@code rename}, {@code symlink}, {@code link} or {@code setstat}
 * @param path      the in-root path the operation is about
 * @param target    the second path of a rename or link (for a symlink, its target as given),
 *                  or {@code null}
 * @param ok        whether the operation succeeded
 * @param errno     the cause of a failure as the kernel names it ({@code "ENOENT"},
 *                  {@code "EACCES"}, ...), or {@code null} when it succeeded or has no errno
 */
public record SftpOperation(String user, String operation, String path, String target, boolean ok, String errno) {
    /**
     * Checks the components that are always present.
     *
     * @throws NullPointerException if {@code user}, {@code operation} or {@code path} is null
     */
    public SftpOperation {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(path, "path");
    }

    /**
     * The outcome as one word.
     *
     * @return {@code "ok"} or {@code "error"}
     */
    public String result() {
        return ok ? "ok" : "error";
    }
}
