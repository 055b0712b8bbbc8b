package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TailCommandTest extends CommandTestSupport {

    @Test
    void prints_the_newest_events_of_the_whole_store_in_log_order() {
        List<JsonNode> events = jsonLines(ok("tail", "-n", "3").out());
        assertEquals(3, events.size());
        assertEquals(List.of("bob-1", "bob-1", "bob-1"), events.stream().map(e -> e.get("sessionId").asText()).toList());
        assertEquals(List.of(3L, 4L, 5L), events.stream().map(e -> e.get("sequence").asLong()).toList());
        long previous = -1;
        for (JsonNode event : events) {
            assertTrue(event.get("position").asLong() > previous);
            previous = event.get("position").asLong();
        }
    }

    @Test
    void spans_sessions_when_asked_for_more_events_than_the_newest_session_has() {
        List<JsonNode> events = jsonLines(ok("tail", "-n", "7").out());
        assertEquals(List.of("alice-1", "alice-1", "bob-1", "bob-1", "bob-1", "bob-1", "bob-1"),
                events.stream().map(e -> e.get("sessionId").asText()).toList());
    }

    @Test
    void follow_prints_new_events_as_they_are_appended() throws Exception {
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(
                () -> run("tail", "-f", "-n", "1", "--session", "alice-1", "--max-events", "2"));
        SessionHandle alice = store.session(Stores.ALICE);
        Thread.sleep(200);
        alice.receiveUserMessage("a-4", "one more");
        alice.receiveUserMessage("a-5", "and another");
        CliRun run = tail.get(10, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> events = jsonLines(run.out());
        assertEquals(List.of(8L, 9L, 10L), events.stream().map(e -> e.get("sequence").asLong()).toList(), run::toString);
    }

    @Test
    void follow_with_a_table_or_json_is_a_usage_error() {
        for (String format : List.of("table", "json")) {
            CliRun run = run("-o", format, "tail", "-f");
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--follow"), run::toString);
        }
    }

    @Test
    void max_events_without_follow_is_a_usage_error() {
        assertEquals(ExitCodes.USAGE, run("tail", "--max-events", "3").exitCode());
    }
}
