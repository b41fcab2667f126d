/**
 * Keeping mounts off the host: the one way this program reruns itself in a private mount
 * namespace, after which the kernel, not the environment, says whether it is in one.
 */
package dev.beneath.lab.ns;
