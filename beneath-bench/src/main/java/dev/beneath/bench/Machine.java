package dev.beneath.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts about this machine that a reader needs to compare a run with their own. */
final class Machine {
    private Machine() {
    }

    static Map<String, String> facts(Settings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memTotal());
        m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("gcc", CReference.gccVersion());
        m.put("filesystem", fileSystem());
        m.put("subPath group", s.subPath() ? "run (root, private mount namespace)" : "skipped");
        return m;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name");
    }

    private static String memTotal() {
        return procLine("/proc/meminfo", "MemTotal");
    }

    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String fileSystem() {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            return Files.getFileStore(tmp).type() + " (" + tmp + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
