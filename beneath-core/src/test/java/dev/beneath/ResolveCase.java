package dev.beneath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.beneath.internal.sys.Statx;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One row of a resolution table: a path, the options, and what must come of it: either the
 * object (named by its path relative to the tree's base, "" for the base itself, compared by
 * dev/ino) and optionally its type, or the errno name.
 */
record ResolveCase(String path, ResolveOptions options, String expectPath, FileType expectType, String expectErrno) {

    static final ResolveOptions IN = ResolveOptions.DEFAULT;
    static final ResolveOptions BEN = IN.withScope(Scope.BENEATH);

    static ResolveCase ok(String path, ResolveOptions options, String expect) {
        return new ResolveCase(path, options, expect, null, null);
    }

    static ResolveCase ok(String path, ResolveOptions options, String expect, FileType type) {
        return new ResolveCase(path, options, expect, type, null);
    }

    /** Every case paired with each backend, for a parameterized table. */
    static Stream<Arguments> onBothBackends(List<ResolveCase> cases) {
        return cases.stream().flatMap(c -> Stream.of(
                Arguments.of(Backend.OPENAT2, c), Arguments.of(Backend.EMULATED, c)));
    }

    static ResolveCase err(String path, ResolveOptions options, String errno) {
        return new ResolveCase(path, options, null, null, errno);
    }

    /** What one resolution gave: the object's dev/ino and type, or the errno name. */
    record Outcome(long dev, long ino, FileType type, String errno) {
        /** How often a load-dependent openat2 answer is asked again. */
        private static final int SETTLE_ATTEMPTS = 50;

        /**
         * What resolving gives. The kernel's answer can depend on load elsewhere on the
         * machine, in one direction only: a rename anywhere during a {@code ..} step makes
         * openat2 fail with EAGAIN (past the resolver's retries), and an RCU walk that has to
         * restart keeps the symlinks it already counted, so a chain near the 40-link limit can
         * fail with ELOOP. Neither ever turns a failure into a success, so for openat2 those
         * two answers are asked again and the first other answer is the settled one.
         */
        static Outcome of(Root root, String path, ResolveOptions options) {
            Outcome first = once(root, path, options);
            Outcome got = first;
            for (int i = 0; root.backend() == Backend.OPENAT2 && got.loadDependent() && i < SETTLE_ATTEMPTS; i++) {
                got = once(root, path, options);
            }
            return got.loadDependent() ? first : got;
        }

        private boolean loadDependent() {
            return "EAGAIN".equals(errno) || "ELOOP".equals(errno);
        }

        private static Outcome once(Root root, String path, ResolveOptions options) {
            try (Handle h = root.resolve(path, options)) {
                FileAttributes a = h.attributes();
                return new Outcome(a.device(), a.inode(), a.type(), null);
            } catch (IOException e) {
                PathError pe = assertInstanceOf(PathError.class, e, () -> "untyped failure for " + show(path));
                assertEquals(path, pe.path(), "the exception names the path as given");
                return new Outcome(0, 0, null, pe.errno().name());
            }
        }

        boolean ok() {
            return errno == null;
        }

        @Override
        public String toString() {
            return ok() ? type + " " + dev + ":" + ino : errno;
        }
    }

    /** Resolves this case in {@code root} and checks the outcome against {@code tree}. */
    Outcome check(Root root, Tree tree) throws IOException {
        Outcome got = Outcome.of(root, path, options);
        if (expectErrno != null) {
            assertEquals(expectErrno, got.errno(), () -> this + " on " + root.backend() + ": expected "
                    + expectErrno + ", got " + (got.ok() ? describe(root, tree) : got.errno()));
            return got;
        }
        if (!got.ok()) {
            fail(this + " on " + root.backend() + ": expected success, got " + got.errno());
        }
        Statx want = tree.stat(expectPath);
        if (want.dev() != got.dev() || want.ino() != got.ino()) {
            fail(this + " on " + root.backend() + ": resolved to the wrong object " + describe(root, tree));
        }
        if (expectType != null) {
            assertEquals(expectType, got.type(), () -> this + " on " + root.backend());
        }
        return got;
    }

    private String describe(Root root, Tree tree) {
        try (Handle h = root.resolve(path, options)) {
            return "object at " + h.realPath();
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static String show(String path) {
        String p = path.replace("\0", "\\0");
        if (p.length() > 60) {
            p = p.substring(0, 28) + "...(" + path.length() + " chars)..." + p.substring(p.length() - 16);
        }
        return "\"" + p + "\"";
    }

    static String show(ResolveOptions o) {
        StringBuilder s = new StringBuilder(o.scope() == Scope.BENEATH ? "BENEATH" : "IN_ROOT");
        if (o.noSymlinks()) {
            s.append("+noSymlinks");
        }
        if (o.noXdev()) {
            s.append("+noXdev");
        }
        if (o.noFollow()) {
            s.append("+noFollow");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        String want = expectErrno != null ? expectErrno
                : "\"" + expectPath + "\"" + (expectType != null ? " " + expectType : "");
        return show(path) + " " + show(options) + " -> " + want;
    }
}
