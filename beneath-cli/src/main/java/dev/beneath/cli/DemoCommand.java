package dev.beneath.cli;

import dev.beneath.lab.demo.DemoContainerStory;
import dev.beneath.lab.demo.DemoLibraryStory;
import dev.beneath.lab.ns.PrivateNamespace;
import dev.beneath.lab.runtime.Runc;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beneath demo}: the 2017 subPath attack replayed, and beneath refusing it.
 *
 * <p>Where containers can run (root, runc, a static busybox) it tells {@link DemoContainerStory}
 * with real containers, in a mount namespace of its own: when this process is not already in a
 * private one, it runs the story in a child started through
 * {@code unshare --mount --propagation private} ({@link PrivateNamespace}). Elsewhere it says why
 * in one line and tells the same story at the library level ({@link DemoLibraryStory}).
 *
 * <p>Exits 0 when every refusal by beneath happened and the legitimate steps worked, 1 otherwise.
 */
@Command(name = "demo",
        description = {"Replay the 2017 volume subPath attack: a container plants evil -> / in its volume,"
                + " the naive node agent exposes the host through it, and beneath refuses it.",
                "With root, runc and busybox-static it runs real containers in a private mount namespace;"
                        + " otherwise it shows the same story at the library level."},
        footer = {"", "Exit codes: 0 beneath refused every attack and the legitimate steps worked, 1 otherwise."})
final class DemoCommand extends CommandBase {
    /** A system property that forces the library-level story, like {@code --library-level}. */
    static final String LIBRARY_LEVEL_PROPERTY = "beneath.demo.libraryLevel";
    /** The bound on the whole run in a private namespace: the story takes seconds. */
    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(170);


    @Option(names = "--library-level", hidden = true,
            description = "Tell the library-level story even where containers can run.")
    boolean libraryLevel;

    @Option(names = "--relaunch", hidden = true,
            description = "Run the container story in a new private mount namespace even when this one is private.")
    boolean relaunch;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (libraryLevel || Boolean.getBoolean(LIBRARY_LEVEL_PROPERTY)) {
                return exitCode(new DemoLibraryStory(out).tell());
            }
            Runc.Availability containers = Runc.availability();
            if (!containers.ok()) {
                return libraryLevel(out, "containers cannot run here: " + containers.reason());
            }
            if (PrivateNamespace.relaunched() || (!relaunch && PrivateNamespace.verified())) {
                if (!PrivateNamespace.verified()) {
                    out.println("beneath demo: not in a private mount namespace after unshare; mounting nothing");
                    return Main.FAILED;
                }
                return exitCode(new DemoContainerStory(out).tell());
            }
            Optional<Path> unshare = PrivateNamespace.findUnshare();
            if (unshare.isEmpty()) {
                return libraryLevel(out, "unshare (util-linux) is missing, so the demo's mounts could not be"
                        + " kept off the host");
            }
            return PrivateNamespace.rerun(unshare.get(), Main.class, List.of("demo"), Map.of(), true, out,
                    CHILD_TIMEOUT);
        } finally {
            out.flush();
        }
    }

    private static int exitCode(boolean success) {
        return success ? Main.OK : Main.FAILED;
    }

    private static int libraryLevel(PrintWriter out, String why) throws IOException {
        out.println("beneath demo: " + why + "; showing the same story at the library level.");
        out.println();
        return exitCode(new DemoLibraryStory(out).tell());
    }
}
