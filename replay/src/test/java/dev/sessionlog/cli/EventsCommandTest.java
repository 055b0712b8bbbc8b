package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsCommandTest extends CommandTestSupport {

    @Test
    void prints_every_event_of_a_session_in_order_with_its_position() {
        List<JsonNode> events = jsonLines(ok("events", "alice-1").out());
        assertEquals(8, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).get("sequence").asLong(), events.get(i)::toString);
            assertTrue(events.get(i).has("position"), events.get(i)::toString);
        }
    }

    @Test
    void last_and_from_select_a_window() {
        assertEquals(List.of(7L, 8L), jsonLines(ok("events", "alice-1", "--last", "2").out()).stream()
                .map(n -> n.get("sequence").asLong()).toList());
        assertEquals(List.of(3L, 4L), jsonLines(ok("events", "alice-1", "--from", "3", "--limit", "2").out()).stream()
                .map(n -> n.get("sequence").asLong()).toList());
    }

    @Test
    void a_table_names_each_event_and_what_it_holds() {
        CliRun run = runOnTerminal("events", "ALICE-1");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("UserMessageReceived") && run.out().contains("What's the weather?"), run::toString);
        assertTrue(run.out().contains("ModelCallFailed") && run.out().contains("RATE_LIMITED"), run::toString);
        assertEquals(9, run.out().lines().count(), run::toString);
    }

    @Test
    void from_zero_is_a_usage_error() {
        assertEquals(ExitCodes.USAGE, run("events", "alice-1", "--from", "0").exitCode());
    }

    @Test
    void last_with_from_or_limit_is_a_usage_error_instead_of_dropping_one() {
        for (String[] args : List.of(new String[] {"--last", "3", "--from", "5"}, new String[] {"--last", "3", "--limit", "1"})) {
            List<String> command = new java.util.ArrayList<>(List.of("events", "alice-1"));
            command.addAll(List.of(args));
            CliRun run = run(command.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--last cannot be combined with " + args[2]), run::toString);
            assertEquals("", run.out(), run::toString);
        }
    }

    @Test
    void since_and_until_select_events_by_their_own_time() {
        assertEquals(8, jsonLines(ok("events", "alice-1", "--since", "2000-01-01").out()).size());
        assertEquals("", ok("events", "alice-1", "--until", "2000-01-01").out());
        assertEquals("", ok("events", "alice-1", "--last", "3", "--since", "2999-01-01").out());
    }
}
