package dev.beneath.nio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copy and move between a beneath file system and another file system (another provider,
 * or another beneath root): each side is opened by its own provider, so the beneath side
 * is reached only through its root and its content travels as a stream between two open
 * channels, never as a host path string. A move is a copy followed by a delete of the
 * source, and so never atomic.
 */
final class CrossProvider {
    private CrossProvider() {
    }

    static void copy(Path source, Path target, boolean move, CopyOption... options) throws IOException {
        Options.Copy o = Options.Copy.of(options);
        if (o.atomic()) {
            if (move) {
                throw new java.nio.file.AtomicMoveNotSupportedException(source.toString(), target.toString(),
                        "source and target are in different file systems");
            }
            throw new UnsupportedOperationException("Unsupported copy option: ATOMIC_MOVE");
        }
        boolean follow = !move && o.follow();
        LinkOption[] links = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class, links);
        if (attrs.isSymbolicLink()) {
            throw new java.io.IOException("Copying of symbolic links not supported between file systems: " + source);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!o.replace()) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.delete(target); // a directory with entries: DirectoryNotEmptyException
        }
        if (attrs.isDirectory()) {
            Files.createDirectory(target);
        } else {
            try (InputStream in = Files.newInputStream(source, links);
                 OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
        }
        if (o.copyAttributes() || move) {
            BasicFileAttributeView view = Files.getFileAttributeView(target, BasicFileAttributeView.class);
            view.setTimes(attrs.lastModifiedTime(), attrs.lastAccessTime(), null);
        }
        if (move) {
            Files.delete(source);
        }
    }
}
