package dev.beneath.lab.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding the programs the lab starts (runc, unshare) the way a shell would, never through one. */
public final class Executables {
    private Executables() {
    }

    /**
     * The program {@code name}: the first absolute, executable regular file of that name in a
     * directory of {@code PATH}, else the first of {@code fallbacks} that is one.
     *
     * @param name      the program's file name
     * @param fallbacks where to look when {@code PATH} does not have it
     * @return the program, or empty when it is nowhere
     */
    public static Optional<Path> find(String name, List<Path> fallbacks) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        candidates.addAll(fallbacks);
        return candidates.stream()
                .filter(p -> p.isAbsolute() && Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }
}
