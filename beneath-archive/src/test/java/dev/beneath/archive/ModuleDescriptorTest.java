package dev.beneath.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.spi.CharsetProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor works on the module path (the tests run on the class path): the module
 * and what it requires resolve, it exports only {@code dev.beneath.archive}, and the charset
 * that carries names as bytes is provided as a service, which Commons Compress finds by name.
 */
class ModuleDescriptorTest {
    @Test
    void resolvesOnTheModulePathAndProvidesTheNameCharset() {
        Path[] modulePath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.contains("junit") && !e.contains("opentest4j")
                        && !e.contains("apiguardian") && !e.endsWith("-tests.jar"))
                .map(Path::of).toArray(Path[]::new);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(modulePath), ModuleFinder.of(), Set.of("dev.beneath.archive"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Module archive = layer.findModule("dev.beneath.archive").orElseThrow();
        assertTrue(archive.isExported("dev.beneath.archive"));
        assertFalse(archive.isExported("dev.beneath.archive.internal"));
        List<String> providers = ServiceLoader.load(layer, CharsetProvider.class).stream()
                .filter(p -> p.type().getModule().getLayer() == layer).map(p -> p.type().getName()).toList();
        assertEquals(List.of("dev.beneath.archive.internal.SurrogateEscape$Provider"), providers);
    }
}
