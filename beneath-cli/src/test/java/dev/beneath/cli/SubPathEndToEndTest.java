package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beneath.SafetyCheckException;
import dev.beneath.RenameOption;
import dev.beneath.Root;
import dev.beneath.lab.ns.PrivateNamespace;
import dev.beneath.lab.runtime.ContainerResult;
import dev.beneath.lab.runtime.ContainerSpec;
import dev.beneath.lab.runtime.HostMounts;
import dev.beneath.lab.runtime.OciMount;
import dev.beneath.lab.runtime.Runc;
import dev.beneath.lab.runtime.TempTree;
import dev.beneath.racekit.Race;
import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The subPath mechanism end to end, with real containers: runc runs busybox containers that
 * see exactly the mounts {@link SubPathMounter} prepared, the way a node agent hands them to
 * its runtime.
 *
 * <p>First the threat is shown to be real here: a container plants a symlink to a host
 * directory in its volume, and the pre-2018 way (the string {@code volume/subPath} handed to
 * runc as the bind source) lets the next container read a host file. Then beneath refuses the
 * same subPath (through {@code beneath subpath prepare} when the CLI has that command, and the
 * library always), a legitimate subPath is written by a container and seen in the volume, a
 * read-only one refuses writes, and after the clean-up {@code /proc/self/mountinfo} holds
 * nothing under the pod directory. Skipped, with the reason, where containers cannot run.
 */
class SubPathEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String VOLUME_NAME = "data";
    private static final String CONTAINER = "app";

    private static Runc runc;

    private final SubPathMounter mounter = new SubPathMounter();
    private Path scratch;
    private Path volume;
    private Path pod;
    private Path hostDir;
    private String secret;

    @BeforeAll
    static void startRunc() throws IOException {
        Runc.Availability a = Runc.availability();
        assumeTrue(a.ok(), () -> "no container runtime here: " + a.reason());
        assumeTrue(PrivateNamespace.verified(), "not in a private mount namespace: mounts would reach the host");
        runc = Runc.create();
    }

    @AfterAll
    static void stopRunc() throws IOException {
        if (runc != null) {
            Path work = runc.workDir();
            runc.close();
            runc = null;
            assertFalse(Files.exists(work), "the runc work directory is removed");
        }
    }

    @BeforeEach
    void scene() throws IOException {
        scratch = Files.createTempDirectory("beneath-e2e-").toRealPath();
        volume = Files.createDirectory(scratch.resolve("volume"));
        pod = Files.createDirectory(scratch.resolve("pod"));
        hostDir = Files.createDirectory(scratch.resolve("host-only"));
        secret = "host secret " + UUID.randomUUID();
        Files.writeString(hostDir.resolve("secret.txt"), secret + "\n");
    }

    @AfterEach
    void nothingLeftBehind() throws IOException, InterruptedException {
        List<String> containers;
        List<Path> mounted;
        try {
            mounter.cleanSubPaths(pod, VOLUME_NAME);
        } finally {
            try {
                containers = runc.list();
                mounted = HostMounts.under(scratch);
            } finally {
                TempTree.delete(scratch);
            }
        }
        assertEquals(List.of(), containers, "containers left in " + runc.stateRoot());
        assertEquals(List.of(), mounted, "mounts left under " + scratch);
    }

    // ---- the attack is real, and refused -------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}, subPath {2}")
    @CsvSource({
            "escape, HOST_DIR,      escape",
            "escape, HOST_DIR,      escape/secret.txt",
            "escape, /,             escape/HOST_DIR_RELATIVE",
            "escape, RELATIVE_UP,   escape",
            "a/b/escape, HOST_DIR,  a/b/escape",
    })
    void aPlantedLinkExposesTheHostNaivelyAndBeneathRefusesIt(String link, String target, String subPath)
            throws Exception {
        String linkTarget = switch (target) {
            case "HOST_DIR" -> hostDir.toString();
            case "RELATIVE_UP" -> "../".repeat(link.split("/").length) + hostDir.getFileName();
            default -> target;
        };
        String sub = subPath.replace("HOST_DIR_RELATIVE", hostDir.toString().substring(1));
        String parent = link.contains("/") ? link.substring(0, link.lastIndexOf('/')) : ".";
        ContainerResult plant = run(ContainerSpec.shell("mkdir -p \"/vol/$PARENT\" && ln -s \"$TARGET\" \"/vol/$LINK\"")
                .withEnv("PARENT=" + parent, "TARGET=" + linkTarget, "LINK=" + link)
                .withMounts(OciMount.bind(volume, "/vol", false)));
        assertEquals(0, plant.exitCode(), plant::describe);

        // the pre-2018 way: the joined string, resolved by runc on the host
        boolean file = sub.endsWith("secret.txt");
        ContainerResult naive = run(ContainerSpec.shell(file ? "cat /sub" : "cat /sub/secret.txt")
                .withMounts(OciMount.bind(Path.of(volume + "/" + sub), "/sub", false)));
        assertEquals(0, naive.exitCode(), naive::describe);
        assertEquals(secret + "\n", naive.stdout(), "the naive way exposed the host file");

        // beneath: the same subPath is refused, and nothing is mounted
        SubPath sp = new SubPath(0, sub, VOLUME_NAME, volume, pod, CONTAINER, false);
        SubPathException e = assertThrows(SubPathException.class, () -> mounter.prepare(sp));
        assertTrue(e.getMessage().contains("outside the volume"), e.getMessage());
        // the subPath as the pod gave it may be quoted (one case spells a host path in it); nothing else
        String unquoted = e.getMessage().replace("\"" + sub + "\"", "\"...\"");
        assertFalse(unquoted.contains(scratch.toString()), "the message names no host path: " + e.getMessage());
        assertEquals(List.of(), HostMounts.under(pod));

        cliPrepare(sp).ifPresent(r -> {
            assertEquals(Main.FAILED, r.exitCode(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().replace(sub, "...").contains(scratch.toString()), r.err());
        });
        assertEquals(List.of(), HostMounts.under(pod));
    }

    // ---- legitimate subPaths --------------------------------------------------------------

    @Test
    void aLegitimateSubPathIsWrittenByAContainerAndSeenInTheVolume() throws Exception {
        ContainerResult setup = run(ContainerSpec.shell("mkdir -p /vol/work/out /vol/releases/v2"
                        + " && ln -s releases/v2 /vol/current && echo v2 > /vol/releases/v2/version")
                .withMounts(OciMount.bind(volume, "/vol", false)));
        assertEquals(0, setup.exitCode(), setup::describe);

        PreparedSubPath out = mounter.prepare(new SubPath(0, "work/out", VOLUME_NAME, volume, pod, CONTAINER, false));
        // a link that stays inside the volume is followed: "current" is releases/v2
        PreparedSubPath current = mounter.prepare(new SubPath(1, "current", VOLUME_NAME, volume, pod, CONTAINER, false));
        // a regular file is bound onto an empty file
        PreparedSubPath version = mounter.prepare(
                new SubPath(2, "releases/v2/version", VOLUME_NAME, volume, pod, CONTAINER, false));
        assertTrue(out.directory() && current.directory() && !version.directory());

        ContainerResult r = run(ContainerSpec.shell("echo written > /out/result.txt && cat /current/version /version")
                .withMounts(OciMount.bind(out.hostPath(), "/out", false),
                        OciMount.bind(current.hostPath(), "/current", false),
                        OciMount.bind(version.hostPath(), "/version", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("v2\nv2\n", r.stdout());
        try (Root root = Root.open(volume)) {
            assertEquals("written\n", readAll(root, "work/out/result.txt"));
        }
    }

    @Test
    void safeMakeDirCreatesAMissingSubPathAContainerThenUses() throws Exception {
        mounter.safeMakeDir("logs/app", volume, 0750);
        PreparedSubPath p = mounter.prepare(new SubPath(0, "logs/app", VOLUME_NAME, volume, pod, CONTAINER, false));
        ContainerResult r = run(ContainerSpec.shell("echo line > /logs/app.log")
                .withMounts(OciMount.bind(p.hostPath(), "/logs", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("line\n", Files.readString(volume.resolve("logs/app/app.log")));
    }

    @ParameterizedTest(name = "runc option {0}")
    @CsvSource({"rw, false", "ro, true"})
    void aReadOnlySubPathRefusesWrites(String option, boolean runtimeReadOnly) throws Exception {
        Files.createDirectories(volume.resolve("config"));
        Files.writeString(volume.resolve("config/settings"), "mode=production\n");
        PreparedSubPath p = mounter.prepare(new SubPath(0, "config", VOLUME_NAME, volume, pod, CONTAINER, true));

        // handed to runc read-write too: the refusal must come from beneath's mount itself
        ContainerResult r = run(ContainerSpec.shell("cat /config/settings && echo owned > /config/settings")
                .withMounts(OciMount.bind(p.hostPath(), "/config", runtimeReadOnly)));
        assertNotEquals(0, r.exitCode(), r::describe);
        assertEquals("mode=production\n", r.stdout(), "reading works");
        assertTrue(r.stderr().contains("Read-only file system"), r::describe);
        ContainerResult create = run(ContainerSpec.shell("touch /config/new")
                .withMounts(OciMount.bind(p.hostPath(), "/config", runtimeReadOnly)));
        assertTrue(create.stderr().contains("Read-only file system"), create::describe);
        assertEquals("mode=production\n", Files.readString(volume.resolve("config/settings")));
        assertFalse(Files.exists(volume.resolve("config/new"), LinkOption.NOFOLLOW_LINKS));
    }

    // ---- clean ------------------------------------------------------------------------------

    @Test
    void afterCleanTheMountTableHoldsNothingUnderThePodDirectory() throws Exception {
        Files.createDirectories(volume.resolve("a"));
        Files.createDirectories(volume.resolve("b"));
        Files.writeString(volume.resolve("f"), "file\n");
        List<PreparedSubPath> prepared = List.of(
                mounter.prepare(new SubPath(0, "a", VOLUME_NAME, volume, pod, "one", false)),
                mounter.prepare(new SubPath(1, "b", VOLUME_NAME, volume, pod, "one", true)),
                mounter.prepare(new SubPath(0, "f", VOLUME_NAME, volume, pod, "two", false)));
        ContainerResult r = run(ContainerSpec.shell("echo x > /a/x && cat /f")
                .withMounts(OciMount.bind(prepared.get(0).hostPath(), "/a", false),
                        OciMount.bind(prepared.get(1).hostPath(), "/b", false),
                        OciMount.bind(prepared.get(2).hostPath(), "/f", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(3, mountinfoUnder(pod).size(), "three subPaths mounted");

        mounter.cleanSubPaths(pod, VOLUME_NAME);

        assertEquals(List.of(), mountinfoUnder(pod), "/proc/self/mountinfo after clean");
        assertFalse(Files.exists(pod.resolve(SubPathMounter.SUBPATHS_DIRECTORY), LinkOption.NOFOLLOW_LINKS));
        assertEquals("x\n", Files.readString(volume.resolve("a/x")), "the volume's content is untouched");
        assertEquals("file\n", Files.readString(volume.resolve("f")));
    }

    // ---- the race ---------------------------------------------------------------------------

    /**
     * An attacker thread exchanges the subPath directory with a symlink to {@code /}
     * ({@code renameat2(RENAME_EXCHANGE)}, in a tight loop) while prepare runs in a loop.
     * Every prepare that succeeds must have mounted the directory from inside the volume;
     * the last one is handed to a container, which sees the volume's file and no host file.
     */
    @Test
    void aSubPathSwappedWithALinkToTheRootNeverMountsTheRoot() throws Exception {
        Files.createDirectory(volume.resolve("sub"));
        Files.writeString(volume.resolve("sub/inside.txt"), "inside\n");
        Files.createSymbolicLink(volume.resolve("swap"), Path.of("/"));
        Object inside = Files.readAttributes(volume.resolve("sub"), BasicFileAttributes.class).fileKey();
        Object hostRoot = Files.readAttributes(Path.of("/"), BasicFileAttributes.class).fileKey();
        SubPath sp = new SubPath(0, "sub", VOLUME_NAME, volume, pod, CONTAINER, false);

        Race.Result race;
        try (Root attackerRoot = Root.open(volume)) {
            race = Race.run("end-to-end prepare", Race.rounds(2_000), Race.cap(),
                    () -> attackerRoot.rename("sub", "swap", RenameOption.EXCHANGE),
                    () -> {
                        PreparedSubPath p;
                        try {
                            p = mounter.prepare(sp);
                        } catch (SubPathException | SafetyCheckException e) {
                            return Race.Outcome.ok("refused");
                        }
                        try {
                            Object mounted = Files.readAttributes(p.hostPath(), BasicFileAttributes.class).fileKey();
                            return inside.equals(mounted) ? Race.Outcome.ok("mounted")
                                    : Race.Outcome.violation("wrong", mounted
                                            + (hostRoot.equals(mounted) ? " (the host's /)" : ""));
                        } finally {
                            mounter.cleanSubPaths(pod, VOLUME_NAME);
                        }
                    });
        }
        assertEquals(List.of(), race.firstViolations(), "prepares that mounted something other than the volume's directory");
        assertTrue(race.exchanges() > 0, "the attacker swapped");
        assertTrue(race.count("mounted") > 0, "some prepares succeeded (" + race.count("refused") + " refused)");

        // the directory is back where it belongs if the attacker stopped mid-swap
        if (Files.isSymbolicLink(volume.resolve("sub"))) {
            try (Root root = Root.open(volume)) {
                root.rename("sub", "swap", RenameOption.EXCHANGE);
            }
        }
        PreparedSubPath p = mounter.prepare(sp);
        ContainerResult r = run(ContainerSpec.shell("cat /sub/inside.txt; ls /sub")
                .withMounts(OciMount.bind(p.hostPath(), "/sub", false)));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("inside\ninside.txt\n", r.stdout());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static ContainerResult run(ContainerSpec spec) throws IOException, InterruptedException {
        ContainerResult r = runc.run(spec, TIMEOUT);
        assertFalse(r.timedOut(), r::describe);
        return r;
    }

    /**
     * {@code beneath subpath prepare ...} for {@code sp}, when the CLI has that command (the
     * library is tested either way).
     */
    private static java.util.Optional<Cli.Run> cliPrepare(SubPath sp) {
        StringWriter ignored = new StringWriter();
        boolean present = Main.commandLine(java.io.InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new PrintWriter(ignored)).getSubcommands().containsKey("subpath");
        if (!present) {
            return java.util.Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of("subpath", "prepare",
                "--volume", sp.volumeHostPath().toString(), "--subpath", sp.path(),
                "--pod-dir", sp.podDirectory().toString(), "--volume-name", sp.volumeName(),
                "--container", sp.containerName(), "--index", Integer.toString(sp.volumeMountIndex())));
        if (sp.readOnly()) {
            args.add("--read-only");
        }
        return java.util.Optional.of(Cli.run(args.toArray(String[]::new)));
    }

    /** Mount points at or below {@code dir}, read straight from {@code /proc/self/mountinfo}. */
    private static List<String> mountinfoUnder(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), UTF_8)) {
            String point = line.split(" ")[4];
            if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                found.add(point);
            }
        }
        return found;
    }

    private static String readAll(Root root, String path) throws IOException {
        try (var channel = root.newFileChannel(path)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                // until end of file or a full buffer
            }
            return new String(buffer.array(), 0, buffer.position(), UTF_8);
        }
    }

}
