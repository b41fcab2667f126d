package dev.beneath.lab.attack;

import dev.beneath.Backend;
import dev.beneath.PlatformReport;
import dev.beneath.lab.ns.PrivateNamespace;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The ways of handling an untrusted path that the lab sets side by side: the idioms this
 * project replaces, which must be seen escaping, and this project's own, which must not.
 */
public enum Strategy {
    /** {@code toRealPath()}, {@code startsWith(root)}, then open the checked string. */
    NAIVE("naive", false, false),
    /** The same with {@code NOFOLLOW_LINKS} on the final open: only the last component is protected. */
    NAIVE_NOFOLLOW("naive-nofollow", false, false),
    /** {@code Root.resolve} with the openat2 backend forced. */
    BENEATH_OPENAT2("beneath-openat2", true, false),
    /** {@code Root.resolve} with the emulated backend forced. */
    BENEATH_EMULATED("beneath-emulated", true, false),
    /** Bind-mount {@code volume/subPath} as a string, no check at all. */
    SUBPATH_NAIVE("subpath-naive", false, true),
    /** Resolve the subPath, check it stays in the volume, bind-mount the checked string. */
    SUBPATH_CHECK_THEN_MOUNT("subpath-check-then-mount", false, true),
    /** {@code SubPathMounter.prepare}, the mount judged by inode after each success. */
    SUBPATH_BENEATH("subpath-beneath", true, true);

    private final String cliName;
    private final boolean beneath;
    private final boolean mounts;

    Strategy(String cliName, boolean beneath, boolean mounts) {
        this.cliName = cliName;
        this.beneath = beneath;
        this.mounts = mounts;
    }

    /** The name on the command line, in the table and in the JSON. */
    public String cliName() {
        return cliName;
    }

    /** This project's own strategy: any escape is a failure of the run. */
    public boolean beneath() {
        return beneath;
    }

    /** Makes mounts: needs root, and runs in a private mount namespace. */
    public boolean mounts() {
        return mounts;
    }

    /** The strategy whose command-line name is {@code name}. */
    public static Optional<Strategy> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }

    /** The scenarios this strategy races: subPath strategies only those whose path is a valid subPath. */
    public List<Scenario> scenarios() {
        return Arrays.stream(Scenario.values()).filter(s -> !mounts || s.forSubPath()).toList();
    }

    /** Why this strategy cannot run in this process, or empty when it can. */
    public Optional<String> unavailable(boolean privateMountNamespace) {
        if (this == BENEATH_OPENAT2 && !PlatformReport.current().openat2Available()) {
            return Optional.of("openat2 is not available: " + PlatformReport.current().openat2Probe());
        }
        if (mounts && !PrivateNamespace.privileged()) {
            return Optional.of("makes mounts: needs root");
        }
        if (mounts && !privateMountNamespace) {
            return Optional.of("makes mounts: needs a private mount namespace (unshare is missing, or the kernel did not confirm one)");
        }
        return Optional.empty();
    }

    /** A victim of this strategy working in {@code scene}. */
    Victim victim(Scene scene) throws Exception {
        return switch (this) {
            case NAIVE -> new NaiveVictim(scene, false);
            case NAIVE_NOFOLLOW -> new NaiveVictim(scene, true);
            case BENEATH_OPENAT2 -> new BeneathVictim(scene, Backend.OPENAT2);
            case BENEATH_EMULATED -> new BeneathVictim(scene, Backend.EMULATED);
            case SUBPATH_NAIVE -> new MountVictim(scene, false);
            case SUBPATH_CHECK_THEN_MOUNT -> new MountVictim(scene, true);
            case SUBPATH_BENEATH -> new PrepareVictim(scene);
        };
    }
}
