package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionStarted;
import java.util.List;
import java.util.Set;
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

    @Test
    void the_pass_over_the_log_finds_the_same_matches_in_the_same_order_as_reading_session_by_session() {
        for (int n = 0; n < 12; n++) {
            SessionHandle chat = store.session(SessionId.of("many-" + n));
            chat.start(SessionStarted.initial(SessionKey.of("agent:main:many:" + n), "main", "test"));
            for (int m = 0; m < 1 + n % 3; m++) {
                chat.receiveUserMessage("many-" + n + "-" + m, "Find the dentist " + m + " near Elm Street");
            }
        }
        OpenedStore opened = opener.openReadOnly(dir);
        for (String text : List.of("dentist", "Elm", "dentist 2", "hello", "nothing like this")) {
            for (int limit : List.of(1, 3, 7, 100)) {
                TranscriptSearch search = new TranscriptSearch(text, null, null, Set.of(), TimeWindow.ALL, limit);
                List<TranscriptSearch.Match> bySession = search.run(opened, Integer.MAX_VALUE);
                for (int oneByOne : List.of(0, 1, 5)) {
                    assertEquals(bySession, search.run(opened, oneByOne), text + ", limit " + limit + ", "
                            + oneByOne + " read one by one");
                }
            }
        }
        assertEquals(7, new TranscriptSearch("dentist", null, null, Set.of(), TimeWindow.ALL, 7).run(opened, 0).size(),
                "the pass keeps as many as the limit");
    }
}
