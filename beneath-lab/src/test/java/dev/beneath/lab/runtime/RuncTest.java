package dev.beneath.lab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real containers under runc: exit codes, output, bind mounts read-write and read-only. */
class RuncTest extends RuncFixture {

    @Test
    void reportsExitCodeStdoutAndStderr() throws Exception {
        ContainerResult r = run(ContainerSpec.shell("echo to-out; echo to-err >&2; exit 7"));
        assertEquals(7, r.exitCode(), r::describe);
        assertEquals("to-out\n", r.stdout());
        assertTrue(r.stderr().contains("to-err"), r::describe);
        assertFalse(r.succeeded());
    }

    @Test
    void runsAsRootInItsOwnNamespacesWithoutNetwork() throws Exception {
        ContainerResult r = run(ContainerSpec.shell(
                "id -u; cat /proc/sys/kernel/hostname; echo $$; ls /sys/class/net"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("0\nbeneath\n1\nlo\n", r.stdout(), "uid 0, own hostname, pid 1, loopback only");
    }

    @Test
    void eachRunGetsItsOwnContainerId() throws Exception {
        ContainerResult a = run(ContainerSpec.command("true"));
        ContainerResult b = run(ContainerSpec.command("true"));
        assertTrue(a.succeeded() && b.succeeded(), () -> a.describe() + " / " + b.describe());
        assertNotEquals(a.containerId(), b.containerId());
    }

    @Test
    void readsAndWritesThroughAReadWriteBind() throws Exception {
        Path data = Files.createDirectory(scratch.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "from the host\n");

        ContainerResult r = run(ContainerSpec.shell("cat /data/in.txt && echo from the container > /data/out.txt")
                .withMounts(OciMount.bind(data, "/data", false)));

        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("from the host\n", r.stdout());
        assertEquals("from the container\n", Files.readString(data.resolve("out.txt")));
    }

    @Test
    void aReadOnlyBindRefusesWrites() throws Exception {
        Path data = Files.createDirectory(scratch.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "readable\n");

        ContainerResult r = run(ContainerSpec.shell("cat /data/in.txt; touch /data/new")
                .withMounts(OciMount.bind(data, "/data", true)));

        assertNotEquals(0, r.exitCode(), r::describe);
        assertEquals("readable\n", r.stdout(), "reading still works");
        assertTrue(r.stderr().contains("Read-only file system"), r::describe);
        assertFalse(Files.exists(data.resolve("new")), "nothing was written on the host");
    }

    @Test
    void aTimedOutContainerIsKilledAndDeleted() throws Exception {
        // a fifo with no writer: the open blocks for ever
        ContainerResult r = runc.run(ContainerSpec.shell("mkfifo /tmp/f && cat /tmp/f"), Duration.ofSeconds(2));
        assertTrue(r.timedOut(), r::describe);
        assertEquals(-1, r.exitCode());
        // nothingLeftBehind() checks that runc no longer lists it
    }

    @Test
    void aFailedMountIsReportedByTheRuntime() throws Exception {
        ContainerResult r = run(ContainerSpec.command("true")
                .withMounts(OciMount.bind(scratch.resolve("missing"), "/data", false)));
        assertNotEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("no such file or directory"), r::describe);
    }
}
