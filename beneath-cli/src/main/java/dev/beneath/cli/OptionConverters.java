package dev.beneath.cli;

import dev.beneath.Backend;
import dev.beneath.Scope;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns the lower-case option values of the command line into the library's enums. */
final class OptionConverters {
    private OptionConverters() {
    }

    /** {@code in-root} or {@code beneath}. */
    static final class ScopeConverter implements ITypeConverter<Scope> {
        @Override
        public Scope convert(String value) {
            return switch (value) {
                case "in-root" -> Scope.IN_ROOT;
                case "beneath" -> Scope.BENEATH;
                default -> throw new TypeConversionException("'" + value + "' is not a scope: use in-root or beneath");
            };
        }
    }

    /** {@code auto}, {@code openat2} or {@code emulated}. */
    static final class BackendConverter implements ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return switch (value) {
                case "auto" -> Backend.AUTO;
                case "openat2" -> Backend.OPENAT2;
                case "emulated" -> Backend.EMULATED;
                default -> throw new TypeConversionException(
                        "'" + value + "' is not a backend: use auto, openat2 or emulated");
            };
        }
    }

    /**
     * An octal mode such as {@code 0750}, {@code 750} or {@code 02775}: up to four octal digits
     * after an optional leading zero, setuid, setgid and sticky included. Symbolic modes
     * ({@code u+x}) are not accepted.
     */
    static final class ModeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (!value.matches("0?[0-7]{1,4}")) {
                throw new TypeConversionException("'" + value + "' is not an octal mode such as 0755 or 2775");
            }
            return Integer.parseInt(value, 8);
        }
    }

    /** A mode as the command line prints it: four octal digits, {@code 0644} or {@code 2775}. */
    static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** The name the command line uses for a backend. */
    static String name(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }

    /** Values shown in the help for {@code --scope}. */
    static final class ScopeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("in-root", "beneath").iterator();
        }
    }

    /** Values shown in the help for {@code --backend}. */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "openat2", "emulated").iterator();
        }
    }
}
