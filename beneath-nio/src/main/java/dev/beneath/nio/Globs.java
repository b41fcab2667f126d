package dev.beneath.nio;

import java.nio.file.PathMatcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code glob:} and {@code regex:} path matchers, matched against {@link BeneathPath#toString()}
 * with the glob rules of {@link java.nio.file.FileSystem#getPathMatcher}: {@code *} within a
 * name, {@code **} across names, {@code ?}, {@code [...]} (with {@code !} for negation),
 * {@code {a,b}} groups, and {@code \} escapes.
 */
final class Globs {
    private static final String REGEX_META = ".^$+{[]|()";
    private static final String GLOB_META = "\\*?[{";

    private Globs() {
    }

    static PathMatcher matcher(String syntaxAndPattern) {
        int colon = syntaxAndPattern.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException();
        }
        String syntax = syntaxAndPattern.substring(0, colon);
        String input = syntaxAndPattern.substring(colon + 1);
        String regex;
        if (syntax.equalsIgnoreCase("glob")) {
            regex = toRegex(input);
        } else if (syntax.equalsIgnoreCase("regex")) {
            regex = input;
        } else {
            throw new UnsupportedOperationException("Syntax '" + syntax + "' not recognized");
        }
        Pattern pattern = Pattern.compile(regex);
        return path -> pattern.matcher(path.toString()).matches();
    }

    private static PatternSyntaxException error(String message, String glob, int at) {
        return new PatternSyntaxException(message, glob, at);
    }

    static String toRegex(String glob) {
        StringBuilder r = new StringBuilder("^");
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw error("No character to escape", glob, i - 1);
                    }
                    char next = glob.charAt(i++);
                    if (GLOB_META.indexOf(next) >= 0 || REGEX_META.indexOf(next) >= 0) {
                        r.append('\\');
                    }
                    r.append(next);
                }
                case '/' -> r.append(c);
                case '[' -> {
                    r.append("[[^/]&&[");
                    if (i < glob.length() && glob.charAt(i) == '^') {
                        r.append("\\^");
                        i++;
                    } else {
                        if (i < glob.length() && glob.charAt(i) == '!') {
                            r.append('^');
                            i++;
                        }
                        if (i < glob.length() && glob.charAt(i) == '-') {
                            r.append('-');
                            i++;
                        }
                    }
                    boolean hasRangeStart = false;
                    char last = 0;
                    while (i < glob.length()) {
                        c = glob.charAt(i++);
                        if (c == ']') {
                            break;
                        }
                        if (c == '/') {
                            throw error("Explicit 'name separator' in class", glob, i - 1);
                        }
                        if (c == '\\' || c == '[' || c == '&' && i < glob.length() && glob.charAt(i) == '&') {
                            r.append('\\');
                        }
                        r.append(c);
                        if (c == '-') {
                            if (!hasRangeStart) {
                                throw error("Invalid range", glob, i - 1);
                            }
                            if (i == glob.length()) {
                                break;
                            }
                            c = glob.charAt(i++);
                            if (c == ']') {
                                break;
                            }
                            if (c < last) {
                                throw error("Invalid range", glob, i - 3);
                            }
                            r.append(c);
                            hasRangeStart = false;
                        } else {
                            hasRangeStart = true;
                            last = c;
                        }
                    }
                    if (c != ']') {
                        throw error("Missing ']", glob, i - 1);
                    }
                    r.append("]]");
                }
                case '{' -> {
                    if (inGroup) {
                        throw error("Cannot nest groups", glob, i - 1);
                    }
                    r.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        r.append("))");
                        inGroup = false;
                    } else {
                        r.append('}');
                    }
                }
                case ',' -> r.append(inGroup ? ")|(?:" : ",");
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        r.append(".*");
                        i++;
                    } else {
                        r.append("[^/]*");
                    }
                }
                case '?' -> r.append("[^/]");
                default -> {
                    if (REGEX_META.indexOf(c) >= 0) {
                        r.append('\\');
                    }
                    r.append(c);
                }
            }
        }
        if (inGroup) {
            throw error("Missing '}", glob, i - 1);
        }
        return r.append('$').toString();
    }
}
