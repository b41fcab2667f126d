package dev.beneath.cli;

/**
 * Makes a name safe to print as one line of plain text, as {@code ls --quoting-style=escape}
 * does: a name chosen by whoever controls the tree must not start a new line that reads as
 * other output, move the cursor, or reorder text. Control characters (C0, DEL, C1) and the
 * Unicode line separators and format controls (bidirectional overrides among them) become
 * escapes ({@code \n}, {@code \t}, {@code \x1b}, {@code \u202e}), a byte that is not valid
 * UTF-8 (carried as U+DC80..U+DCFF) becomes {@code \xNN}, and a backslash is doubled so that
 * every escape is unambiguous. {@code --json} output is not affected: it is exact.
 */
final class PlainText {
    private PlainText() {
    }

    static String escape(String s) {
        if (s == null || s.codePoints().noneMatch(PlainText::needsEscape)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(c -> {
            if (!needsEscape(c)) {
                out.appendCodePoint(c);
                return;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c >= 0xDC80 && c <= 0xDCFF) {
                        out.append(String.format("\\x%02x", c - 0xDC00)); // a raw byte, surrogate-escaped
                    } else if (c < 0x100) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.append(String.format("\\u%04x", c));
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean needsEscape(int c) {
        if (c == '\\') {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
