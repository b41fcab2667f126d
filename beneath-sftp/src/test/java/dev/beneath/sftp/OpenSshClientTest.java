package dev.beneath.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The everyday commands of the real OpenSSH {@code sftp} client against the server. */
class OpenSshClientTest {
    @TempDir
    Path tmp;

    @AutoClose
    Served served;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OpenSsh.available(), "the OpenSSH client (sftp, ssh-keygen) is not installed");
        served = new Served(tmp, b -> b);
    }


    private OpenSsh.Run ok(String batch) {
        OpenSsh.Run r = served.sftp(batch);
        assertEquals(0, r.exit(), () -> batch + "\n" + r);
        return r;
    }

    @Test
    void everydayCommands() throws IOException {
        Files.writeString(served.local.resolve("hello.txt"), "hello\n");
        Files.writeString(served.root.resolve("there.txt"), "there\n");
        OpenSsh.Run r = ok("""
                put hello.txt
                get there.txt
                mkdir dir
                mkdir gone
                rmdir gone
                rename hello.txt dir/renamed.txt
                ln -s dir/renamed.txt link
                chmod 600 there.txt
                put hello.txt doomed.txt
                rm doomed.txt
                ls -l
                df
                pwd
                """);
        assertEquals("there\n", Files.readString(served.local.resolve("there.txt")));
        assertEquals("hello\n", Files.readString(served.root.resolve("dir/renamed.txt")));
        assertFalse(Files.exists(served.root.resolve("hello.txt"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(served.root.resolve("gone"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(served.root.resolve("doomed.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("dir/renamed.txt", Files.readSymbolicLink(served.root.resolve("link")).toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(served.root.resolve("there.txt"))));
        assertTrue(r.out().contains("Remote working directory: /"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("l") && l.contains("link")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("d") && l.endsWith("dir")), r::toString);
        assertTrue(r.out().contains("Avail"), r::toString); // df's header
        assertFalse(r.all().contains(served.host.toString()), "a host path reached the client:\n" + r);
    }

    @Test
    void resumesInterruptedTransfers() throws Exception {
        byte[] content = randomBytes(3 << 20, 1);
        Files.write(served.local.resolve("up.bin"), content);
        Files.write(served.root.resolve("up.bin"), java.util.Arrays.copyOf(content, 1 << 20)); // a third arrived
        Files.write(served.root.resolve("down.bin"), content);
        Files.write(served.local.resolve("down.bin"), java.util.Arrays.copyOf(content, 2 << 20));
        ok("""
                reput up.bin
                reget down.bin
                """);
        assertArrayEquals(content, Files.readAllBytes(served.root.resolve("up.bin")));
        assertArrayEquals(content, Files.readAllBytes(served.local.resolve("down.bin")));
    }

    @Test
    void hundredMegabyteFileBothWays() throws Exception {
        Path big = served.local.resolve("big.bin");
        String digest;
        try (OutputStream out = Files.newOutputStream(big)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Random random = new Random(7);
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                random.nextBytes(block);
                md.update(block);
                out.write(block);
            }
            digest = HexFormat.of().formatHex(md.digest());
        }
        ok("""
                put big.bin
                get big.bin back.bin
                """);
        assertEquals(digest, sha256(served.root.resolve("big.bin")));
        assertEquals(digest, sha256(served.local.resolve("back.bin")));
    }

    @Test
    void treeOfThousandFilesBothWays() throws Exception {
        Path tree = served.local.resolve("tree");
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(tree.resolve("d" + d));
            for (int f = 0; f < 50; f++) {
                Files.writeString(dir.resolve("f" + f), "file " + d + "/" + f + "\n");
            }
        }
        ok("""
                put -r tree
                get -r tree copy
                """);
        for (Path side : new Path[] {served.root.resolve("tree"), served.local.resolve("copy")}) {
            try (Stream<Path> files = Files.walk(side)) {
                assertEquals(1000, files.filter(Files::isRegularFile).count(), side.toString());
            }
            assertEquals("file 19/49\n", Files.readString(side.resolve("d19/f49")));
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
