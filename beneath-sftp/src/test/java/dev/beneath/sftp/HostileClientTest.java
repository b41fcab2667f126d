package dev.beneath.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSSH client tries to leave the served directory: through links planted in it by
 * another process, through links it makes itself, and through {@code ..}. Judged by what it
 * got (no downloaded file holds anything from outside) and by a census of everything outside
 * the served directory (nothing created, changed or removed there).
 */
class HostileClientTest {
    @TempDir
    Path tmp;

    @AutoClose
    Served served;
    Map<String, String> before;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OpenSsh.available(), "the OpenSSH client (sftp, ssh-keygen) is not installed");
        served = new Served(tmp, b -> b);
        Files.writeString(served.local.resolve("x"), "payload\n");
        before = served.outside();
    }


    private void assertNothingOutsideTouched(OpenSsh.Run r) throws IOException {
        assertEquals(before, served.outside(), () -> "something outside the served directory changed\n" + r);
        assertFalse(Files.exists(Path.of("/pwned"), LinkOption.NOFOLLOW_LINKS), "wrote /pwned on the host");
        try (Stream<Path> got = Files.walk(served.local)) {
            for (Path p : (Iterable<Path>) got::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String content = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(Served.SECRET.strip()), () -> p + " holds the host's secret\n" + r);
                    assertFalse(!p.getFileName().toString().equals("x") && content.equals(hostHostname()),
                            () -> p + " is the host's /etc/hostname\n" + r);
                }
            }
        }
        // the client's own commands are echoed; what the server said must not name the host
        String answers = r.err() + r.out().lines().filter(l -> !l.startsWith("sftp> ")).reduce("", String::concat);
        assertFalse(answers.contains(served.host.toString()), () -> "a host path reached the client\n" + r);
    }

    private static String hostHostname() throws IOException {
        Path h = Path.of("/etc/hostname");
        return Files.exists(h) ? Files.readString(h) : "\0no hostname\0";
    }

    @Test
    void linksPlantedByAnotherProcess() throws IOException {
        new Tree(served.root)
                .symlink("slash", "/")
                .symlink("up", "..")
                .symlink("abs", served.host.toString())
                .symlink("secret-link", served.host.resolve("secret").toString())
                .symlink("rel-secret", "../secret")
                .symlink("outdir", "../outside");
        OpenSsh.Run r = served.sftp("""
                -get slash/etc/hostname got-hostname
                -get up/secret got-up
                -get abs/secret got-abs
                -get secret-link got-secret-link
                -get rel-secret got-rel-secret
                -get outdir/sub/file got-outdir
                -put x slash/pwned
                -put x abs/outside/pwned
                -put x outdir/pwned
                -put x secret-link
                -put x rel-secret
                -rm abs/secret
                -rm outdir/sub/file
                -rename outdir/sub moved
                -mkdir outdir/new
                -chmod 777 abs/secret
                -ls -l slash/
                -ls -l up/
                """);
        assertNothingOutsideTouched(r);
    }

    @Test
    void linksMadeOverSftp() throws IOException {
        OpenSsh.Run r = served.sftp("""
                ln -s / l2
                ln -s .. up
                ln -s ../secret s
                ln -s %s abs
                -get l2/../etc/hostname got1
                -get l2/etc/hostname got2
                -put x l2/../pwned
                -put x l2/pwned
                -get s got3
                -get up/secret got4
                -get abs/secret got5
                -put x up/outside/pwned
                -put x abs/outside/pwned
                -put x s
                """.formatted(served.host));
        assertNothingOutsideTouched(r);
        assertEquals("/", Files.readSymbolicLink(served.root.resolve("l2")).toString(), "the link is stored as given");
        assertEquals("payload\n", Files.readString(served.root.resolve("pwned")), "l2/../pwned lands in the root");
    }

    @Test
    void dotDotHeavyPaths() throws IOException {
        Files.createDirectories(served.root.resolve("a/b"));
        OpenSsh.Run r = served.sftp("""
                -get ../../../../../../etc/hostname got1
                -get ../secret got2
                -get a/b/../../../secret got3
                -get /../../secret got4
                -get ./../outside/sub/file got5
                -put x ../../../../../../pwned
                -put x ../outside/pwned
                -put x a/b/../../../../outside/sub/file
                -mkdir ../../made
                -rename ../secret stolen
                -rm ../outside/sub/file
                -ls -l ../../..
                cd ../../..
                pwd
                """);
        assertNothingOutsideTouched(r);
        assertNotEquals(-1, r.exit(), r::toString);
    }
}
