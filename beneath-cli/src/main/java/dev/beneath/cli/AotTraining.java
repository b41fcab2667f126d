package dev.beneath.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run for the JVM's ahead-of-time cache (JEP 483/514/515), which the
 * {@code beneath} launcher makes once after each build: it runs the commands a script or a
 * runtime hook calls one by one ({@code resolve}, {@code stat}, {@code subpath prepare}),
 * in-process and with their output discarded, so that the classes they load and link, and
 * the profiles of their hot methods, are in the cache the next start maps instead of
 * computing again.
 *
 * <pre>
 * java -XX:AOTCacheOutput=beneath.aot -cp beneath.jar dev.beneath.cli.AotTraining SCRATCH_DIR
 * </pre>
 *
 * {@code subpath prepare} is trained on a volume that does not exist, so it is refused before
 * anything is mounted: the training never changes the system it runs on.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]);
        Path root = Files.createDirectories(scratch.resolve("root/a/b"));
        Files.writeString(root.resolve("f"), "x");
        String dir = scratch.resolve("root").toString();
        List<List<String>> runs = List.of(
                List.of("resolve", "--root", dir, "a/b/f"),
                List.of("resolve", "--root", dir, "--json", "a/b/f"),
                List.of("resolve", "--root", dir, "a/missing"),
                List.of("stat", "--root", dir, "a/b/f"),
                List.of("stat", "--root", dir, "--json", "a/b/f"),
                List.of("subpath", "prepare", "--volume", scratch.resolve("no-volume").toString(),
                        "--subpath", "a", "--pod-dir", scratch.resolve("no-pod").toString(),
                        "--volume-name", "v", "--container", "c", "--index", "0"));
        for (int round = 0; round < 20; round++) {
            for (List<String> run : runs) {
                String[] argv = run.toArray(String[]::new);
                Main.commandLine(System.in, OutputStream.nullOutputStream(),
                        new PrintWriter(OutputStream.nullOutputStream()), argv[0]).execute(argv);
            }
        }
        // as Main ends: System.exit loads the runtime's exit logger, which the cache then holds
        System.exit(Main.OK);
    }
}
