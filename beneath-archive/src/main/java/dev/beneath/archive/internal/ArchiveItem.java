package dev.beneath.archive.internal;

import dev.beneath.archive.EntryType;
import java.nio.file.attribute.FileTime;

/**
 * One entry as any format describes it. Names are surrogateescape Strings ({@link SurrogateEscape}).
 *
 * @param name           the member name, with {@code /} as the separator
 * @param type           the declared type
 * @param linkTarget     a symlink's target or a hard link's source name; null otherwise
 * @param mode           permission bits as stored (07777), or -1 when the format has none
 * @param uid            owner, or -1
 * @param gid            group, or -1
 * @param declaredSize   the content size the archive declares, or -1
 * @param compressedSize the bytes the content occupies in the archive when the format says, or -1
 * @param lastModified   the modification time, or null
 * @param sparse         a tar sparse file: its holes are not in the archive, so its ratio is not judged
 */
public record ArchiveItem(String name, EntryType type, String linkTarget, int mode, long uid, long gid,
                          long declaredSize, long compressedSize, FileTime lastModified,
                          boolean sparse) {
}
