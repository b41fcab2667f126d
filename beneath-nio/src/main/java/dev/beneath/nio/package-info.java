/**
 * The beneath {@link java.nio.file.FileSystem}: {@link dev.beneath.nio.BeneathFileSystems}
 * opens one on a host directory, and every {@link java.nio.file.Files} operation on its
 * paths is resolved inside that directory from a pinned descriptor.
 */
package dev.beneath.nio;
