package dev.beneath.subpath;

import static dev.beneath.subpath.SubPathValidation.quote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a volume mount's {@code subPathExpr} from the container's environment, the way the
 * node agent does: {@code $(VAR)} is replaced by the value of {@code VAR}; {@code $$} stands
 * for one literal {@code $}, so {@code $$(VAR)} is the literal text {@code $(VAR)}; a
 * {@code $} followed by anything else, and a {@code $(} never closed, are kept as written.
 *
 * <p>A reference to a variable that is missing or empty is an error naming it: an empty
 * expansion would silently mount a different directory than the one meant (often the whole
 * volume). The expanded text is then checked like any subPath ({@link SubPathValidation#check}),
 * so a variable cannot smuggle in an absolute path or a {@code ..}.
 */
public final class SubPathExpansion {
    private SubPathExpansion() {
    }

    /** A piece of an expression: literal text, or a reference to a variable. */
    private record Part(String text, boolean variable) {
    }

    /**
     * The subPath {@code expression} names in {@code environment}, checked.
     *
     * @param expression  the volume mount's {@code subPathExpr}
     * @param environment the container's variables with literal values
     * @return the expanded subPath, which {@link SubPathValidation#check} accepts
     * @throws SubPathException naming every missing or empty variable referenced, or the
     *                          reason the expanded subPath is refused
     */
    public static String expand(String expression, Map<String, String> environment) throws SubPathException {
        StringBuilder expanded = new StringBuilder();
        Set<String> missing = new LinkedHashSet<>();
        for (Part part : parse(expression)) {
            if (!part.variable()) {
                expanded.append(part.text());
                continue;
            }
            String value = environment.get(part.text());
            if (value == null || value.isEmpty()) {
                missing.add(part.text());
            } else {
                expanded.append(value);
            }
        }
        if (!missing.isEmpty()) {
            throw new SubPathException("subPathExpr " + quote(expression) + ": no value for "
                    + (missing.size() == 1 ? "variable " : "variables ")
                    + String.join(", ", missing.stream().map(SubPathValidation::quote).toList()));
        }
        String subPath = expanded.toString();
        try {
            SubPathValidation.check(subPath);
        } catch (SubPathException e) {
            throw new SubPathException("subPathExpr " + quote(expression) + " expands to a refused subPath: "
                    + e.getMessage(), e);
        }
        return subPath;
    }

    /**
     * The names of the variables {@code expression} references, each once, in order of first use.
     *
     * @param expression a {@code subPathExpr}
     * @return the referenced names, possibly none
     */
    public static List<String> references(String expression) {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parse(expression)) {
            if (part.variable()) {
                names.add(part.text());
            }
        }
        return List.copyOf(names);
    }

    private static List<Part> parse(String expression) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c != '$' || i + 1 == expression.length()) {
                literal.append(c);
                i++;
                continue;
            }
            char next = expression.charAt(i + 1);
            int close = next == '(' ? expression.indexOf(')', i + 2) : -1;
            if (close >= 0) {
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                }
                parts.add(new Part(expression.substring(i + 2, close), true));
                i = close + 1;
            } else if (next == '$') {
                literal.append('$');
                i += 2;
            } else {
                // "$x" or a "$(" never closed: both characters are kept as written
                literal.append(c).append(next);
                i += 2;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), false));
        }
        return parts;
    }
}
