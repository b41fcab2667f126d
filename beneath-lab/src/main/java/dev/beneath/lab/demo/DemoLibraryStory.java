package dev.beneath.lab.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.beneath.SafetyCheckException;
import dev.beneath.Backend;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.PlatformReport;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The library-level story of {@code beneath demo}, told where containers cannot run: a volume
 * in a temporary directory holds planted symlinks; the naive Java idiom follows them to the
 * host's {@code /etc/passwd}; beneath refuses them under {@code BENEATH} with every backend,
 * confines them to the volume under {@code IN_ROOT}, and still resolves a legitimate path.
 * Needs no privilege.
 */
public final class DemoLibraryStory {
    /** Paths an attacker would hand over, each reaching the host's /etc/passwd through a planted link. */
    static final List<String> ATTACKS = List.of(
            DemoVolume.EVIL_LINK + "/etc/passwd",
            DemoVolume.ESCAPE_LINK + "/passwd");

    private final PrintWriter out;
    private int attacksTried;
    private int attacksRefused;
    private boolean legitimateResolved = true;

    public DemoLibraryStory(PrintWriter out) {
        this.out = out;
    }

    /** Tells the story; true when beneath refused every attack and resolved the legitimate path. */
    public boolean tell() throws IOException {
        try (DemoVolume scene = DemoVolume.create()) {
            tell(scene);
        } finally {
            out.flush();
        }
        boolean success = attacksRefused == attacksTried && legitimateResolved;
        out.println();
        out.println(success
                ? "Result: beneath refused all " + attacksTried + " attacks and resolved the legitimate path."
                : "Result: FAILED: beneath refused " + attacksRefused + " of " + attacksTried + " attacks"
                        + (legitimateResolved ? "" : ", and the legitimate path did not resolve") + ".");
        out.println("(The temporary directory has been removed.)");
        out.flush();
        return success;
    }

    private void tell(DemoVolume scene) throws IOException {
        Path volume = scene.volume();
        List<Backend> backends = availableBackends();

        out.println("A volume whose owner planted symlinks, at the library level");
        out.println();
        out.println("The volume (a directory an untrusted party controls)");
        out.println("  " + volume);
        out.println("  evil      -> " + DemoVolume.EVIL_TARGET);
        out.println("  escape    -> " + scene.escapeTarget());
        out.println("  " + DemoVolume.LEGIT_FILE + "   an ordinary file");

        out.println();
        out.println("1. Plain java.nio: volume.resolve(path) follows the links out of the volume");
        for (String attack : ATTACKS) {
            showNaive(volume, attack);
        }
        out.println("   Checking toRealPath().startsWith(volume) first does not help: the owner swaps the");
        out.println("   link in between the check and the use. beneath holds descriptors instead of strings.");

        out.println();
        out.println("2. beneath, scope BENEATH: any step out of the volume is refused");
        for (Backend backend : backends) {
            for (String attack : ATTACKS) {
                showAttack(volume, backend, ResolveOptions.DEFAULT.withScope(Scope.BENEATH), attack, "refused");
            }
        }

        out.println();
        out.println("3. beneath, scope IN_ROOT (the default): the volume is its own '/'");
        for (Backend backend : backends) {
            for (String attack : ATTACKS) {
                showAttack(volume, backend, ResolveOptions.DEFAULT, attack, "confined");
            }
        }
        out.println("   ENOENT: both paths now name the volume's own etc/passwd, which does not exist.");

        out.println();
        out.println("4. A legitimate path resolves as usual");
        for (Backend backend : backends) {
            showLegitimate(volume, backend);
        }
        if (!backends.contains(Backend.OPENAT2)) {
            out.println("   (openat2 is not available on this kernel: " + PlatformReport.current().openat2Probe() + ")");
        }

        out.println();
        out.println("5. The node agent's subPath mechanism refuses the subPath \"" + DemoVolume.EVIL_LINK
                + "\" before it mounts anything");
        showSubPathRefusal(scene);
    }

    /** SubPathMounter.prepare refuses a subPath that leaves the volume before any mount (so without privilege). */
    private void showSubPathRefusal(DemoVolume scene) {
        attacksTried++;
        SubPath evil = new SubPath(0, DemoVolume.EVIL_LINK, "data", scene.volume(), scene.pod(), "app", false);
        try {
            PreparedSubPath p = new SubPathMounter().prepare(evil);
            out.println("   NOT REFUSED: prepared at " + p.hostPath());
        } catch (SubPathException | SafetyCheckException e) {
            if (e.getMessage().contains("outside the volume")) {
                attacksRefused++;
                out.println("   refused: " + e.getMessage());
            } else {
                out.println("   failed otherwise: " + e.getMessage());
            }
        }
    }

    private static List<Backend> availableBackends() {
        List<Backend> backends = new ArrayList<>();
        if (PlatformReport.current().openat2Available()) {
            backends.add(Backend.OPENAT2);
        }
        backends.add(Backend.EMULATED);
        return backends;
    }

    private void showNaive(Path volume, String attack) {
        Path naive = volume.resolve(attack);
        try {
            Path real = naive.toRealPath();
            String verdict = real.startsWith(volume) ? "stayed inside" : "ESCAPED";
            out.printf("   %-18s -> %-14s %s%n", attack, real, verdict);
            out.printf("   %-18s    first line: %s%n", "", firstLine(naive));
        } catch (IOException e) {
            out.printf("   %-18s -> not reachable here (%s)%n", attack, e);
        }
    }

    private void showAttack(Path volume, Backend backend, ResolveOptions options, String attack,
                            String refusal) throws IOException {
        attacksTried++;
        try (Root root = Root.open(volume, backend);
             Handle handle = root.resolve(attack, options)) {
            Path real = Path.of(handle.realPath());
            boolean inside = real.startsWith(volume);
            if (inside) {
                attacksRefused++;
            }
            out.printf("   %-9s %-18s -> %s  %s%n", name(backend), attack, real,
                    inside ? "(inside the volume)" : "ESCAPED");
        } catch (IOException e) {
            if (!(e instanceof PathError)) {
                throw e;
            }
            attacksRefused++;
            out.printf("   %-9s %-18s %s: %s%n", name(backend), attack, refusal, reason(e));
        }
    }

    private void showLegitimate(Path volume, Backend backend) {
        try (Root root = Root.open(volume, backend);
             Handle handle = root.resolve(DemoVolume.LEGIT_FILE);
             InputStream in = handle.newInputStream()) {
            String content = new String(in.readAllBytes(), UTF_8).strip();
            out.printf("   %-9s %-18s -> %s (%s)%n", name(backend), DemoVolume.LEGIT_FILE,
                    handle.realPath(), handle.type().shortName());
            out.printf("   %-9s %-18s    read: \"%s\"%n", "", "", content);
        } catch (IOException e) {
            legitimateResolved = false;
            out.printf("   %-9s %-18s FAILED: %s%n", name(backend), DemoVolume.LEGIT_FILE, e.getMessage());
        }
    }

    /** {@code EXDEV (Cross-device link)}: the errno part of the library's message. */
    private static String reason(IOException e) {
        String message = e.getMessage();
        String prefix = ((PathError) e).path() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The backend as the command line spells it ({@code --backend openat2}). */
    private static String name(Backend backend) {
        return backend.name().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), UTF_8))) {
            String line = reader.readLine();
            return line == null ? "(empty)" : line.length() > 60 ? line.substring(0, 60) + "..." : line;
        }
    }
}
