/**
 * Pods: the volume mounts a pod spec asks for, turned into prepared subPaths and the list of
 * host paths each container's runtime binds. A pod is described by plain records
 * ({@link dev.beneath.subpath.pod.Pod}); reading a manifest file is left to the caller, so that
 * this package, like the rest of the subpath jar, needs no library beyond beneath-core.
 */
package dev.beneath.subpath.pod;
