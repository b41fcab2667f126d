package dev.beneath.lab.attack;

import dev.beneath.PathError;
import dev.beneath.internal.sys.SyscallException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Names a failure the way the lab counts it: by errno wherever one can be found. */
final class ErrorLabels {
    private ErrorLabels() {
    }

    /** The errno behind {@code failure} (searched along its causes), else its class name. */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String label = direct(t);
            if (label != null) {
                return label;
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String direct(Throwable t) {
        if (t instanceof PathError pe) {
            return pe.errno().name();
        }
        if (t instanceof SyscallException se) {
            return se.errnoName();
        }
        // what java.nio throws for the naive strategies
        if (t instanceof NoSuchFileException) {
            return "ENOENT";
        }
        if (t instanceof NotDirectoryException) {
            return "ENOTDIR";
        }
        if (t instanceof FileSystemLoopException) {
            return "ELOOP";
        }
        if (t instanceof AccessDeniedException) {
            return "EACCES";
        }
        if (t instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return null;
    }
}
