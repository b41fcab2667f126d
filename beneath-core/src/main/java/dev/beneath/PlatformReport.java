package dev.beneath;

import dev.beneath.internal.procfs.ProcFs;
import dev.beneath.internal.resolve.Backends;
import dev.beneath.internal.sys.Sys;
import dev.beneath.internal.sys.SyscallException;
import java.util.Locale;

/**
 * What beneath found out about the system it runs on: the facts that decide how a lookup is
 * protected here. For diagnostics ({@code beneath doctor}) and logs.
 *
 * @param kernelRelease    the kernel release, as {@code uname -r} prints it
 * @param openat2Available whether the probe found {@code openat2(2)} usable
 * @param openat2Probe     what the probe saw, in words
 * @param automaticBackend the backend {@link Backend#AUTO} picks
 * @param procfs           where the verified procfs handle comes from ({@code private-instance},
 *                         {@code detached-clone} or {@code host}), or why there is none
 * @param effectiveUid     the process's effective user id
 */
public record PlatformReport(String kernelRelease, boolean openat2Available, String openat2Probe,
                             Backend automaticBackend, String procfs, int effectiveUid) {

    /**
     * Looks at the running system (the probes run once per process).
     *
     * @return what was found
     */
    public static PlatformReport current() {
        Backends.Probe probe = Backends.probeResult();
        return new PlatformReport(Sys.kernelRelease(), probe.openat2Available(), probe.detail(),
                Backend.detected(), procfsSource(), Sys.geteuid());
    }

    private static String procfsSource() {
        try {
            return ProcFs.shared().source().name().toLowerCase(Locale.ROOT).replace('_', '-');
        } catch (SyscallException e) {
            return "none (" + e.errnoName() + ")";
        }
    }
}
