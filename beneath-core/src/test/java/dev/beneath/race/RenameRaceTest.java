package dev.beneath.race;

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
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's own rename attack on a lookup: the root is {@code a}, a directory {@code a/c}
 * sits inside it and {@code b} outside it, and an attacker exchanges {@code a/c} and {@code b}
 * with {@code renameat2(RENAME_EXCHANGE)} in a tight loop while the victim resolves
 * {@code c/../..} eighteen times over. A walk standing in {@code c} when it moves out would
 * climb out of the root on the next {@code ..}.
 *
 * <p>Honest answers. {@code a/c} always exists (an exchange never leaves the name empty) and
 * holds a directory, so {@code ENOENT} or {@code ENOTDIR} can only come from a walk that left
 * the root: both are violations. Under IN_ROOT every walk that stays inside ends at {@code a}
 * itself, so the only right answers are a handle on {@code a} (judged by device and inode) or
 * {@code EXDEV}/{@code EAGAIN} (the kernel noticed the rename during a {@code ..}). Under
 * BENEATH the second {@code ..} of the first {@code c/../..} is a {@code ..} at the root, an
 * error by definition, so every attempt must fail with {@code EXDEV} (or {@code EAGAIN}): any
 * handle at all is an escape.
 */
class RenameRaceTest {
    private static final String VICTIM_PATH = String.join("/", Collections.nCopies(18, "c/../.."));
    private static final Set<String> ALLOWED_ERRORS = Set.of("EXDEV", "EAGAIN");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} IN_ROOT")
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void inRootEndsAtTheRootOrFails(Backend backend) throws Exception {
        race(backend, Scope.IN_ROOT);
    }

    @ParameterizedTest(name = "{0} BENEATH")
    @EnumSource(value = Backend.class, names = {"OPENAT2", "EMULATED"})
    void beneathAlwaysFails(Backend backend) throws Exception {
        race(backend, Scope.BENEATH);
    }

    private void race(Backend backend, Scope scope) throws Exception {
        Tree tree = new Tree(tmp).dir("a/c").dir("b");
        Inodes.Key rootKey = Inodes.of(tree.path("a"));
        ResolveOptions options = ResolveOptions.DEFAULT.withScope(scope);
        try (Root root = Root.open(tree.path("a"), backend);
             OwnedFd aDir = RaceFds.directory(tree.path("a"));
             OwnedFd baseDir = RaceFds.directory(tmp)) {
            assertEquals(backend, root.backend());
            Race.Result r = Race.run("rename " + backend + " " + scope, Race.rounds(50_000), Race.cap(),
                    exchange(aDir, baseDir),
                    () -> attempt(root, options, scope, rootKey));
            assertTrue(r.exchanges() > 0, "the attacker never exchanged: " + r.summary());
            assertTrue(r.rounds() > 0, "the victim never ran: " + r.summary());
            assertEquals(0, r.violations(), r.summary() + "\nfirst violations: " + r.firstViolations());
        }
    }

    /**
     * The control: a walk of single components that asks the kernel for {@code ..} and only
     * counts how deep it is (the usual hand-written confinement) is led out of the root by the
     * same attack, and the judge says so.
     */
    @org.junit.jupiter.api.Test
    void theJudgeCatchesANaiveWalk() throws Exception {
        Tree tree = new Tree(tmp).dir("a/c").dir("b");
        Inodes.Key rootKey = Inodes.of(tree.path("a"));
        try (OwnedFd aDir = RaceFds.directory(tree.path("a")); OwnedFd baseDir = RaceFds.directory(tmp)) {
            Race.Result r = Race.run("rename control (naive walk)", Race.rounds(50_000) / 5, Race.cap(),
                    exchange(aDir, baseDir), () -> {
                        try (OwnedFd fd = naiveWalk(aDir.get(), VICTIM_PATH)) {
                            return judge(fd, rootKey);
                        } catch (SyscallException e) {
                            return errorOutcome(e.errnoName(), e.getMessage());
                        }
                    });
            assertTrue(r.violations() > 0, "the naive walk never escaped, so the race proves nothing: " + r.summary());
        }
    }

    /** Depth-counting confinement: {@code ..} at depth 0 stays, otherwise the kernel's {@code ..} is trusted. */
    private static OwnedFd naiveWalk(int rootFd, String path) throws SyscallException {
        OwnedFd cur = OwnedFd.adopt(Sys.dupCloexec(rootFd));
        int depth = 0;
        try {
            for (String name : path.split("/")) {
                if (name.equals("..") && depth == 0) {
                    continue;
                }
                OwnedFd next = OwnedFd.adopt(Sys.openat(cur.get(), RaceFds.name(name),
                        Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0));
                cur.close();
                cur = next;
                depth += name.equals("..") ? -1 : 1;
            }
            OwnedFd result = cur;
            cur = null;
            return result;
        } finally {
            if (cur != null) {
                cur.close();
            }
        }
    }

    private static Race.Attack exchange(OwnedFd aDir, OwnedFd baseDir) {
        byte[] c = RaceFds.name("c");
        byte[] b = RaceFds.name("b");
        return () -> Sys.renameat2(aDir.get(), c, baseDir.get(), b, Linux.RENAME_EXCHANGE);
    }

    private static Race.Outcome judge(OwnedFd fd, Inodes.Key rootKey) throws SyscallException {
        Statx st = Sys.fstatx(fd.get(), Linux.STATX_BASIC_STATS);
        Inodes.Key got = new Inodes.Key(st.dev(), st.ino());
        return got.equals(rootKey) ? Race.Outcome.ok("root") : Race.Outcome.violation("escape", "fd on " + got);
    }

    private static Race.Outcome errorOutcome(String errno, String detail) {
        return ALLOWED_ERRORS.contains(errno) ? Race.Outcome.ok(errno) : Race.Outcome.violation(errno, detail);
    }

    private static Race.Outcome attempt(Root root, ResolveOptions options, Scope scope, Inodes.Key rootKey)
            throws IOException {
        try (Handle h = root.resolve(VICTIM_PATH, options)) {
            var attrs = h.attributes();
            Inodes.Key got = new Inodes.Key(attrs.device(), attrs.inode());
            if (scope == Scope.IN_ROOT && got.equals(rootKey)) {
                return Race.Outcome.ok("root");
            }
            return Race.Outcome.violation("escape", "handle on " + got + " (" + h.realPath() + ")");
        } catch (IOException e) {
            if (!(e instanceof PathError pe)) {
                throw e;
            }
            return errorOutcome(pe.errno().name(), e.toString());
        }
    }
}
