package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchCommandTest extends CommandTestSupport {

    private List<String> found(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("search"));
        command.addAll(List.of(args));
        return jsonLines(ok(command.toArray(String[]::new)).out()).stream()
                .map(n -> n.get("session").asText() + "#" + n.get("sequence").asLong()).toList();
    }

    @Test
    void finds_text_in_messages_ignoring_case_with_the_text_around_it() {
        assertEquals(List.of("alice-1#2", "alice-1#8"), found("THERE"));
        JsonNode match = jsonLines(ok("search", "ping").out()).get(0);
        assertEquals("bob-1", match.get("session").asText());
        assertEquals("user", match.get("kind").asText());
        assertEquals("Ping", match.get("snippet").asText().strip());
        assertTrue(match.has("at"), match::toString);
    }

    @Test
    void kinds_select_answers_tool_results_or_provider_messages() {
        assertEquals(List.of("alice-1#4"), found("alice", "--kind", "assistant"));
        assertEquals(List.of(), found("hi alice", "--kind", "user,tool"));
        assertEquals(List.of("alice-1#7"), found("rate_limit_error", "--kind", "failure"));
    }

    @Test
    void session_key_prefix_and_time_filters() {
        assertEquals(List.of(), found("there", "--session", "bob-1"));
        assertEquals(List.of("bob-1#2"), found("ping", "--key", "agent:main"));
        assertEquals(List.of(), found("ping", "--key", "agent:main:telegram:direct:111"));
        assertEquals(List.of(), found("ping", "--key", "agent:mai"), "a prefix ends at a ':'");
        assertEquals(List.of("bob-1#2"), found("ping", "--since", "2000-01-01"));
        assertEquals(List.of(), found("ping", "--until", "2000-01-01"));
        assertEquals(List.of(), found("ping", "--since", "2999-01-01T00:00:00Z"));
    }

    @Test
    void a_limit_stops_the_search_and_says_so() {
        CliRun run = ok("search", "e", "--limit", "2");
        assertEquals(2, run.out().lines().count(), run::toString);
        assertTrue(run.err().contains("use --limit to see more"), run::toString);
    }

    @Test
    void a_table_shows_whole_session_ids_and_the_match() {
        CliRun run = runOnTerminal("search", "weather");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().lines().findFirst().orElseThrow().startsWith("SESSION"), run::toString);
        assertTrue(run.out().contains("alice-1") && run.out().contains("What's the weather?"), run::toString);
    }

    @Test
    void an_empty_text_or_an_unknown_kind_is_a_usage_error() {
        assertEquals(ExitCodes.USAGE, run("search", "").exitCode());
        assertEquals(ExitCodes.USAGE, run("search", "x", "--kind", "poem").exitCode());
        assertEquals(ExitCodes.USAGE, run("search", "x", "--since", "yesterday-ish").exitCode());
        assertEquals(ExitCodes.USAGE, run("search", "x", "--since", "2026-02-01", "--until", "2026-01-01").exitCode());
    }
}
