package dev.beneath.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A snapshot of a tree: for every entry, its type, inode, mode, owner, size, modification
 * time, link target and content digest. Two snapshots are equal when nothing in the tree was
 * created, removed, replaced, renamed, changed or touched.
 */
public record Census(Map<String, String> entries) {

    public static Census of(Path top) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                out.put(top.relativize(p).toString(), describe(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Census(out);
    }

    private static String describe(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:ino,mode,uid,gid,size,lastModifiedTime,nlink",
                LinkOption.NOFOLLOW_LINKS);
        StringBuilder s = new StringBuilder(new TreeMap<>(a).toString());
        if (Files.isSymbolicLink(p)) {
            s.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            s.append(" sha256=").append(digest(Files.readAllBytes(p)));
        }
        return s.toString();
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
