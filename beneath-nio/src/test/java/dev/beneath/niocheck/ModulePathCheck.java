package dev.beneath.niocheck;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.Map;

/** Run by {@code dev.beneath.nio.ModulePathTest} in a JVM whose beneath modules are on the module path. */
public final class ModulePathCheck {
    private ModulePathCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("beneath:" + args[0]), Map.of())) {
            System.out.print(Files.readString(fs.getPath("/hello")));
            System.out.println(fs.provider().getClass().getModule());
        }
    }
}
