package dev.beneath;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.OwnedFd;
import dev.beneath.internal.sys.Sys;
import dev.beneath.racekit.Race;
import dev.beneath.testkit.Census;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Every mutating operation races an attacker that keeps exchanging the directory it works in
 * with a symlink to a directory outside the root. Afterwards the outside tree must be
 * unchanged, entry for entry and inode for inode.
 */
class MutationRaceTest {
    private static final int ROUNDS = 3_000;

    @TempDir
    Path base;

    /** One victim operation, run with a fresh round number. */
    interface Victim {
        void run(Root root, int round) throws IOException;
    }

    static Stream<Arguments> cases() {
        Map<String, Victim> victims = new TreeMap<>();
        victims.put("mkdirAll", (r, i) -> r.mkdirAll("p/made/" + i, 0777).close());
        victims.put("mkdir", (r, i) -> r.mkdir("p/dir-" + i, 0777));
        victims.put("createFile", (r, i) -> r.createFile("p/new-" + i, 0666).close());
        victims.put("open-create-write", (r, i) -> {
            try (var ch = r.newFileChannel("p/file", java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING))) {
                ch.write(ByteBuffer.wrap(("pwned " + i).getBytes(UTF_8)));
            }
        });
        victims.put("symlink", (r, i) -> r.createSymbolicLink("p/link-" + i, "/etc/shadow"));
        victims.put("hardlink", (r, i) -> r.createLink("p/hard-" + i, "p/file"));
        // removals alternate with re-creation, so every round has something to remove
        victims.put("removeFile", (r, i) -> {
            if (i % 2 == 0) {
                r.removeFile("p/file");
            } else {
                r.createFile("p/file", 0644).close();
            }
        });
        victims.put("removeDir", (r, i) -> {
            if (i % 2 == 0) {
                r.removeDir("p/empty");
            } else {
                r.mkdir("p/empty", 0755);
            }
        });
        victims.put("removeAll", (r, i) -> {
            if (i % 2 == 0) {
                r.removeAll("p/sub");
            } else {
                r.mkdirAll("p/sub/deep", 0755).close();
            }
        });
        victims.put("rename", (r, i) -> {
            if (i % 2 == 0) {
                r.rename("p/file", "p/renamed");
            } else {
                r.rename("p/renamed", "p/file");
            }
        });
        victims.put("setPermissions", (r, i) -> r.setPermissions("p/file", 0777));
        victims.put("setTimes", (r, i) -> r.setTimes("p/file", FileTime.fromMillis(0), FileTime.fromMillis(0)));
        victims.put("setOwner", (r, i) -> r.setOwner("p/file", 4242, 4242));
        victims.put("write-atomic", (r, i) -> r.writeString("p/file", "pwned " + i, WriteOption.ATOMIC_REPLACE));
        victims.put("copy", (r, i) -> r.copy("p/file", "p/copy-" + i));
        victims.put("copyTree", (r, i) -> r.copyTree("p/sub", "p/tree-" + i));
        victims.put("createTempFile", (r, i) -> r.createTempFile("p", "tmp-", null));
        victims.put("removeIfExists", (r, i) -> {
            if (i % 2 == 0) {
                r.removeIfExists("p/file");
            } else {
                r.writeString("p/file", "again", StandardOpenOption.CREATE_NEW);
            }
        });
        return victims.entrySet().stream().flatMap(e -> Stream.of(Backend.OPENAT2, Backend.EMULATED)
                .flatMap(b -> Stream.of(true, false).map(abs -> Arguments.of(e.getKey(), b, abs, e.getValue()))));
    }

    @ParameterizedTest(name = "{0} on {1}, absolute link {2}")
    @MethodSource("cases")
    void outsideStaysUntouched(String name, Backend backend, boolean absoluteLink, Victim victim) throws Exception {
        Tree tree = new Tree(base);
        Path outside = tree.path("outside");
        // the outside tree holds every name the victims use, so any escape would show
        tree.file("outside/file", "secret").dir("outside/empty").file("outside/sub/deep/f", "deep")
                .file("outside/made/keep", "keep");
        tree.file("root/p/file", "inside").dir("root/p/empty").file("root/p/sub/x/y", "y");
        tree.symlink("root/swap", absoluteLink ? outside.toString() : "../outside");
        Census before = Census.of(outside);

        byte[] p = "p".getBytes(UTF_8);
        byte[] swap = "swap".getBytes(UTF_8);
        AtomicInteger round = new AtomicInteger();
        Race.Result r;
        try (OwnedFd dir = OwnedFd.adopt(Sys.openat(Linux.AT_FDCWD, tree.path("root").toString().getBytes(UTF_8),
                Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0));
             Root root = Root.open(tree.path("root"), backend)) {
            r = Race.run(name + "/" + backend + "/" + (absoluteLink ? "absolute" : "relative"),
                    Race.rounds(ROUNDS), Race.cap(),
                    () -> Sys.renameat2(dir.get(), p, dir.get(), swap, Linux.RENAME_EXCHANGE),
                    () -> {
                        try {
                            victim.run(root, round.getAndIncrement());
                            return Race.Outcome.ok("ok");
                        } catch (IOException e) {
                            return Race.Outcome.ok(e instanceof PathError pe ? pe.errno().name()
                                    : e.getClass().getSimpleName());
                        }
                    });
        }
        assertTrue(r.exchanges() > 0, "the attacker never ran");
        assertEquals(before, Census.of(outside), "something outside the root changed");
        assertFalse(Files.exists(Path.of("/etc/shadow-").resolve("never")));
    }
}
