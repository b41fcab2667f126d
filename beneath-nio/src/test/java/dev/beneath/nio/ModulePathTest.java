package dev.beneath.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors at work: a JVM with beneath-core and beneath-nio on the module path
 * finds the provider through {@code provides} (no class path, no {@code META-INF/services}
 * lookup by the test's own loader), and the provider reaches the core's internals through the
 * qualified exports; a broken descriptor makes this fail.
 */
class ModulePathTest {
    @TempDir
    Path dir;

    @Test
    void theProviderWorksFromTheModulePath() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("hello"), "from the module path\n");
        Path core = Path.of("../beneath-core/target/classes").toAbsolutePath().normalize();
        Path nio = Path.of("target/classes").toAbsolutePath().normalize();
        Path check = Path.of("target/test-classes").toAbsolutePath().normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--module-path", core + ":" + nio,
                "--add-modules", "dev.beneath.nio", "--enable-native-access=dev.beneath",
                "-cp", check.toString(), "dev.beneath.niocheck.ModulePathCheck", dir.toUri().getPath()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals("from the module path\nmodule dev.beneath.nio\n", out);
        assertEquals(0, p.exitValue());
    }
}
