package example.consumer;

import dev.beneath.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the four tasks, each in a fresh directory that an attacker has filled first, and exits
 * with status 1 if any expectation failed. With task names as arguments only those run.
 */
public final class Main {

    /** One task: sets up its hostile tree under {@code workDirectory}, then does its job and checks. */
    @FunctionalInterface
    interface Task {
        void run(Path workDirectory, Expectations expect) throws IOException;
    }

    private Main() {
    }

    /**
     * Runs the tasks.
     *
     * @param args names of the tasks to run ({@code upload}, {@code serve}, {@code walk},
     *             {@code unzip}); all of them when none is given
     * @throws IOException if a scratch directory cannot be made or removed
     */
    public static void main(String[] args) throws IOException {
        Module module = Main.class.getModule();
        String classPath = System.getProperty("java.class.path", "");
        String jar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                ? ", from an executable jar" : "";
        System.out.println("beneath consumer example, on the "
                + (module.isNamed() ? "module path (module " + module.getName() + ")" : "class path" + jar));
        Expectations expect = new Expectations(System.out);
        Path scratch = Files.createTempDirectory("beneath-consumer-");
        try {
            for (String name : args.length > 0 ? args : new String[] {"upload", "serve", "walk", "unzip"}) {
                System.out.println(name + ":");
                Path workDirectory = Files.createDirectory(scratch.resolve(name));
                task(name).run(workDirectory, expect);
            }
        } finally {
            // the trees hold links to / and out of themselves: remove them without following any
            try (Root root = Root.open(scratch.getParent())) {
                root.removeAll(scratch.getFileName().toString());
            }
        }
        System.out.println(expect.checked() + " expectations, " + expect.failed() + " failed");
        if (expect.failed() > 0) {
            System.exit(1);
        }
    }

    private static Task task(String name) {
        return switch (name) {
            case "upload" -> UploadHandler::demonstrate;
            case "serve" -> StaticFileServer::demonstrate;
            case "walk" -> TreeWalk::demonstrate;
            case "unzip" -> Unzip::demonstrate;
            default -> throw new IllegalArgumentException("no task " + name + " (upload, serve, walk, unzip)");
        };
    }
}
