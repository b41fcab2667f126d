package dev.beneath.sftp;

import dev.beneath.PathError;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The errno a failure stands for: the one beneath reported, or the one its java.nio type implies. */
final class Errnos {
    private Errnos() {
    }

    /** The errno name of {@code failure}, or {@code null} when nothing says which. */
    static String of(Throwable failure) {
        return switch (failure) {
            case null -> null;
            case PathError e -> e.errno().name();
            case NoSuchFileException e -> "ENOENT";
            case FileNotFoundException e -> "ENOENT";
            case FileAlreadyExistsException e -> "EEXIST";
            case DirectoryNotEmptyException e -> "ENOTEMPTY";
            case NotDirectoryException e -> "ENOTDIR";
            case AccessDeniedException e -> "EACCES";
            case FileSystemLoopException e -> "ELOOP";
            case InvalidPathException e -> "EINVAL";
            case UnsupportedOperationException e -> "ENOTSUP";
            case EOFException e -> null;
            default -> null;
        };
    }
}
