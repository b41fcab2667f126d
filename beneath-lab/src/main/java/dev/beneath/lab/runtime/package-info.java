/**
 * Runs short-lived containers with a real OCI runtime ({@code runc}) so that the mounts the
 * subPath mechanism prepares can be tried the way a node agent hands them over: a bundle
 * ({@link dev.beneath.lab.runtime.OciBundle}) with a busybox root filesystem and a
 * {@code config.json}, the caller's bind mounts ({@link dev.beneath.lab.runtime.OciMount}),
 * and {@link dev.beneath.lab.runtime.Runc#run} returning the exit code and output.
 *
 * <p>The runtime is a child process (it is the program a node agent hands off to); nothing
 * here runs a shell or mount(8) on the host. Every child process has a bounded timeout, and
 * runc keeps its state under a private temporary directory, so containers started here never
 * meet anyone else's.
 */
package dev.beneath.lab.runtime;
