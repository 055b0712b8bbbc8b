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
        CliRun run = appendUntilDone(tail);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<Long> sequences = jsonLines(run.out()).stream().map(e -> e.get("sequence").asLong()).toList();
        assertEquals(3, sequences.size(), run::toString);
        long first = sequences.get(0);
        assertEquals(List.of(first, first + 1, first + 2), sequences, "the newest event, then the next two, no gap");
    }

    @Test
    void follow_with_no_lines_prints_only_what_is_appended_afterwards() throws Exception {
        long before = store.summary(Stores.ALICE).orElseThrow().lastSequence();
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(
                () -> run("tail", "-f", "-n", "0", "--max-events", "1"));
        CliRun run = appendUntilDone(tail);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> events = jsonLines(run.out());
        assertEquals(1, events.size(), run::toString);
        assertEquals("alice-1", events.get(0).get("sessionId").asText());
        assertTrue(events.get(0).get("sequence").asLong() > before, "an event appended after the start: " + run);
    }

    /** Appends a message to alice every 50 ms until the command ends (it may start following late). */
    private CliRun appendUntilDone(CompletableFuture<CliRun> command) throws Exception {
        SessionHandle alice = store.session(Stores.ALICE);
        for (int i = 0; i < 200 && !command.isDone(); i++) {
            alice.receiveUserMessage("late-" + i, "message " + i);
            Thread.sleep(50);
        }
        return command.get(10, TimeUnit.SECONDS);
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

    @Test
    void follow_waits_for_a_session_that_does_not_exist_yet() throws Exception {
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(
                () -> run("tail", "-f", "--session", "carol-1", "--max-events", "2"));
        SessionHandle carol = store.session(dev.sessionlog.SessionId.of("carol-1"));
        Thread.sleep(200);
        carol.start(dev.sessionlog.event.SessionStarted.initial(dev.sessionlog.SessionKey.of("agent:main:main"),
                "main", "telegram"));
        carol.receiveUserMessage("c-1", "first words");
        CliRun run = tail.get(10, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> events = jsonLines(run.out());
        assertEquals(List.of(1L, 2L), events.stream().map(e -> e.get("sequence").asLong()).toList(), run::toString);
        assertTrue(run.err().contains("waiting for it"), run::toString);
    }

    @Test
    void without_follow_a_session_that_does_not_exist_is_still_an_error() {
        CliRun run = run("tail", "--session", "carol-1");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    }

    @Test
    void since_selects_the_newest_events_by_their_time_and_until_cannot_follow() {
        assertEquals("", ok("tail", "--since", "2999-01-01").out());
        assertEquals(3, jsonLines(ok("tail", "-n", "3", "--since", "2000-01-01").out()).size());
        CliRun run = run("tail", "-f", "--until", "2999-01-01");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--until cannot be combined with --follow"), run::toString);
    }
}
