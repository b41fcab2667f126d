package dev.beneath.subpath;

/**
 * The node agent's checks on a subPath before anything touches the disk: it is relative, it
 * has no {@code ..} element, no NUL byte, and is not empty. Names of volumes and containers
 * must be single path components.
 */
public final class SubPathValidation {
    private SubPathValidation() {
    }

    /**
     * Refuses a subPath the node agent must never act on. Only the text is checked: where it
     * leads inside the volume is decided when it is resolved, by descriptor.
     *
     * @param subPath the subPath as the pod spec gives it (after expansion)
     * @throws SubPathException if it is empty, absolute, contains a NUL byte or a {@code ..}
     *                          element
     */
    public static void check(String subPath) throws SubPathException {
        if (subPath.isEmpty()) {
            throw new SubPathException("subPath must not be empty");
        }
        if (subPath.indexOf('\0') >= 0) {
            throw new SubPathException("subPath " + quote(subPath) + " contains a NUL byte");
        }
        if (subPath.startsWith("/")) {
            throw new SubPathException("subPath " + quote(subPath) + " must be a relative path");
        }
        for (String element : subPath.split("/", -1)) {
            if (element.equals("..")) {
                throw new SubPathException("subPath " + quote(subPath) + " must not contain '..'");
            }
        }
    }

    /**
     * Refuses a volume or container name that is not one plain path component.
     *
     * @param kind what the name names ({@code "volume"}, {@code "container"}), for the message
     * @param name the name as the pod spec gives it
     * @throws SubPathException if it is empty, {@code .}, {@code ..}, or contains a {@code /}
     *                          or a NUL byte
     */
    public static void checkName(String kind, String name) throws SubPathException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new SubPathException(kind + " name " + quote(name) + " is not a valid name");
        }
    }

    /**
     * {@code s} in double quotes, with quotes, backslashes and control characters escaped, so
     * that a name from a pod spec cannot break the line an error message is printed on.
     *
     * @param s any text
     * @return {@code s} quoted and escaped, on one line
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
