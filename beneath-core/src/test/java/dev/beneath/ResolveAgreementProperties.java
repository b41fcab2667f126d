package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.ResolveCase.Outcome;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.testkit.HostileTree;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random paths over {@link HostileTree} with random options: openat2 and the emulated walk
 * give the same object (dev/ino) or the same errno, and no success is an object from outside
 * the root (its dev/ino is in the census of everything under the root, taken beforehand).
 * When the process may mount, a tmpfs on {@code root/mnt} gives noXdev something to refuse.
 */
class ResolveAgreementProperties {
    private record Key(long dev, long ino) {
    }

    private static Path base;
    private static Tree tree;
    private static Set<Key> census;
    private static Root openat2;
    private static Root emulated;
    /** The tmpfs mounted inside the root, when the process may mount. */
    private static Path mounted;

    /** Path components: names in the tree, links by their path, dots, and empty components. */
    private static final List<String> TOKENS = tokens();

    private static List<String> tokens() {
        List<String> t = new ArrayList<>(HostileTree.NAMES);
        for (String name : HostileTree.NAMES) {
            t.add("links/" + name);
        }
        t.addAll(List.of(".", "..", "..", "", "a/b", "links/c40/l01", "links/c41/l01",
                "mnt", "mnt/inside", "mnt/out", "inside", "out", "links/to-mnt"));
        return List.copyOf(t);
    }

    /** Components that lead somewhere from most places, so that a good share of paths resolve. */
    private static final List<String> COMMON = List.of(
            "a", "a/b", "b", "c", ".", "..", "", "up", "links", "links/abs-root", "links/rel-ab",
            "links/to-dotdot", "links/to-dot", "links/hop1", "links/garbage-etc", "links/climb-root", "etc", "root",
            "mnt", "mnt/out");

    @BeforeContainer
    static void setUp() throws IOException {
        base = Files.createTempDirectory("beneath-agreement");
        tree = HostileTree.build(base);
        tree.dir("mnt").symlink("links/to-mnt", "/mnt/inside");
        if (TestEnv.canMount()) {
            // A tmpfs inside the root, so that noXdev has a mount to refuse.
            mounted = tree.path("mnt");
            try {
                Sys.mount("tmpfs", mounted.toString().getBytes(UTF_8), "tmpfs", 0, "size=1m,mode=0755");
            } catch (SyscallException e) {
                throw new IllegalStateException(e);
            }
            tree.file("mnt/inside", "on the tmpfs\n").symlink("mnt/out", "../../a/b");
        }
        Set<Key> keys = new HashSet<>();
        try (Stream<Path> all = Files.walk(tree.base())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Statx st = tree.stat(tree.base().relativize(p).toString());
                keys.add(new Key(st.dev(), st.ino()));
            }
        }
        Statx outside = new Tree(base).stat("outside/secret");
        assertTrue(!keys.contains(new Key(outside.dev(), outside.ino())), "the census holds only the root");
        census = Set.copyOf(keys);
        openat2 = Root.open(tree.base(), Backend.OPENAT2);
        emulated = Root.open(tree.base(), Backend.EMULATED);
    }

    @AfterContainer
    static void tearDown() throws IOException, SyscallException {
        if (mounted != null) {
            Sys.umount2(mounted.toString().getBytes(UTF_8), Linux.MNT_DETACH);
            mounted = null;
        }
        if (openat2 != null) {
            openat2.close();
        }
        if (emulated != null) {
            emulated.close();
        }
        if (base != null) {
            HostileTree.delete(base);
        }
    }

    @Property(tries = 4000)
    void backendsAgreeAndNeverEscape(@ForAll("paths") String path, @ForAll("options") ResolveOptions options) {
        Outcome a = Outcome.of(openat2, path, options);
        Outcome b = Outcome.of(emulated, path, options);
        assertEquals(a, b, () -> ResolveCase.show(path) + " " + ResolveCase.show(options)
                + ": openat2 and emulated disagree");
        if (a.ok()) {
            assertTrue(census.contains(new Key(a.dev(), a.ino())),
                    () -> ResolveCase.show(path) + " " + ResolveCase.show(options) + " escaped the root: " + a);
        }
        Statistics.label("outcome").collect(a.ok() ? "ok" : a.errno());
        Statistics.label("outcome").coverage(c -> {
            c.check("ok").percentage(p -> p >= 10);
            c.check("EXDEV").percentage(p -> p >= 2);
            c.check("ELOOP").percentage(p -> p >= 2);
            c.check("ENOTDIR").percentage(p -> p >= 1);
        });
        if (mounted != null) {
            // Under IN_ROOT only a mount crossing with noXdev gives EXDEV.
            Statistics.label("mount crossing refused")
                    .collect(options.scope() == Scope.IN_ROOT && "EXDEV".equals(a.errno()));
            Statistics.label("mount crossing refused").coverage(c -> c.check(true).count(n -> n >= 10));
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> component = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(TOKENS)), Tuple.of(3, Arbitraries.of(COMMON)));
        Arbitrary<List<String>> components = component.list().ofMinSize(0).ofMaxSize(7);
        Arbitrary<String> lead = Arbitraries.of("", "", "", "/", "//", "./", "../", "/../");
        Arbitrary<String> trail = Arbitraries.of("", "", "", "", "/", "/.", "/..", "//");
        return Combinators.combine(lead, components, trail).as((l, c, t) -> l + String.join("/", c) + t);
    }

    @Provide
    Arbitrary<ResolveOptions> options() {
        Arbitrary<Boolean> flag = Arbitraries.of(false, false, true);
        return Combinators.combine(Arbitraries.of(Scope.class), flag, flag, flag)
                .as((scope, noSymlinks, noXdev, noFollow) -> new ResolveOptions(scope, noSymlinks, noXdev, noFollow));
    }
}
