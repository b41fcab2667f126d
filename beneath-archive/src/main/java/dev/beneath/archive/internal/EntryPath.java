package dev.beneath.archive.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An entry name made into a path relative to the destination, or the reason it cannot be.
 * Only the text is examined here; what the path leads to is the kernel's business.
 *
 * @param components   the normalized components (no empty, {@code .} or {@code ..} ones)
 * @param wasAbsolute  the name began with {@code /}
 * @param refusal      why the name is refused, or null
 */
public record EntryPath(List<String> components, boolean wasAbsolute, String refusal) {

    /** The path as one string, components joined by {@code /}; empty for the destination itself. */
    public String path() {
        return String.join("/", components);
    }

    /** The parent's path, empty for an entry directly in the destination. */
    public String parent() {
        return String.join("/", components.subList(0, Math.max(0, components.size() - 1)));
    }

    /** The final component. */
    public String fileName() {
        return components.getLast();
    }

    /** Whether the path names the destination itself. */
    public boolean isDestination() {
        return components.isEmpty();
    }

    /** The length of {@link #path()} in bytes, as it will be given to the kernel. */
    public int byteLength() {
        return SurrogateEscape.encodeName(path()).length;
    }

    /** Parses {@code name}: separators {@code /}; a NUL byte or a {@code ..} component is refused. */
    public static EntryPath of(String name) {
        if (name.indexOf('\0') >= 0) {
            return new EntryPath(List.of(), false, "a NUL byte in the name");
        }
        boolean absolute = name.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String c : name.split("/", -1)) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                return new EntryPath(List.of(), absolute, "a .. component in the name");
            }
            out.add(c);
        }
        return new EntryPath(List.copyOf(out), absolute, null);
    }

    /**
     * Whether {@code target}, read as a symlink's text in the directory {@code parent}, stays
     * inside the destination by its text alone: for a listing, where no tree can be asked.
     */
    public static boolean lexicallyInside(List<String> parent, String target) {
        if (target.startsWith("/")) {
            return false;
        }
        int depth = parent.size();
        for (String c : target.split("/", -1)) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            depth += c.equals("..") ? -1 : 1;
            if (depth < 0) {
                return false;
            }
        }
        return true;
    }
}
