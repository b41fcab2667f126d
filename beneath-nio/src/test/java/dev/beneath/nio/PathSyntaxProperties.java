package dev.beneath.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Path syntax against two oracles on the same strings: the default provider (every method)
 * and Jimfs in its Unix configuration (the methods where it agrees with the default). The
 * answers are compared as strings, exceptions by type.
 */
class PathSyntaxProperties {
    private static Path dir;
    private static FileSystem beneath;
    private static FileSystem jimfs;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("beneath-path");
        beneath = BeneathFileSystems.open(dir);
        jimfs = Jimfs.newFileSystem(Configuration.unix());
    }

    @AfterContainer
    static void close() throws IOException {
        beneath.close();
        jimfs.close();
        Files.delete(dir);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> name = Arbitraries.of("a", "b", "c", ".", "..", "", "ab", "a.b", ".x", "é", "日本");
        return name.list().ofMinSize(0).ofMaxSize(6).flatMap(names -> Arbitraries.of(true, false).flatMap(
                absolute -> Arbitraries.of("", "/", "//").map(trail -> (absolute ? "/" : "") + String.join(
                        absolute && names.isEmpty() ? "" : "/", names) + (names.isEmpty() ? "" : trail))));
    }

    private static List<String> unary(Path p) {
        List<String> out = new ArrayList<>();
        out.add("toString=" + p);
        out.add("isAbsolute=" + p.isAbsolute());
        out.add("root=" + p.getRoot());
        out.add("fileName=" + p.getFileName());
        out.add("parent=" + p.getParent());
        out.add("count=" + p.getNameCount());
        for (int i = 0; i < p.getNameCount(); i++) {
            out.add("name" + i + "=" + p.getName(i));
            out.add("subpath" + i + "=" + p.subpath(i, p.getNameCount()));
        }
        out.add("normalize=" + p.normalize());
        out.add("absolute=" + p.isAbsolute());
        List<String> it = new ArrayList<>();
        p.iterator().forEachRemaining(e -> it.add(e.toString()));
        out.add("iterator=" + it);
        return out;
    }

    private static String attempt(Function<Void, Object> f) {
        try {
            return "=" + f.apply(null);
        } catch (RuntimeException e) {
            return "!" + e.getClass().getSimpleName();
        }
    }

    private static List<String> binary(Path a, Path b) {
        List<BiFunction<Path, Path, Object>> ops = List.of(
                Path::resolve, Path::resolveSibling, Path::relativize, Path::startsWith, Path::endsWith,
                (x, y) -> Integer.signum(x.compareTo(y)), Path::equals, (x, y) -> x.hashCode() == y.hashCode()
                        || !x.equals(y), (x, y) -> x.resolve(y.toString()).normalize());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            BiFunction<Path, Path, Object> op = ops.get(i);
            out.add(i + attempt(v -> op.apply(a, b)));
        }
        return out;
    }

    @Property(tries = 400)
    void oneMethodAgreesWithTheDefaultProvider(@ForAll("paths") String s) {
        assertEquals(unary(Path.of(s)), unary(beneath.getPath(s)), s);
        assertEquals(unary(jimfs.getPath(s)).subList(0, 6), unary(beneath.getPath(s)).subList(0, 6), s);
    }

    @Property(tries = 600)
    void twoPathMethodsAgreeWithTheDefaultProvider(@ForAll("paths") String a, @ForAll("paths") String b) {
        assertEquals(binary(Path.of(a), Path.of(b)), binary(beneath.getPath(a), beneath.getPath(b)), a + " , " + b);
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.of("*", "**", "?", "[a-c]", "[!a]", "[-a]", "[a-]", "{a,b}", "{a,*.c}", "a", "b", ".", "/",
                "\\*", "\\", "[", "{", "}", ",", "c.c", "[^a]", "a*b").list().ofMinSize(1).ofMaxSize(5)
                .map(parts -> String.join("", parts));
    }

    private static String matches(java.nio.file.FileSystem fs, String glob, String path) {
        try {
            return String.valueOf(fs.getPathMatcher("glob:" + glob).matches(fs.getPath(path)));
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Property(tries = 1000)
    void globsMatchAsTheDefaultProvidersDo(@ForAll("globs") String glob, @ForAll("paths") String path) {
        assertEquals(matches(FileSystems.getDefault(), glob, path), matches(beneath, glob, path), glob + " on " + path);
    }

    @Property(tries = 200)
    void uriRoundTrips(@ForAll("paths") String s) throws IOException {
        try (FileSystem registered = FileSystems.newFileSystem(
                java.net.URI.create("beneath:" + dir.toUri().getPath()), java.util.Map.of())) {
            Path p = registered.getPath(s);
            assertEquals(p.toAbsolutePath(), Path.of(p.toUri()));
        }
    }
}
