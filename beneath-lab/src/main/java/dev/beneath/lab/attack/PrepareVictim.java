package dev.beneath.lab.attack;

import dev.beneath.SafetyCheckException;
import dev.beneath.subpath.PreparedSubPath;
import dev.beneath.subpath.SubPath;
import dev.beneath.subpath.SubPathException;
import dev.beneath.subpath.SubPathMounter;

/**
 * This project's subPath mechanism: {@link SubPathMounter#prepare} with the automatic backend
 * and the best mount method; after each success the prepared mount is judged by the inode it
 * shows, then every prepared subPath is cleaned, so that each attempt is a fresh prepare.
 */
final class PrepareVictim implements Victim {
    private static final String VOLUME = "vol";

    private final SubPathMounter mounter = new SubPathMounter();
    private final SubPath request;

    PrepareVictim(Scene scene) {
        this.request = new SubPath(0, scene.victimPath(), VOLUME, scene.root(), scene.workspace(), "app", false);
    }

    @Override
    public Outcome attempt() throws Exception {
        try {
            PreparedSubPath prepared = mounter.prepare(request);
            return Outcome.obtained(InodeKey.ofPath(prepared.hostPath()));
        } catch (SubPathException | SafetyCheckException e) {
            return Outcome.failed(ErrorLabels.of(e));
        } finally {
            mounter.cleanSubPaths(request.podDirectory(), VOLUME);
        }
    }

    @Override
    public void close() throws SubPathException {
        mounter.cleanSubPaths(request.podDirectory(), VOLUME);
    }
}
