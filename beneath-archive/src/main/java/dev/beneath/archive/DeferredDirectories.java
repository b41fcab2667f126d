package dev.beneath.archive;

import dev.beneath.FileAttributes;
import dev.beneath.Handle;
import dev.beneath.ResolveOptions;
import dev.beneath.Root;
import dev.beneath.Scope;
import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The mode and time of each directory an extraction created, applied at the end (a read-only
 * directory must stay writable until its entries are in, and its time would change with each
 * of them). The first {@link #MAX_HELD} directories are held by the descriptor opened when they
 * were created, so no later entry or other process can redirect the change; beyond that, to
 * keep descriptors bounded, a directory is remembered by path, device and inode, re-resolved
 * at the end without following any symlink, and changed only if it is still the same inode.
 */
final class DeferredDirectories {
    /** Directories held open by descriptor; the rest are re-verified by inode. */
    static final int MAX_HELD = 256;

    private record Pending(Handle handle, String path, long device, long inode, int mode, FileTime time,
                           int reportIndex) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private int held;

    /** Takes over {@code directory}, a handle on the directory just created. */
    void add(Handle directory, String path, int mode, FileTime time, int reportIndex) throws IOException {
        if (held < MAX_HELD) {
            held++;
            pending.add(new Pending(directory, path, 0, 0, mode, time, reportIndex));
            return;
        }
        try (directory) {
            FileAttributes a = directory.attributes();
            pending.add(new Pending(null, path, a.device(), a.inode(), mode, time, reportIndex));
        }
    }

    /**
     * Applies every mode and time, deepest-created first, and closes every handle. A directory
     * that is no longer the one created keeps its name's current state, and its report says so.
     */
    void applyAll(Root destination, List<EntryReport> reports) throws IOException {
        ResolveOptions exact = ResolveOptions.DEFAULT.withScope(Scope.BENEATH).withNoFollow(true);
        IOException first = null;
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            try {
                if (p.handle != null) {
                    apply(p.handle, p);
                } else {
                    try (Handle again = destination.resolve(p.path, exact)) {
                        FileAttributes a = again.attributes();
                        if (a.device() != p.device || a.inode() != p.inode) {
                            note(reports, p, "mode and time not applied: the directory was replaced meanwhile");
                        } else {
                            apply(again, p);
                        }
                    } catch (IOException gone) {
                        note(reports, p, "mode and time not applied: the directory was moved or removed meanwhile");
                    }
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            } finally {
                if (p.handle != null) {
                    p.handle.close();
                }
            }
        }
        pending.clear();
        held = 0;
        if (first != null) {
            throw first;
        }
    }

    private static void apply(Handle h, Pending p) throws IOException {
        h.setPermissions(p.mode);
        if (p.time != null) {
            h.setTimes(p.time, null);
        }
    }

    private static void note(List<EntryReport> reports, Pending p, String why) {
        if (p.reportIndex < reports.size()) {
            EntryReport r = reports.get(p.reportIndex);
            reports.set(p.reportIndex, new EntryReport(r.name(), r.path(), r.type(), r.outcome(),
                    r.reason().isEmpty() ? why : r.reason() + "; " + why, r.bytes()));
        }
    }
}
