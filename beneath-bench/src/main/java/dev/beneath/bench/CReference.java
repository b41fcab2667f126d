package dev.beneath.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C reference ({@code src/main/c/pathwalk.c}), compiled with gcc when the suite runs and
 * timed on the same tree shapes as {@link ResolveBenchmarks}.
 */
final class CReference {
    /** One C measurement: the mode ({@code openat2} or {@code walk}), the depth, ns per operation. */
    record Result(String mode, int depth, double nsPerOp) {
    }

    private final Path binary;

    private CReference(Path binary) {
        this.binary = binary;
    }

    /** Compiles {@code source} with {@code gcc -O2} into a scratch directory. */
    static CReference compile(Path source, Path workDir) throws IOException, InterruptedException {
        Path binary = workDir.resolve("pathwalk");
        run(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()));
        return new CReference(binary);
    }

    /** Times both modes at every depth. */
    List<Result> measure(int[] depths, long iterations) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        for (int depth : depths) {
            Path dir = Trees.scratch("c");
            try {
                Trees.makePath(dir, depth);
                for (String mode : List.of("openat2", "walk")) {
                    String out = run(List.of(binary.toString(), mode, dir.toString(), Trees.path(depth),
                            Long.toString(iterations)));
                    results.add(new Result(mode, depth, Double.parseDouble(out.strip())));
                }
            } finally {
                Trees.delete(dir);
            }
        }
        return results;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue());
        }
        return out;
    }

    /** The gcc version line, for the machine facts. */
    static String gccVersion() {
        try {
            return run(List.of("gcc", "--version")).lines().findFirst().orElse("gcc");
        } catch (IOException | InterruptedException e) {
            return "gcc unavailable";
        }
    }

    static boolean exists(Path source) {
        return Files.isRegularFile(source);
    }
}
