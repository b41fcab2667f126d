/**
 * A confined {@link java.nio.file.FileSystem}: scheme {@code beneath}, every operation
 * resolved inside a {@link dev.beneath.Root}. Start at {@link dev.beneath.nio.BeneathFileSystems}.
 */
module dev.beneath.nio {
    requires transitive dev.beneath;

    exports dev.beneath.nio;

    provides java.nio.file.spi.FileSystemProvider with dev.beneath.nio.BeneathFileSystemProvider;
}
