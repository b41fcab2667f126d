package dev.beneath.race;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Backend;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Inodes;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A directory swapped for a symlink to the outside while the victim resolves through it.
 *
 * <p>Inside the root {@code r}: {@code d/sub/file}, and {@code link}, a symlink to the
 * directory {@code outside} next to the root, written either as its absolute host path or as
 * {@code ../outside}; a third variant puts the pair one level down ({@code r/x/d} and
 * {@code r/x/link -> ../../outside}). Outside the root: {@code outside/sub/file}, the secret.
 * An attacker exchanges {@code d} and {@code link} with {@code renameat2(RENAME_EXCHANGE)} in a
 * tight loop while the victim resolves {@code d/sub/file} (or {@code x/d/sub/file}). The root
 * also holds a decoy at the place
 * the link names when taken inside the root ({@code r/outside/sub/file}, or the absolute path
 * re-rooted at {@code r}), so that under IN_ROOT both states of {@code d} resolve honestly.
 *
 * <p>An escape is a handle whose device and inode are not in the census of the root taken
 * before the race (path strings are never compared). Both names always exist and everything
 * they lead to inside the root exists, so {@code ENOENT}, {@code ENOTDIR} and {@code ELOOP} are
 * violations too; {@code EXDEV} (BENEATH refusing the link, or the kernel refusing a raced
 * {@code ..}) and {@code EAGAIN} are the only honest errors.
 */
class SymlinkSwapRaceTest {
    private static final Set<String> ALLOWED_ERRORS = Set.of("EXDEV", "EAGAIN");

    /** How the link names the outside directory, and where the swapped pair lives. */
    enum LinkKind {
        /** {@code r/link -> /abs/path/of/outside} */
        ABSOLUTE(""),
        /** {@code r/link -> ../outside} */
        RELATIVE(""),
        /** {@code r/x/link -> ../../outside}, swapped with {@code r/x/d}: the walk is one level down */
        RELATIVE_DEEPER("x/");

        final String parent;

        LinkKind(String parent) {
            this.parent = parent;
        }

        String victimPath() {
            return parent + "d/sub/file";
        }
    }

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(Backend.OPENAT2, Backend.EMULATED).flatMap(b ->
                Stream.of(LinkKind.values()).flatMap(k ->
                        Stream.of(Scope.values()).map(s -> Arguments.of(b, k, s))));
    }

    /** A laid-out tree: the root, the census of its inodes, the link's target text. */
    private record Layout(Path root, Path parent, Map<Inodes.Key, String> census, String victimPath,
                          String decoy) {
    }

    private Layout layout(LinkKind kind) throws IOException {
        Tree tree = new Tree(tmp)
                .file("r/" + kind.parent + "d/sub/file", "inside")
                .file("outside/sub/file", "secret");
        String target = switch (kind) {
            case ABSOLUTE -> tree.path("outside").toAbsolutePath().toString();
            case RELATIVE -> "../outside";
            case RELATIVE_DEEPER -> "../../outside";
        };
        // where the link leads when it is taken inside the root (IN_ROOT): both variants say "outside"
        String decoy = (kind == LinkKind.ABSOLUTE ? target.substring(1) : "outside") + "/sub/file";
        tree.file("r/" + decoy, "decoy inside the root").symlink("r/" + kind.parent + "link", target);
        Path root = tree.path("r");
        Map<Inodes.Key, String> census = Inodes.census(root);
        // the secret must not be in the census, or the judge could not see an escape
        assertTrue(!census.containsKey(Inodes.of(tree.path("outside/sub/file"))));
        return new Layout(root, tree.path("r/" + kind.parent), census, kind.victimPath(), decoy);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void noEscape(Backend backend, LinkKind kind, Scope scope) throws Exception {
        Layout l = layout(kind);
        ResolveOptions options = ResolveOptions.DEFAULT.withScope(scope);
        try (Root root = Root.open(l.root(), backend); OwnedFd parent = RaceFds.directory(l.parent())) {
            assertEquals(backend, root.backend());
            Race.Result r = Race.run("symlink swap " + backend + " " + kind + " " + scope, Race.rounds(25_000),
                    Race.cap(), exchange(parent), () -> attempt(root, l.victimPath(), options, l.census()));
            assertTrue(r.exchanges() > 0, "the attacker never exchanged: " + r.summary());
            assertEquals(0, r.violations(), r.summary() + "\nfirst violations: " + r.firstViolations());
            // both states of d were seen, so the victim really raced the attacker
            assertTrue(r.count("ok:" + l.victimPath()) > 0, "never resolved through the directory: " + r.summary());
            String swapped = scope == Scope.IN_ROOT ? "ok:" + l.decoy() : "EXDEV";
            assertTrue(r.count(swapped) > 0, "never resolved through the symlink: " + r.summary());
        }
    }

    /**
     * The control: a plain {@code openat} of the same path from the root's descriptor, the
     * mistake this library exists to prevent, must be caught escaping by the same judge.
     * Otherwise zero escapes above would prove nothing.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LinkKind.class)
    void theJudgeCatchesANaiveOpen(LinkKind kind) throws Exception {
        Layout l = layout(kind);
        byte[] path = l.victimPath().getBytes(UTF_8);
        try (OwnedFd rDir = RaceFds.directory(l.root()); OwnedFd parent = RaceFds.directory(l.parent())) {
            Race.Result r = Race.run("symlink swap control (plain openat) " + kind, Race.rounds(25_000) / 5,
                    Race.cap(), exchange(parent), () -> {
                        try (OwnedFd fd = OwnedFd.adopt(Sys.openat(rDir.get(), path,
                                Linux.O_PATH | Linux.O_CLOEXEC, 0))) {
                            Statx st = Sys.fstatx(fd.get(), Linux.STATX_BASIC_STATS);
                            return judge(new Inodes.Key(st.dev(), st.ino()), l.census(), "plain openat");
                        } catch (SyscallException e) {
                            return Race.Outcome.ok(e.errnoName());
                        }
                    });
            assertTrue(r.violations() > 0, "the naive open never escaped, so the race proves nothing: "
                    + r.summary());
        }
    }

    /** Exchanges {@code d} and {@code link} in the directory {@code parent}. */
    private static Race.Attack exchange(OwnedFd parent) {
        byte[] d = RaceFds.name("d");
        byte[] link = RaceFds.name("link");
        return () -> Sys.renameat2(parent.get(), d, parent.get(), link, Linux.RENAME_EXCHANGE);
    }

    private static Race.Outcome attempt(Root root, String path, ResolveOptions options,
                                        Map<Inodes.Key, String> census) throws IOException {
        try (Handle h = root.resolve(path, options)) {
            var attrs = h.attributes();
            return judge(new Inodes.Key(attrs.device(), attrs.inode()), census, h.toString());
        } catch (IOException e) {
            if (!(e instanceof PathError pe)) {
                throw e;
            }
            String errno = pe.errno().name();
            return ALLOWED_ERRORS.contains(errno)
                    ? Race.Outcome.ok(errno)
                    : Race.Outcome.violation(errno, e.toString());
        }
    }

    private static Race.Outcome judge(Inodes.Key got, Map<Inodes.Key, String> census, String what) {
        String inside = census.get(got);
        return inside != null
                ? Race.Outcome.ok("ok:" + inside)
                : Race.Outcome.violation("escape", what + " gave " + got + ", not an inode inside the root");
    }
}
