/**
 * An SFTP server (Apache MINA SSHD) whose sessions cannot leave their directory.
 *
 * <p>Start at {@link dev.beneath.sftp.SftpServer}. Every SFTP session gets its own beneath
 * file system on the served directory from {@link dev.beneath.sftp.BeneathFileSystemFactory}: a
 * file system whose {@code /} is that directory and whose every operation goes through a
 * descriptor pinned on it, so a symlink or a rename made by the client, or by anyone else with
 * access to the directory, cannot lead an operation outside it. Authentication is by public key
 * only; no shell, command execution or forwarding is offered.
 *
 * <p>What is not protected: the contents of the directory itself (a client may read, replace
 * or remove anything in it, unless the server is read-only), and resources (disk space, inodes,
 * bandwidth): limit those with the usual system means.
 */
package dev.beneath.sftp;
