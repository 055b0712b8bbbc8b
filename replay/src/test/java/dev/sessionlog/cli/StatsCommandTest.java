package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StatsCommandTest extends CommandTestSupport {

    @Test
    void counts_sessions_events_and_failures() {
        JsonNode stats = parse(ok("stats").out());
        assertEquals("2", stats.get("sessions").asText());
        assertEquals("1", stats.get("sessions.ended").asText());
        assertEquals("13", stats.get("events").asText());
        assertEquals("4", stats.get("events.UserMessageReceived").asText());
        assertEquals("1", stats.get("failedCalls.RATE_LIMITED").asText());
        assertEquals("19", stats.get("tokens").asText());
        assertEquals("memory", stats.get("storage").asText());
    }

    @Test
    void a_table_has_one_figure_per_line() {
        CliRun run = runOnTerminal("stats");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.matches("events\\s+13")), run::toString);
    }
}
