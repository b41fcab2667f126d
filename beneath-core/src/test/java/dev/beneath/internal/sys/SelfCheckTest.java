package dev.beneath.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.beneath.Root;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first-use check of the architecture, the open flags and the openat2 number. */
class SelfCheckTest {

    /** Opens a root and prints what happened: the child's side of the refusal test. */
    public static void main(String[] args) {
        try (Root r = Root.open(Path.of("/"))) {
            System.out.println("opened");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }

    @Test
    void theConstantsBehaveOnThisMachine() {
        assertEquals(Optional.empty(), SelfCheck.run());
        assertTrue(Architecture.current().isPresent());
        SelfCheck.require();
    }

    @Test
    void anUncheckedArchitectureIsRefusedWithTheReason() throws Exception {
        String out = child("-Dos.arch=ppc64le");
        assertEquals("java.lang.UnsupportedOperationException: beneath runs on Linux x86_64 and aarch64 only:"
                + " os.arch is ppc64le, whose open flags and system call numbers were never checked, so no path"
                + " is resolved here rather than with guessed constants", out);
    }

    @Test
    void theCheckedArchitecturesAreTheOnesTheJdkNames() {
        String arch = System.getProperty("os.arch");
        assertEquals(arch.equals("aarch64") ? Architecture.AARCH64 : Architecture.X86_64,
                Architecture.current().orElseThrow());
    }

    private static String child(String property) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), property,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SelfCheckTest.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
