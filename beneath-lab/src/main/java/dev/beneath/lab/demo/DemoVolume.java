package dev.beneath.lab.demo;

import dev.beneath.lab.runtime.TempTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scene of {@code beneath demo}: a fresh temporary directory holding a "volume" whose
 * untrusted owner planted two symlinks, {@code evil -> /} and {@code escape -> ../../../../etc},
 * next to one ordinary file, and an empty pod directory beside it. {@link #close()} deletes it all without following any link.
 *
 * @param scratch      the temporary directory holding it all
 * @param volume       the volume directory (a real path, no symlink in it)
 * @param pod          an empty pod directory beside the volume, for the subPath mechanism
 * @param escapeTarget the target of the relative link, {@code ../../../../etc} or longer
 */
record DemoVolume(Path scratch, Path volume, Path pod, String escapeTarget) implements AutoCloseable {
    static final String EVIL_LINK = "evil";
    static final String EVIL_TARGET = "/";
    static final String ESCAPE_LINK = "escape";
    static final String LEGIT_FILE = "data/report.txt";
    static final String LEGIT_CONTENT = "quarterly numbers: all fine";

    /** Creates the scene in a new temporary directory. */
    static DemoVolume create() throws IOException {
        Path scratch = Files.createTempDirectory("beneath-demo-").toRealPath();
        try {
            Path volume = Files.createDirectory(scratch.resolve("volume"));
            // enough ".." to reach "/" from the volume, however deep the temporary directory is
            String escapeTarget = "../".repeat(Math.max(4, volume.getNameCount())) + "etc";
            Files.createSymbolicLink(volume.resolve(EVIL_LINK), Path.of(EVIL_TARGET));
            Files.createSymbolicLink(volume.resolve(ESCAPE_LINK), Path.of(escapeTarget));
            Path legit = volume.resolve(LEGIT_FILE);
            Files.createDirectories(legit.getParent());
            Files.writeString(legit, LEGIT_CONTENT + "\n");
            Path pod = Files.createDirectory(scratch.resolve("pod"));
            return new DemoVolume(scratch, volume, pod, escapeTarget);
        } catch (IOException | RuntimeException e) {
            TempTree.delete(scratch);
            throw e;
        }
    }

    /** Deletes the scene. Links are deleted as links: nothing they point at is touched. */
    @Override
    public void close() throws IOException {
        TempTree.delete(scratch);
    }
}
