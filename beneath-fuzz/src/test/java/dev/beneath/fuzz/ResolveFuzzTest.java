package dev.beneath.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beneath.Backend;
import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.PlatformReport;
import dev.beneath.Root;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Statx;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.FdSnapshot;
import dev.beneath.testkit.HostileTree;
import dev.beneath.testkit.Inodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@code Root.resolve} and {@code Root.mkdirAll} over the
 * project's {@link HostileTree}, on every backend this kernel offers. Invariants, for every
 * input: the only exceptions are the library's typed {@link PathError}s; no descriptor is
 * left open; every object returned is inside the root; nothing outside the root changes; and
 * the backends give the same answer.
 *
 * <p>The tree is laid out once per process and shared by every input; inputs stay independent
 * because a lookup changes nothing (the full checks below confirm it) and whatever
 * {@code mkdirAll} made is removed before the next backend or input runs. Each input is
 * checked cheaply: the lowest free descriptor number before and after (a leaked descriptor
 * takes it), the returned object's device and inode against the census taken at the start
 * (or, for a directory {@code mkdirAll} just made, its place under the root), and, after a
 * {@code mkdirAll}, the link count and modification time of every directory of the tree
 * (inside and outside the root), whose new entries are removed. Every {@value #SAMPLE}th
 * input, any input that left something other than a directory behind, and the end of the run
 * also get the full checks: the descriptor table compared entry by entry, and an inode census
 * of the root, a content census of the outside and the names in every directory of the tree
 * compared with the start. A change only a full check sees names the inputs run since the
 * previous one.
 *
 * <p>The build replays the seeds in {@code ResolveFuzzTestInputs}; {@code scripts/fuzz}
 * fuzzes (docs/SECURITY.md).
 */
class ResolveFuzzTest {
    private static final int MODE = 0755;
    private static final int SAMPLE = 128;
    private static final String JAVA_HOME = Path.of(System.getProperty("java.home")).toAbsolutePath() + "/";
    private static final List<Backend> BACKENDS = PlatformReport.current().openat2Available()
            ? List.of(Backend.OPENAT2, Backend.EMULATED) : List.of(Backend.EMULATED);

    private static Path base;
    private static Path root;
    private static String rootPrefix;
    private static Map<Inodes.Key, String> census;
    private static Census outsideCensus;
    /** Every real directory of the tree (inside and outside the root), with the names it holds. */
    private static Map<Path, Set<String>> directories;
    private static final Map<Path, Stamp> stamps = new HashMap<>();
    private static final Map<Backend, Root> ROOTS = new EnumMap<>(Backend.class);
    /** The inputs run since the last full check, which a change it finds may come from. */
    private static final Deque<FuzzInput> sinceFullCheck = new ArrayDeque<>();
    private static Handle probe;
    /** The descriptors open at the last full check. */
    private static FdSnapshot descriptors;
    private static boolean suspicious;
    private static final RunTally tally = new RunTally();

    @BeforeAll
    static void layOut() throws IOException {
        base = Files.createTempDirectory(scratchParent(), "beneath-fuzz-").toRealPath();
        root = HostileTree.build(base).base();
        rootPrefix = root + "/";
        census = Inodes.census(root);
        outsideCensus = Census.of(base.resolve("outside"));
        directories = directoryNames();
        directories.keySet().forEach(d -> stamps.put(d, stamp(d)));
        for (Backend backend : BACKENDS) {
            ROOTS.put(backend, Root.open(root, backend));
        }
        probe = ROOTS.get(BACKENDS.get(0)).resolve(".");
        // the library opens its procfs descriptors on first use and keeps them for the process:
        // open them now, before the descriptor counts start, so they are not taken for a leak
        probe.realPath();
        descriptors = FdSnapshot.take();
    }

    /**
     * Where the tree is laid out: a memory file system when there is one, because every
     * {@code mkdirAll} input creates and removes directories, which a journalling disk file
     * system makes a hundred times slower than the lookups being fuzzed.
     */
    private static Path scratchParent() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The tree must be exactly as laid out: resolve changes nothing, mkdirAll's directories are removed. */
    @AfterAll
    static void checkAndRemove() throws IOException {
        try {
            fullChecks("after the run");
            probe.close();
            ROOTS.values().forEach(Root::close);
        } finally {
            HostileTree.delete(base);
            System.out.println(tally.summary());
        }
    }

    @FuzzTest(maxDuration = "30m")
    void resolveAndMkdirAll(byte[] data) throws IOException {
        FuzzInput in = FuzzInput.decode(data);
        tally.count();
        sinceFullCheck.addLast(in);
        int lowestFree = lowestFreeDescriptor();
        List<String> answers = new ArrayList<>(BACKENDS.size());
        for (Backend backend : BACKENDS) {
            answers.add(in.mkdirAll() ? mkdirAll(backend, in) : resolve(backend, in));
        }
        checkNoLeak(lowestFree, in);
        if (!answers.stream().allMatch(answers.getFirst()::equals)) {
            fail("the backends disagree on " + in + ": " + answers);
        }
        if (suspicious || sinceFullCheck.size() >= SAMPLE) {
            fullChecks("after " + in);
        }
    }

    private static String resolve(Backend backend, FuzzInput in) {
        try (Handle h = ROOTS.get(backend).resolve(in.path(), in.options())) {
            return "ok " + known(h.attributes(), backend, in);
        } catch (IOException e) {
            return refusal(e, backend, in);
        }
    }

    /** mkdirAll on the shared tree; what it made is listed in the answer and removed again. */
    private static String mkdirAll(Backend backend, FuzzInput in) throws IOException {
        String answer;
        Path made = null;
        try (Root r = ROOTS.get(backend).withOptions(in.options()); Handle h = r.mkdirAll(in.path(), MODE)) {
            FileAttributes a = h.attributes();
            String where = census.get(new Inodes.Key(a.device(), a.inode()));
            if (where == null) {
                String real = h.realPath();
                if (!real.startsWith(rootPrefix)) {
                    fail(backend + " made a directory outside the root for " + in + ": " + real);
                }
                where = real.substring(rootPrefix.length());
                made = Path.of(real);
            }
            answer = "ok " + where;
        } catch (IOException e) {
            answer = refusal(e, backend, in);
        }
        return answer + " made " + removeCreated(made, backend, in);
    }

    /**
     * The entries that appeared in the tree's directories, as paths relative to the root, after
     * removing them; a new entry outside the root fails the input.
     *
     * <p>A {@code mkdirAll} that succeeded made a chain of new directories ending in the one it
     * returned ({@code made}): that chain is removed first, from the bottom up to the first
     * directory of the tree, each step one {@code rmdir} by its real path (no listing). Then
     * every directory of the tree whose link count or modification time moved (a new
     * subdirectory raises its parent's link count; removing the chain moves its top's parent's
     * time) is listed, and whatever it holds that was not laid out is removed from the open
     * directory ({@link SecureDirectoryStream}): what a refused {@code mkdirAll} left behind,
     * or anything a wrong one made besides its chain.
     */
    private static List<String> removeCreated(Path made, Backend backend, FuzzInput in) throws IOException {
        List<String> removed = new ArrayList<>();
        for (Path p = made; p != null && !directories.containsKey(p) && p.startsWith(root); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException e) {
                break; // more than a chain: the listing below finds the rest
            }
            removed.add(root.relativize(p).toString());
        }
        for (Map.Entry<Path, Set<String>> d : directories.entrySet()) {
            Path dir = d.getKey();
            if (stamp(dir).equals(stamps.get(dir))) {
                continue;
            }
            try (SecureDirectoryStream<Path> entries = openDirectory(dir)) {
                for (Path entry : entries) {
                    Path name = entry.getFileName();
                    if (d.getValue().contains(name.toString())) {
                        continue;
                    }
                    Path p = dir.resolve(name);
                    if (!p.startsWith(root)) {
                        fail(backend + ": mkdirAll created " + base.relativize(p) + " outside the root for " + in);
                    }
                    remove(entries, name, root.relativize(p).toString(), removed);
                }
            }
            stamps.put(dir, stamp(dir));
        }
        removed.sort(null);
        return removed;
    }

    private static SecureDirectoryStream<Path> openDirectory(Path dir) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(dir);
        if (s instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        s.close();
        throw new IllegalStateException("no SecureDirectoryStream on this platform");
    }

    /**
     * Removes {@code name} in {@code parent} and everything under it, links not followed, and
     * lists what it removed. Anything but a directory is not what mkdirAll makes: the listing
     * says so, and the input gets the full checks.
     */
    private static void remove(SecureDirectoryStream<Path> parent, Path name, String relative, List<String> made)
            throws IOException {
        BasicFileAttributes a = parent.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!a.isDirectory()) {
            made.add(relative + " (not a directory)");
            suspicious = true;
            parent.deleteFile(name);
            return;
        }
        made.add(relative);
        try (SecureDirectoryStream<Path> children = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path child : children) {
                remove(children, child.getFileName(), relative + "/" + child.getFileName(), made);
            }
        }
        parent.deleteDirectory(name);
    }

    /** A directory's link count and modification time: an entry made or removed in it changes them. */
    private record Stamp(int links, long seconds, int nanos) {
    }

    /** The directory's {@link Stamp}, read with one statx. */
    private static Stamp stamp(Path dir) {
        try {
            Statx st = Sys.statx(Linux.AT_FDCWD, dir.toString().getBytes(UTF_8), Linux.AT_SYMLINK_NOFOLLOW,
                    Linux.STATX_BASIC_STATS);
            return new Stamp(st.nlink(), st.mtimeSeconds(), st.mtimeNanos());
        } catch (SyscallException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
    }

    private static String known(FileAttributes a, Backend backend, FuzzInput in) {
        String where = census.get(new Inodes.Key(a.device(), a.inode()));
        if (where == null) {
            fail(backend + " returned an object outside the root for " + in);
        }
        return where;
    }

    private static String refusal(IOException e, Backend backend, FuzzInput in) {
        if (!(e instanceof PathError pe)) {
            throw new AssertionError(backend + ": untyped failure for " + in, e);
        }
        return pe.errno().name();
    }

    /**
     * A descriptor leaked by the call takes the lowest free number and keeps it for good.
     * Another thread may hold that number for a moment (the flight recorder writes its files, a
     * class is loaded from a jar, the JVM reads its cgroup limits) or free a lower one meanwhile
     * (a jar closed, a cleaner run). So a number still held is watched for a second: one that is
     * closed or reused meanwhile was not leaked. A number free again proves nothing either way:
     * the full descriptor comparison, which sees every descriptor opened since the last one,
     * runs after this input instead.
     */
    private static void checkNoLeak(int lowestFree, FuzzInput in) {
        if (lowestFreeDescriptor() == lowestFree) {
            return;
        }
        String target = target(lowestFree);
        for (int i = 0; i < 20 && target != null && !theJvms(target); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!target.equals(target(lowestFree))) {
                target = null;
            }
        }
        if (target == null) {
            suspicious = true;
        } else if (!theJvms(target)) {
            fail("descriptor leak for " + in + ": " + lowestFree + " -> " + target);
        }
    }

    /** What descriptor {@code fd} refers to, or null when it is not open. */
    private static String target(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException closed) {
            return null;
        }
    }

    /** The number the next descriptor would get: a descriptor leaked meanwhile takes it. */
    private static int lowestFreeDescriptor() {
        try {
            int fd = Sys.dupCloexec(probe.fd());
            Sys.close(fd);
            return fd;
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * No descriptor opened since the previous full check is still open (but the JVM's own),
     * and the tree is exactly as laid out, compared entry by entry; a failure names the inputs
     * run since the previous full check.
     */
    private static void fullChecks(String when) {
        Supplier<String> inputs = () -> " " + when + " (the inputs since the previous full check: " + sinceFullCheck + ")";
        FdSnapshot now = FdSnapshot.take();
        Map<Integer, String> opened = now.newSince(descriptors);
        opened.values().removeIf(ResolveFuzzTest::theJvms);
        assertEquals(Map.of(), opened, () -> "descriptors left open" + inputs.get());
        descriptors = now;
        assertEquals(census, inodeCensus(), () -> "the root's objects changed" + inputs.get());
        assertEquals(outsideCensus, Census.of(base.resolve("outside")), () -> "the outside changed" + inputs.get());
        assertEquals(directories, directoryNames(), () -> "the tree's directories changed" + inputs.get());
        sinceFullCheck.clear();
        suspicious = false;
    }

    /**
     * A descriptor the JVM opens on its own while the fuzzer runs: a class path jar or JDK file
     * it opens when a class is first loaded, or the socket of a tool attaching to it. No lookup
     * opens a socket, and nothing in the tree lies in the JDK or is a jar.
     */
    private static boolean theJvms(String target) {
        return target.startsWith("socket:[") || target.endsWith(".jar") || target.startsWith(JAVA_HOME);
    }

    private static Map<Inodes.Key, String> inodeCensus() {
        try {
            return Inodes.census(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, Set<String>> directoryNames() {
        Map<Path, Set<String>> out = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(p, names(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
