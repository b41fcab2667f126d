package dev.beneath.lab.attack;

import dev.beneath.Backend;
import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.PathError;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;

/**
 * This project's resolver with one backend forced: {@code root.resolve(path)}, the handle
 * judged by the inode it holds. Attempts alternate between {@link Scope#IN_ROOT} and
 * {@link Scope#BENEATH}, so both scopes face the attacker.
 */
final class BeneathVictim implements Victim {
    private static final ResolveOptions IN_ROOT = ResolveOptions.DEFAULT;
    private static final ResolveOptions BENEATH = ResolveOptions.DEFAULT.withScope(Scope.BENEATH);

    private final Root root;
    private final String path;
    private long attempts;

    BeneathVictim(Scene scene, Backend backend) throws IOException {
        this.root = Root.open(scene.root(), backend);
        this.path = scene.victimPath();
    }

    @Override
    public Outcome attempt() throws IOException {
        ResolveOptions options = (attempts++ & 1) == 0 ? IN_ROOT : BENEATH;
        try (Handle h = root.resolve(path, options)) {
            FileAttributes a = h.attributes();
            return Outcome.obtained(new InodeKey(a.device(), a.inode()));
        } catch (IOException e) {
            if (e instanceof PathError pe) {
                return Outcome.failed(pe.errno().name());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        root.close();
    }
}
