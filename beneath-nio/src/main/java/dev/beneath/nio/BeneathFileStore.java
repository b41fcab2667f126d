package dev.beneath.nio;

import dev.beneath.internal.sys.Sys;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;

/**
 * The filesystem a path of the tree lives on, as {@code fstatfs} of the resolved descriptor
 * reported it when the store was asked for (sizes are a snapshot: ask again for fresh ones).
 * Its name is the filesystem type: a host device or mount point would tell the untrusted
 * side something about the host.
 */
final class BeneathFileStore extends java.nio.file.FileStore {
    private static final Map<Long, String> TYPES = Map.ofEntries(
            Map.entry(0xEF53L, "ext4"), Map.entry(0x01021994L, "tmpfs"), Map.entry(0x58465342L, "xfs"),
            Map.entry(0x9123683EL, "btrfs"), Map.entry(0x794C7630L, "overlay"), Map.entry(0x9FA0L, "proc"),
            Map.entry(0x65735546L, "fuse"), Map.entry(0x6969L, "nfs"), Map.entry(0x2FC12FC1L, "zfs"),
            Map.entry(0xFF534D42L, "cifs"), Map.entry(0x4D44L, "vfat"), Map.entry(0x5346544EL, "ntfs"),
            Map.entry(0x62656572L, "sysfs"), Map.entry(0x73717368L, "squashfs"), Map.entry(0xF2F52010L, "f2fs"));

    private final BeneathFileSystem fs;
    private final Sys.StatFs st;

    BeneathFileStore(BeneathFileSystem fs, Sys.StatFs st) {
        this.fs = fs;
        this.st = st;
    }

    @Override
    public String name() {
        return type();
    }

    @Override
    public String type() {
        return TYPES.getOrDefault(st.type(), "0x" + Long.toHexString(st.type()));
    }

    @Override
    public boolean isReadOnly() {
        return st.readOnly();
    }

    private long bytes(long blocks) {
        long unit = st.fragmentSize() > 0 ? st.fragmentSize() : st.blockSize();
        return Math.multiplyHigh(blocks, unit) != 0 ? Long.MAX_VALUE : blocks * unit;
    }

    @Override
    public long getTotalSpace() throws IOException {
        fs.ensureOpen();
        return bytes(st.blocks());
    }

    @Override
    public long getUsableSpace() throws IOException {
        fs.ensureOpen();
        return bytes(st.blocksAvailable());
    }

    @Override
    public long getUnallocatedSpace() throws IOException {
        fs.ensureOpen();
        return bytes(st.blocksFree());
    }

    @Override
    public long getBlockSize() {
        return st.blockSize();
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return type == BasicFileAttributeView.class || type == PosixFileAttributeView.class
                || type == FileOwnerAttributeView.class;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return Attributes.VIEWS.contains(name);
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) throws IOException {
        return switch (attribute) {
            case "totalSpace" -> getTotalSpace();
            case "usableSpace" -> getUsableSpace();
            case "unallocatedSpace" -> getUnallocatedSpace();
            default -> throw new UnsupportedOperationException("'" + attribute + "' not recognized");
        };
    }

    @Override
    public String toString() {
        return name() + " (" + type() + ")";
    }
}
