package dev.beneath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void durations() {
        assertEquals(java.time.Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(java.time.Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(java.time.Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(java.time.Duration.ofSeconds(7), Durations.parse("7"));
        for (String bad : List.of("", "0s", "-1s", "3d", "1.5s", "s")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
        }
    }
}
