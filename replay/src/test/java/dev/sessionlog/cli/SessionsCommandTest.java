package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsCommandTest extends CommandTestSupport {

    @Test
    void lists_every_session_newest_first_as_json_lines_when_not_on_a_terminal() {
        List<JsonNode> lines = jsonLines(ok("sessions").out());
        assertEquals(List.of("bob-1", "alice-1"), lines.stream().map(n -> n.get("sessionId").asText()).toList());
        JsonNode alice = lines.get(1);
        assertEquals("agent:main:telegram:direct:111", alice.get("sessionKey").asText());
        assertEquals(8, alice.get("lastSequence").asLong());
        assertEquals("RATE_LIMITED", alice.get("lastFailure").asText());
        assertEquals("anthropic", alice.get("provider").asText());
        assertEquals("claude-sonnet-4-6", alice.get("model").asText());
        assertEquals("ENDED", lines.get(0).get("state").asText());
        assertEquals("openai", lines.get(0).get("provider").asText());
    }

    @Test
    void is_a_table_on_a_terminal() {
        CliRun run = runOnTerminal("sessions");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("SESSION") && lines.get(0).contains("LAST FAILURE"), run::toString);
        assertTrue(lines.get(2).startsWith("alice-1") && lines.get(2).contains("RATE_LIMITED"), run::toString);
    }

    @Test
    void json_is_one_array() {
        JsonNode array = parse(ok("-o", "json", "sessions").out());
        assertTrue(array.isArray());
        assertEquals(2, array.size());
    }

    @Test
    void active_leaves_out_ended_sessions_and_key_filters() {
        assertEquals(List.of("alice-1"), jsonLines(ok("sessions", "--active").out()).stream()
                .map(n -> n.get("sessionId").asText()).toList());
        assertEquals(List.of("bob-1"), jsonLines(ok("sessions", "--key", "agent:main:telegram:direct:222").out())
                .stream().map(n -> n.get("sessionId").asText()).toList());
    }

    @Test
    void provider_model_and_failure_select_sessions_by_their_last_call() {
        assertEquals(List.of("alice-1"), ids(ok("sessions", "--provider", "anthropic")));
        assertEquals(List.of("bob-1"), ids(ok("sessions", "--provider", "openai")));
        assertEquals(List.of(), ids(ok("sessions", "--provider", "Anthropic")), "names match exactly");
        assertEquals(List.of("alice-1"), ids(ok("sessions", "--model", "claude-sonnet-4-6")));
        assertEquals(List.of("alice-1"), ids(ok("sessions", "--failure", "rate_limited")));
        assertEquals(List.of(), ids(ok("sessions", "--failure", "QUOTA_EXCEEDED", "--provider", "anthropic")));
        CliRun table = runOnTerminal("sessions", "--provider", "anthropic");
        assertTrue(table.out().lines().findFirst().orElseThrow().contains("PROVIDER"), table::toString);
    }

    @Test
    void state_lists_the_sessions_waiting_on_a_model_call() {
        store.session(SessionId.of("waiting-1")).start(SessionStarted.initial(SessionKey.of("agent:main:slack:1"),
                "main", "slack"));
        store.session(SessionId.of("waiting-1")).startModelCall("openai", "gpt-5", Duration.ofMinutes(5));
        assertEquals(List.of("waiting-1"), ids(ok("sessions", "--state", "awaiting_model")));
        assertEquals(List.of("waiting-1"), ids(ok("sessions", "--state", "AWAITING_MODEL", "--key", "agent:main")));
        assertEquals(List.of("alice-1"), ids(ok("sessions", "--state", "idle")));
        assertEquals(List.of("bob-1"), ids(ok("sessions", "--state", "ended")));
        assertEquals(List.of(), ids(ok("sessions", "--state", "ended", "--active")));
    }

    @Test
    void a_blank_provider_or_model_and_an_unknown_failure_kind_are_usage_errors() {
        for (List<String> args : List.of(List.of("sessions", "--provider", " "), List.of("sessions", "--model", ""),
                List.of("sessions", "--failure", "exploded"), List.of("sessions", "--state", "asleep"))) {
            CliRun run = run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains(args.get(1)), run::toString);
            assertFalse(run.hasStackTrace(), run::toString);
        }
    }

    private List<String> ids(CliRun run) {
        return jsonLines(run.out()).stream().map(n -> n.get("sessionId").asText()).toList();
    }

    @Test
    void opens_the_store_read_only() {
        ok("sessions");
        assertEquals(List.of("read-only " + dir), opener.opens);
    }

    @Test
    void an_empty_store_says_so_in_a_table() throws java.io.IOException {
        java.nio.file.Path empty = java.nio.file.Files.createDirectory(dir.resolve("empty"));
        opener.storeAt(empty);
        CliRun run = CliRun.run(opener, true, java.util.Map.of(), "--store", empty.toString(), "sessions");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("no sessions", run.out().strip());
    }

    @Test
    void a_limit_that_cuts_the_list_says_so_on_stderr() {
        CliRun run = ok("sessions", "--limit", "1");
        assertEquals(1, run.out().lines().count(), run::toString);
        assertTrue(run.err().contains("use --limit to see more"), run::toString);
        assertEquals("", ok("sessions").err());
    }

    @Test
    void a_long_session_id_and_key_are_shown_whole_in_the_table_whatever_the_width() {
        dev.sessionlog.SessionId longId = dev.sessionlog.SessionId.of("2026-04-13T09-41-05-012Z_" + "6f1c2a4e".repeat(8));
        String longKey = "agent:main:telegram:group:-1001234567890:thread:" + "9".repeat(40);
        store.session(longId).start(dev.sessionlog.event.SessionStarted.initial(
                dev.sessionlog.SessionKey.of(longKey), "main", "telegram"));
        for (String columns : List.of("80", "250")) {
            CliRun run = CliRun.run(opener, true, java.util.Map.of("COLUMNS", columns), "--store", dir.toString(),
                    "sessions");
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            String row = run.out().lines().filter(line -> line.startsWith("2026")).findFirst().orElseThrow();
            assertTrue(row.startsWith(longId.value() + "  "), () -> "COLUMNS=" + columns + ": " + row);
            assertTrue(row.contains("  " + longKey + "  "), () -> "COLUMNS=" + columns + ": " + row);
        }
    }

    @Test
    void key_finds_every_session_under_a_prefix_at_a_colon_boundary() {
        assertEquals(List.of("bob-1", "alice-1"), jsonLines(ok("sessions", "--key", "agent:main").out()).stream()
                .map(n -> n.get("sessionId").asText()).toList());
        assertEquals(List.of("alice-1"), jsonLines(ok("sessions", "--key", "agent:main:telegram:direct:111").out())
                .stream().map(n -> n.get("sessionId").asText()).toList());
        assertEquals("", ok("sessions", "--key", "agent:mai").out());
    }

    @Test
    void the_limit_counts_sessions_under_the_key_not_newer_ones_whose_key_only_starts_with_its_text() {
        for (int i = 0; i < 5; i++) {
            startSession("near-" + i, Stores.ALICE_KEY.value() + i); // agent:main:telegram:direct:1110 …
        }
        startSession("frame-1", "agent:mainframe:telegram:direct:1");
        assertEquals(List.of("alice-1"), ids(ok("sessions", "--key", Stores.ALICE_KEY.value(), "--limit", "1")));
        assertEquals(List.of("near-4", "near-3", "near-2", "near-1", "near-0", "bob-1"),
                ids(ok("sessions", "--key", "agent:main", "--limit", "6")));
        CliRun cut = ok("sessions", "--key", "agent:main", "--limit", "7");
        assertEquals(7, ids(cut).size());
        assertTrue(cut.err().contains("use --limit to see more"), cut::toString);
    }

    @Test
    void the_limit_counts_sessions_created_before_until_not_newer_ones_created_after_it() {
        Instant until = store.summary(Stores.BOB).orElseThrow().updatedAt().plusNanos(1);
        while (!Instant.now().isAfter(until)) {
            Thread.onSpinWait(); // the sessions below must be created after it
        }
        for (int i = 0; i < 5; i++) {
            startSession("later-" + i, "agent:main:slack:direct:" + i);
        }
        assertEquals(List.of("bob-1"), ids(ok("sessions", "--until", until.toString(), "--limit", "1")));
        assertEquals(List.of("bob-1", "alice-1"), ids(ok("sessions", "--until", until.toString(), "--limit", "5")));
        assertEquals(List.of("later-4"), ids(ok("sessions", "--limit", "1")));
    }

    private void startSession(String id, String key) {
        store.session(SessionId.of(id)).start(SessionStarted.initial(SessionKey.of(key), "main", "slack"));
    }

    @Test
    void since_and_until_select_sessions_active_in_the_window() {
        assertEquals(2, jsonLines(ok("sessions", "--since", "2000-01-01").out()).size());
        assertEquals("", ok("sessions", "--until", "2000-01-01").out());
        assertEquals("", ok("sessions", "--since", "2999-01-01").out());
        assertEquals(ExitCodes.USAGE, run("sessions", "--since", "soon").exitCode());
    }
}
