package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.beneath.lab.runtime.HostMounts;
import dev.beneath.testkit.TestEnv;
import dev.beneath.testkit.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume and a pod directory for the node-agent commands, with real mounts in the test
 * JVM's private mount namespace: {@code shared} holds {@code config/}, {@code logs/web-0/},
 * a file {@code app.yaml} and a planted {@code evil -> /}; {@code cache} is empty. Nothing may
 * be left mounted under the temporary directory after a test.
 */
abstract class AgentFixture {
    @TempDir
    Path base;
    Path shared;
    Path cache;
    Path podDir;

    @BeforeEach
    void volumes() throws IOException {
        Assumptions.assumeTrue(TestEnv.canMount(), TestEnv.NO_MOUNT_REASON);
        base = base.toRealPath();
        Tree tree = new Tree(base).dir("shared/config").dir("shared/logs/web-0").file("shared/app.yaml", "a: 1")
                .symlink("shared/evil", "/").dir("cache").dir("pod");
        shared = tree.path("shared");
        cache = tree.path("cache");
        podDir = tree.path("pod");
    }

    @AfterEach
    void nothingLeftMounted() throws IOException {
        if (shared != null) {
            assertEquals(List.of(), HostMounts.under(base), "mounts left behind");
        }
    }

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino");
    }
}
