package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    @Test
    void jsonIsOneObjectWithEveryField() {
        Cli.Run r = Cli.run("doctor", "--json");
        assertEquals(Main.OK, r.exitCode(), r.err());
        List<JsonNode> objects = r.json();
        assertEquals(1, objects.size(), r.out());
        JsonNode report = objects.getFirst();
        for (String field : List.of("kernel", "openat2", "openat2_probe", "auto_backend", "protected_symlinks",
                "protected_hardlinks", "euid", "root", "cap_sys_admin", "procfs", "java")) {
            assertTrue(report.has(field), "missing " + field + " in " + report);
        }
        assertEquals(System.getProperty("os.version"), report.get("kernel").asText());
        assertTrue(report.get("openat2").isBoolean());
        assertTrue(Set.of("openat2", "emulated").contains(report.get("auto_backend").asText()));
        assertEquals(report.get("openat2").asBoolean(), report.get("auto_backend").asText().equals("openat2"));
        assertEquals(report.get("euid").asInt() == 0, report.get("root").asBoolean());
        assertTrue(Set.of("private-instance", "detached-clone", "host").contains(report.get("procfs").asText()),
                report.toString());
        assertTrue(report.get("java").asText().startsWith(Runtime.version().feature() + ""));
    }

    @Test
    void plainReportHasOneLinePerFact() {
        Cli.Run r = Cli.run("doctor");
        assertEquals(Main.OK, r.exitCode(), r.err());
        for (String name : List.of("kernel:", "openat2:", "auto backend:", "protected_symlinks:",
                "protected_hardlinks:", "root:", "CAP_SYS_ADMIN:", "procfs:", "java:")) {
            assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith(name)), "no " + name + " in\n" + r.out());
        }
    }
}
