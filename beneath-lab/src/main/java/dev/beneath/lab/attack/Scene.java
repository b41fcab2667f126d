package dev.beneath.lab.attack;

import java.nio.file.Path;

/**
 * One scenario laid out on disk, before the race starts.
 *
 * @param scenario   what it is
 * @param root       the root or volume the victim works in (its inodes make the census)
 * @param victimPath the path the victim is asked for, relative to {@code root}
 * @param directory  whether {@code victimPath} names a directory when nobody interferes
 * @param workspace  a trusted directory next to the root where the victim may make mount targets
 * @param exchange   the attacker's move
 * @param census     the inodes inside {@code root}, taken before any exchange
 */
public record Scene(Scenario scenario, Path root, String victimPath, boolean directory, Path workspace,
                    Exchange exchange, InodeCensus census) {
}
