package dev.beneath.subpath;

import static dev.beneath.subpath.SubPathValidation.quote;

import dev.beneath.Backend;
import dev.beneath.DirectoryEntry;
import dev.beneath.FileAttributes;
import dev.beneath.FileType;
import dev.beneath.Handle;
import dev.beneath.Errno;
import dev.beneath.PathError;
import dev.beneath.ResolveOptions;
import dev.beneath.SafetyCheckException;
import dev.beneath.Root;
import dev.beneath.Scope;
import dev.beneath.internal.sys.Linux;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import dev.beneath.mount.BindMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The node agent's subPath mechanism: {@link #prepare} a verified bind mount of the object a
 * subPath names inside a volume, {@link #cleanSubPaths} of a pod's volume, and
 * {@link #safeMakeDir} for a subPath that must exist as a directory.
 *
 * <p>Protected: the volume's content may be anything the container wrote, symlinks included,
 * and may change while the node agent works. The subPath is resolved in the volume by
 * descriptor ({@link Scope#BENEATH}: a symlink that stays inside the volume is followed, one
 * that leaves it is refused), the resulting descriptor is cloned and attached onto a target
 * pinned by descriptor, and the mount is checked afterwards to show exactly that inode, or is
 * undone. Read-only subPaths are read-only from the moment they become visible.
 *
 * <p>Not protected: the pod directory, which must be writable only by the node agent; mounts
 * inside the volume made by a privileged party (they are crossed like any directory).
 */
public final class SubPathMounter {
    /** The directory under the pod directory that holds prepared subPaths. */
    public static final String SUBPATHS_DIRECTORY = "volume-subpaths";
    private static final int DIRECTORY_MODE = 0750;
    private static final int FILE_MODE = 0640;
    private static final int MAX_STACKED_MOUNTS = 64;
    /** Inside the volume: links that stay inside are followed, leaving is an error. */
    private static final ResolveOptions IN_VOLUME = ResolveOptions.DEFAULT.withScope(Scope.BENEATH);
    /** Inside the pod directory, which only the node agent writes: no symlink is expected anywhere. */
    private static final ResolveOptions IN_POD = ResolveOptions.DEFAULT.withScope(Scope.BENEATH)
            .withNoSymlinks(true).withNoFollow(true);

    private final Backend backend;
    private final BindMount.Method method;

    /** The automatic resolver backend and the best mount method of this kernel. */
    public SubPathMounter() {
        this(Backend.AUTO);
    }

    /**
     * The given resolver backend (for tests and diagnostics; {@link Backend#AUTO} otherwise)
     * and the best mount method of this kernel.
     *
     * @param backend how paths are resolved inside the volume and the pod directory
     */
    public SubPathMounter(Backend backend) {
        this(backend, BindMount.preferred());
    }

    /** A chosen mount method, so that tests cover the fallback on a kernel that has both. */
    SubPathMounter(Backend backend, BindMount.Method method) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.method = Objects.requireNonNull(method, "method");
    }

    /**
     * Prepares {@code subPath} for the runtime: validates it, creates the target
     * {@code <podDir>/volume-subpaths/<volume>/<container>/<index>} (a 0750 directory, or an
     * empty 0640 file for anything else), bind-mounts the object onto it and verifies the
     * mount. Idempotent: a target already mounted with the same object and the same mount
     * flags (read-only, nosuid, nodev) is reused; one mounted with another object, or with
     * other flags (a read-write mount asked for read-only, or the reverse), is unmounted and
     * mounted again; so a read-only request never gets a writable mount. Leftovers of an interrupted
     * prepare (an empty target of the wrong kind) are replaced.
     *
     * @param subPath the volume mount to prepare
     * @return the host path of the verified mount, to hand to the runtime as a bind source
     * @throws SubPathException     if the subPath is invalid or leads outside the volume, if
     *                              the volume or the pod directory cannot be opened, or if
     *                              the mount cannot be made; the message names no host path
     * @throws SafetyCheckException  if a check after the mount fails: the mount does not show
     *                              the subPath's object or the flags asked for (it is then
     *                              undone), the prepared target was replaced by another kind
     *                              of object, or the procfs needed to mount is not genuine
     *                              (errno {@code EXDEV}); the message names no host path
     */
    public PreparedSubPath prepare(SubPath subPath) throws SubPathException, SafetyCheckException {
        SubPathValidation.check(subPath.path());
        SubPathValidation.checkName("volume", subPath.volumeName());
        SubPathValidation.checkName("container", subPath.containerName());
        String what = "subPath " + quote(subPath.path()) + " of volume " + quote(subPath.volumeName());
        try (Root volume = open(subPath.volumeHostPath(), IN_VOLUME, what, "the volume");
             Handle source = resolveSource(volume, subPath, what);
             Root pod = open(subPath.podDirectory(), IN_POD, what, "the pod directory")) {
            FileAttributes sourceAttributes = source.attributes();
            boolean directory = sourceAttributes.isDirectory();
            String containerDir = SUBPATHS_DIRECTORY + "/" + subPath.volumeName() + "/" + subPath.containerName();
            String target = containerDir + "/" + subPath.volumeMountIndex();
            Path hostPath = subPath.podDirectory().resolve(target);
            long parentMount;
            try (Handle dir = pod.mkdirAll(containerDir, DIRECTORY_MODE)) {
                parentMount = dir.attributes().mountId();
            }
            FileAttributes existing = attributesOrNull(pod, target);
            long expectedFlags = expectedMountFlags(source, subPath.readOnly());
            if (existing != null && existing.mountId() != parentMount) {
                // reused only when it is exactly what this request would mount: the same
                // object with the same read-only, nosuid and nodev; anything else is replaced
                if (existing.sameFile(sourceAttributes) && mountFlags(pod, target) == expectedFlags) {
                    return new PreparedSubPath(hostPath, subPath, true, directory);
                }
                unmountAll(pod, target, hostPath, parentMount);
                existing = attributesOrNull(pod, target);
            }
            if (existing != null && existing.isDirectory() != directory) {
                // left by an interrupted prepare for another kind of object: replace it
                if (existing.isDirectory()) {
                    pod.removeDir(target);
                } else {
                    pod.removeFile(target);
                }
                existing = null;
            }
            if (existing == null) {
                if (directory) {
                    pod.mkdir(target, DIRECTORY_MODE);
                } else {
                    pod.createFile(target, FILE_MODE).close();
                }
            }
            try (Handle parent = pod.resolve(containerDir, IN_POD);
                 Handle mountPoint = pod.resolve(target, IN_POD)) {
                FileType expected = directory ? FileType.DIRECTORY : FileType.REGULAR_FILE;
                if (mountPoint.type() != expected) {
                    throw tampered(what, "the prepared target is not a " + expected.shortName());
                }
                BindMount.bind(source.fd(), parent.fd(),
                        Integer.toString(subPath.volumeMountIndex()).getBytes(StandardCharsets.UTF_8),
                        mountPoint.fd(), subPath.readOnly(), method);
            } catch (SyscallException e) {
                if (e.isSafetyCheck()) {
                    // the procfs the legacy mount names its descriptors through is not genuine
                    throw tampered(what, "cannot bind-mount it: " + e.getMessage());
                }
                throw new SubPathException(what + ": cannot bind-mount it: " + e.errnoName(), Errno.of(e.errno()));
            }
            verify(pod, target, hostPath, parentMount, sourceAttributes, expectedFlags, what);
            return new PreparedSubPath(hostPath, subPath, false, directory);
        } catch (SubPathException e) {
            throw e;
        } catch (SafetyCheckException e) {
            if (what.equals(e.getFile())) {
                throw e;
            }
            // the core's check names what it checked (a procfs path); the pod's owner gets the subPath
            SafetyCheckException named = tampered(what, reason(e));
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            throw new SubPathException(what + ": " + reason(e), e);
        }
    }

    /** A failed verification of the subPath {@code what}; its message is {@code what: reason}. */
    private static SafetyCheckException tampered(String what, String reason) {
        return new SafetyCheckException(what, Errno.EXDEV.number(), reason);
    }

    private Root open(Path directory, ResolveOptions options, String what, String name) throws SubPathException {
        try {
            return Root.open(directory, backend, options);
        } catch (IOException e) {
            throw new SubPathException(what + ": cannot open " + name + ": " + errno(e), e);
        }
    }

    private static Handle resolveSource(Root volume, SubPath subPath, String what) throws SubPathException {
        try {
            return volume.resolve(subPath.path(), IN_VOLUME);
        } catch (IOException e) {
            String meaning = e instanceof PathError pe && pe.errno() == Errno.EXDEV
                    ? "it leads outside the volume" : reason(e);
            throw new SubPathException(what + ": refused: " + meaning, e);
        }
    }

    /** The mount attributes this module compares: read-only, nosuid, nodev. */
    private static final long COMPARED_FLAGS = Linux.ST_RDONLY | Linux.ST_NOSUID | Linux.ST_NODEV;

    /**
     * What a bind mount of {@code source} made for this request shows: read-only, nosuid and
     * nodev when it is read-only, otherwise the attributes of the mount the source is on.
     */
    private static long expectedMountFlags(Handle source, boolean readOnly) throws IOException {
        if (readOnly) {
            return COMPARED_FLAGS;
        }
        try {
            return Sys.fstatfsFlags(source.fd()) & COMPARED_FLAGS;
        } catch (SyscallException e) {
            throw new SubPathException("cannot read the mount flags of the subPath: " + e.errnoName(), Errno.of(e.errno()));
        }
    }

    private static long mountFlags(Root pod, String target) throws IOException {
        try (Handle h = pod.resolve(target, IN_POD)) {
            return Sys.fstatfsFlags(h.fd()) & COMPARED_FLAGS;
        } catch (SyscallException e) {
            throw new SubPathException(target + ": cannot read its mount flags: " + e.errnoName(), Errno.of(e.errno()));
        }
    }

    /**
     * The mount now at {@code target} must show the source's inode as a mount root, with the
     * mount flags the request asked for, or it is undone.
     */
    private static void verify(Root pod, String target, Path hostPath, long parentMount,
                               FileAttributes source, long expectedFlags, String what) throws IOException {
        FileAttributes mounted = attributesOrNull(pod, target);
        if (mounted != null && mounted.mountId() != parentMount && mounted.sameFile(source)
                && mountFlags(pod, target) == expectedFlags) {
            return;
        }
        try {
            unmountAll(pod, target, hostPath, parentMount);
        } catch (IOException undo) {
            // the mismatch is the error to report; the failed undo rides along
            SafetyCheckException e = tampered(what, "the mount does not show the subPath's object");
            e.addSuppressed(undo);
            throw e;
        }
        throw tampered(what, "the mount does not show the subPath's object; undone");
    }

    private static FileAttributes attributesOrNull(Root pod, String target) throws IOException {
        try (Handle h = pod.resolve(target, IN_POD)) {
            return h.attributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Unmounts every mount stacked on {@code target} (mount points are recognised by mount id). */
    private static void unmountAll(Root pod, String target, Path hostPath, long parentMount) throws IOException {
        for (int i = 0; i < MAX_STACKED_MOUNTS; i++) {
            FileAttributes a = attributesOrNull(pod, target);
            if (a == null || a.mountId() == parentMount) {
                return;
            }
            try {
                BindMount.unmount(hostPath);
            } catch (SyscallException e) {
                throw new SubPathException("cannot unmount " + target + ": " + e.errnoName(), Errno.of(e.errno()));
            }
        }
        throw new SubPathException(target + ": more than " + MAX_STACKED_MOUNTS + " mounts stacked");
    }

    /**
     * Undoes every prepared subPath of one volume of a pod: each target is unmounted (all
     * mounts stacked on it) and removed, then the empty container and volume directories,
     * and {@code volume-subpaths} itself when no other volume is left in it. Never descends
     * into a target, mounted or not; other volumes' entries are left alone. Costs one lookup
     * per entry: linear in the number of subPaths.
     *
     * @param podDirectory the pod's directory on the host (trusted: only the node agent writes there)
     * @param volumeName   the volume whose prepared subPaths are undone
     * @throws SubPathException naming the entry, for a non-directory where a container
     *                          directory should be, or a target that cannot be removed
     */
    public void cleanSubPaths(Path podDirectory, String volumeName) throws SubPathException {
        SubPathValidation.checkName("volume", volumeName);
        String volumeDir = SUBPATHS_DIRECTORY + "/" + volumeName;
        try (Root pod = Root.open(podDirectory, backend, IN_POD)) {
            List<DirectoryEntry> containers;
            try (Handle dir = pod.resolve(volumeDir, IN_POD)) {
                if (dir.type() != FileType.DIRECTORY) {
                    throw new SubPathException(volumeDir + " is not a directory");
                }
                containers = sortedByName(dir.list());
            } catch (NoSuchFileException nothingPrepared) {
                return;
            }
            for (DirectoryEntry container : containers) {
                String containerDir = volumeDir + "/" + container.name();
                if (container.type() != FileType.DIRECTORY) {
                    throw new SubPathException(containerDir + " is not a directory");
                }
                cleanContainer(pod, podDirectory, containerDir);
            }
            pod.removeDir(volumeDir);
            try {
                pod.removeDir(SUBPATHS_DIRECTORY);
            } catch (DirectoryNotEmptyException otherVolumes) {
                // another volume still has prepared subPaths
            }
        } catch (SubPathException e) {
            throw e;
        } catch (IOException e) {
            throw new SubPathException("cleaning subPaths of volume " + quote(volumeName) + ": " + reason(e), e);
        }
    }

    private static void cleanContainer(Root pod, Path podDirectory, String containerDir) throws IOException {
        long parentMount;
        List<DirectoryEntry> targets;
        try (Handle dir = pod.resolve(containerDir, IN_POD)) {
            parentMount = dir.attributes().mountId();
            targets = sortedByName(dir.list());
        }
        for (DirectoryEntry entry : targets) {
            String target = containerDir + "/" + entry.name();
            unmountAll(pod, target, podDirectory.resolve(target), parentMount);
            try {
                if (entry.type() == FileType.DIRECTORY) {
                    pod.removeDir(target); // never removeAll: a target is never descended into
                } else {
                    pod.removeFile(target);
                }
            } catch (IOException e) {
                throw new SubPathException(target + ": cannot remove: " + reason(e), e);
            }
        }
        pod.removeDir(containerDir);
    }

    /** Entries in name order, so that what is cleaned before an error is predictable. */
    private static List<DirectoryEntry> sortedByName(List<DirectoryEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(DirectoryEntry::name)).toList();
    }

    /**
     * Creates the directory {@code subdirectory} (and its missing parents) inside
     * {@code base} with {@code mode}, each one with {@code mkdirat} on its pinned parent. A
     * symlink on the way that stays inside {@code base} is followed; one that leaves it, or a
     * dangling one, is refused.
     *
     * <p>An empty subPath names the volume itself, as in the original: nothing is created, and
     * the call succeeds when {@code base} is a directory that can be opened.
     *
     * @param subdirectory the subPath to create, relative to {@code base}; empty for the volume
     * @param base         the volume's directory on the host (its content is untrusted)
     * @param mode         the permission bits of each directory created (before the umask),
     *                     as for {@code mkdir(2)}
     * @throws SubPathException if the subPath is invalid, leads outside {@code base}, or names
     *                          something that is not a directory; the message names no host path
     */
    public void safeMakeDir(String subdirectory, Path base, int mode) throws SubPathException {
        String what = "subPath " + quote(subdirectory);
        if (subdirectory.isEmpty()) {
            open(base, IN_VOLUME, what, "the volume").close();
            return;
        }
        SubPathValidation.check(subdirectory);
        try (Root root = open(base, IN_VOLUME, what, "the volume");
             Handle made = root.mkdirAll(subdirectory, mode)) {
            if (made.type() != FileType.DIRECTORY) {
                throw new SubPathException(what + ": not a directory");
            }
        } catch (SubPathException e) {
            throw e;
        } catch (IOException e) {
            String meaning = e instanceof PathError pe && pe.errno() == Errno.EXDEV
                    ? "it leads outside the volume" : reason(e);
            throw new SubPathException(what + ": cannot create it: " + meaning, e);
        }
    }

    /** The errno and its meaning, never a path: safe to show the pod's owner. */
    private static String reason(IOException e) {
        if (e instanceof PathError pe && e instanceof java.nio.file.FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : pe.errno().name();
        }
        return e.getClass().getSimpleName();
    }

    private static String errno(IOException e) {
        return e instanceof PathError pe ? pe.errno().name() : e.getClass().getSimpleName();
    }
}
