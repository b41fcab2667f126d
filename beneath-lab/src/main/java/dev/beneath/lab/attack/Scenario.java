package dev.beneath.lab.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * The races the lab runs. Each lays out a fresh tree in a scratch directory: the root (or
 * volume) the victim works in, objects outside it that an escape would reach, and the pair of
 * entries the attacker exchanges.
 */
public enum Scenario {
    /**
     * The kernel's rename attack: {@code c/../..} eighteen times over, while {@code root/c} is
     * exchanged with a directory outside the root; a walk standing in {@code c} when it moves
     * out climbs out on the next {@code ..}.
     */
    RENAME("rename", false) {
        @Override
        Scene lay(Path scratch) throws IOException {
            Path root = Files.createDirectories(scratch.resolve("root/c")).getParent();
            Files.createDirectory(scratch.resolve("b"));
            return scene(root, String.join("/", Collections.nCopies(18, "c/../..")), true, scratch,
                    new Exchange(root, "c", scratch, "b"));
        }
    },
    /** {@code d} (holding {@code sub}) exchanged with a symlink to a secret directory that holds {@code sub} too. */
    DIR_SYMLINK("dir-symlink", true) {
        @Override
        Scene lay(Path scratch) throws IOException {
            Path secret = Files.createDirectories(scratch.resolve("secret/sub")).getParent();
            Files.writeString(secret.resolve("sub/key"), "outside the volume\n");
            Path root = volumeWithLink(scratch, secret.toString());
            Files.createDirectories(root.resolve("d/sub"));
            return scene(root, "d/sub", true, scratch, new Exchange(root, "d", root, "link"));
        }
    },
    /** {@code d} (holding {@code etc}) exchanged with a symlink to {@code /}: the host's {@code /etc}. */
    ROOT_SYMLINK("root-symlink", true) {
        @Override
        Scene lay(Path scratch) throws IOException {
            Path root = volumeWithLink(scratch, "/");
            Files.createDirectories(root.resolve("d/etc"));
            return scene(root, "d/etc", true, scratch, new Exchange(root, "d", root, "link"));
        }
    },
    /** A file {@code f} exchanged with a symlink to a secret file outside. */
    FILE_SYMLINK("file-symlink", true) {
        @Override
        Scene lay(Path scratch) throws IOException {
            Path secret = Files.writeString(scratch.resolve("secret.txt"), "outside the volume\n");
            Path root = volumeWithLink(scratch, secret.toString());
            Files.writeString(root.resolve("f"), "inside\n");
            return scene(root, "f", false, scratch, new Exchange(root, "f", root, "link"));
        }
    };

    private final String cliName;
    private final boolean subPath;

    Scenario(String cliName, boolean subPath) {
        this.cliName = cliName;
        this.subPath = subPath;
    }

    /** The name used in the table and the JSON. */
    public String cliName() {
        return cliName;
    }

    /** Whether the victim path is a valid subPath (no {@code ..}), so the subPath strategies can race it. */
    public boolean forSubPath() {
        return subPath;
    }

    /** Lays the scenario out in {@code scratch}, an empty trusted directory, and takes the census. */
    abstract Scene lay(Path scratch) throws IOException;

    private static Path volumeWithLink(Path scratch, String target) throws IOException {
        Path root = Files.createDirectory(scratch.resolve("volume"));
        Files.createSymbolicLink(root.resolve("link"), Path.of(target));
        return root;
    }

    final Scene scene(Path root, String victimPath, boolean directory, Path scratch, Exchange exchange)
            throws IOException {
        Path workspace = Files.createDirectory(scratch.resolve("workspace"));
        return new Scene(this, root, victimPath, directory, workspace, exchange, InodeCensus.of(root));
    }
}
