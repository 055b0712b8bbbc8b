package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TimeWindowTest {
    private static final Instant NOW = Instant.parse("2026-04-13T12:00:00Z");

    @Test
    void reads_instants_offset_times_dates_and_ages() {
        assertEquals(Instant.parse("2026-04-13T09:41:05.012Z"), TimeWindow.Converter.parse("2026-04-13T09:41:05.012Z", NOW));
        assertEquals(Instant.parse("2026-04-13T07:41:05Z"), TimeWindow.Converter.parse("2026-04-13T09:41:05+02:00", NOW));
        assertEquals(Instant.parse("2026-04-13T00:00:00Z"), TimeWindow.Converter.parse("2026-04-13", NOW));
        assertEquals(Instant.parse("2026-04-13T11:30:00Z"), TimeWindow.Converter.parse("30m", NOW));
        assertEquals(Instant.parse("2026-04-13T10:00:00Z"), TimeWindow.Converter.parse("2h", NOW));
        assertEquals(Instant.parse("2026-04-06T12:00:00Z"), TimeWindow.Converter.parse("7d", NOW));
        assertThrows(CommandLine.TypeConversionException.class, () -> TimeWindow.Converter.parse("last tuesday", NOW));
    }

    @Test
    void since_is_inclusive_until_exclusive_and_spans_overlap() {
        TimeWindow window = new TimeWindow(Instant.parse("2026-04-13T00:00:00Z"), Instant.parse("2026-04-14T00:00:00Z"));
        assertTrue(window.contains(Instant.parse("2026-04-13T00:00:00Z")));
        assertFalse(window.contains(Instant.parse("2026-04-14T00:00:00Z")));
        assertTrue(window.overlaps(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-13T05:00:00Z")));
        assertFalse(window.overlaps(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-12T23:59:59Z")));
        assertTrue(TimeWindow.ALL.contains(Instant.EPOCH));
    }
}
