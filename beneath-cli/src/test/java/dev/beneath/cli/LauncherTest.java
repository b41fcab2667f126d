package dev.beneath.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code beneath} launcher script, run for real on a copy of the project's layout with a
 * stand-in jar (a {@code Main} that echoes its arguments, an {@code AotTraining} that can be
 * made to fail) and a stand-in {@code mvn} on the {@code PATH}: it builds only when a source is
 * newer than the jar, trains the start-up cache once per build, never retrains after a failed
 * training, and a broken cache never changes what the command prints.
 */
class LauncherTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path home;
    private Path jar;
    private Path cache;
    private Path mvnLog;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void layout() throws Exception {
        Files.copy(REPOSITORY.resolve("beneath"), home.resolve("beneath"));
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(REPOSITORY.resolve("scripts/jdk.sh"), home.resolve("scripts/jdk.sh"));
        Files.writeString(home.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(home.resolve("beneath-cli/src/main/java"));
        Files.writeString(home.resolve("beneath-cli/pom.xml"), "<project/>\n");
        Path target = Files.createDirectories(home.resolve("beneath-cli/target"));
        jar = target.resolve("beneath.jar");
        cache = target.resolve("beneath.aot");
        writeStandInJar(jar, home.resolve("classes"));
        for (Path p : List.of(home.resolve("pom.xml"), home.resolve("beneath-cli/pom.xml"),
                home.resolve("beneath-cli/src/main"), home.resolve("beneath-cli/src/main/java"))) {
            Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(60)));
        }
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
        Path bin = Files.createDirectories(home.resolve("bin"));
        mvnLog = home.resolve("mvn.log");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                echo "$@" >> "$FAKE_MVN_LOG"
                if [ "${FAKE_MVN_FAIL:-}" = 1 ]; then echo "[ERROR] the stand-in build failed"; exit 1; fi
                touch "$FAKE_JAR"
                """);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar whose Main prints its arguments and whose AotTraining exits 3 when asked to. */
    private static void writeStandInJar(Path jar, Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve("src/dev/beneath/cli"));
        Files.writeString(src.resolve("Main.java"), """
                package dev.beneath.cli;
                public final class Main {
                    public static void main(String[] args) {
                        System.out.println("stand-in " + String.join(" ", args));
                    }
                }
                """);
        Files.writeString(src.resolve("AotTraining.java"), """
                package dev.beneath.cli;
                public final class AotTraining {
                    public static void main(String[] args) {
                        if ("1".equals(System.getenv("FAKE_TRAINING_FAIL"))) {
                            System.exit(3);
                        }
                        Main.main(new String[] {"training"});
                    }
                }
                """);
        Path classes = Files.createDirectories(work.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                src.resolve("Main.java").toString(), src.resolve("AotTraining.java").toString());
        assertEquals(0, rc, "the stand-in classes compile");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("Main", "AotTraining")) {
                out.putNextEntry(new JarEntry("dev/beneath/cli/" + name + ".class"));
                Files.copy(classes.resolve("dev/beneath/cli/" + name + ".class"), out);
                out.closeEntry();
            }
        }
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("beneath").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FAKE_MVN_LOG", mvnLog.toString());
        pb.environment().put("FAKE_JAR", jar.toString());
        pb.environment().remove("FAKE_TRAINING_FAIL");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
        return new Run(p.exitValue(), Files.readString(home.resolve("out.txt"), UTF_8),
                Files.readString(home.resolve("err.txt"), UTF_8));
    }

    @Test
    void trainsTheCacheOnceAndThenJustRuns() throws Exception {
        Run first = launch(Map.of(), "hello", "world");
        assertEquals(new Run(0, "stand-in hello world\n", "beneath: preparing the start-up cache (once) ...\n"), first);
        assertTrue(Files.size(cache) > 0, "the cache was written");
        FileTime trained = Files.getLastModifiedTime(cache);
        Run second = launch(Map.of(), "hello", "world");
        assertEquals(new Run(0, "stand-in hello world\n", ""), second);
        assertEquals(trained, Files.getLastModifiedTime(cache), "not trained again");
        assertFalse(Files.exists(mvnLog), "nothing was built: no source is newer than the jar");
    }

    @Test
    void aBrokenCacheChangesNothingTheCommandPrints() throws Exception {
        launch(Map.of(), "warm");
        byte[] garbage = new byte[(int) Math.min(Files.size(cache), 1 << 20)];
        new java.util.Random(7).nextBytes(garbage);
        for (byte[] contents : List.of(garbage, new byte[0], "not a cache".getBytes(UTF_8))) {
            Files.write(cache, contents);
            Run r = launch(Map.of(), "still", "fine");
            assertEquals(new Run(0, "stand-in still fine\n", ""), r);
        }
    }

    @Test
    void aFailedTrainingIsNotRetriedUntilTheNextBuild() throws Exception {
        Run failed = launch(Map.of("FAKE_TRAINING_FAIL", "1"), "x");
        assertEquals(new Run(0, "stand-in x\n", "beneath: preparing the start-up cache (once) ...\n"), failed);
        assertFalse(Files.exists(cache));
        assertTrue(Files.exists(cache.resolveSibling("beneath.aot.failed")));
        assertEquals(new Run(0, "stand-in x\n", ""), launch(Map.of("FAKE_TRAINING_FAIL", "1"), "x"));
        try (var crashes = Files.list(jar.getParent())) {
            assertEquals(List.of(), crashes.filter(f -> f.getFileName().toString().startsWith("aot-training-crash")).toList());
        }
    }

    @Test
    void aNewerSourceRebuildsAndRetrains() throws Exception {
        launch(Map.of(), "warm");
        Files.setLastModifiedTime(home.resolve("beneath-cli/src/main/java"), FileTime.from(Instant.now()));
        Run r = launch(Map.of(), "after", "edit");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("stand-in after edit\n", r.out());
        assertEquals("beneath: building (once) ...\nbeneath: preparing the start-up cache (once) ...\n", r.err());
        String mvn = Files.readString(mvnLog);
        assertTrue(mvn.contains("package") && mvn.contains("-DskipTests"), mvn);
        assertEquals(new Run(0, "stand-in after edit\n", ""), launch(Map.of(), "after", "edit"));
    }

    @Test
    void aFailedBuildSaysSoAndRunsNothing() throws Exception {
        Files.setLastModifiedTime(home.resolve("pom.xml"), FileTime.from(Instant.now()));
        Run r = launch(Map.of("FAKE_MVN_FAIL", "1"), "never");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("[ERROR] the stand-in build failed")
                && r.err().endsWith("beneath: the build failed (log above)\n"), r.err());
    }
}
