package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API the console added: the index's filters, a session's open calls, and the store's health. */
class ConsoleEndpointsTest {
    private final MutableClock clock = MutableClock.startingAtNewYear();
    private final TestServer server = TestServer.start(
            InMemorySessionStore.builder().clock(clock).watchdogInterval(Duration.ZERO).build(),
            options -> options.withClock(clock));

    @AfterEach
    void stop() {
        server.close();
    }

    private void started(String session, String key) {
        TestServer.Answer answer = server.post("/v1/sessions/" + session + "/events", "{\"expectedSequence\":\"none\","
                + "\"events\":[{\"type\":\"session_started\",\"v\":1,\"data\":{\"sessionKey\":\"" + key
                + "\",\"reason\":\"initial\"}}]}");
        assertEquals(201, answer.status(), answer.body());
        clock.advance(Duration.ofSeconds(1));
    }

    private void call(String session, String callId, long deadlineMillis) {
        assertEquals(201, server.post("/v1/sessions/" + session + "/calls", "{\"callId\":\"" + callId
                + "\",\"provider\":\"openai\",\"model\":\"gpt-5\",\"deadlineMillis\":" + deadlineMillis + "}").status());
    }

    private List<String> ids(String query) {
        TestServer.Answer answer = server.get("/v1/sessions" + query);
        assertEquals(200, answer.status(), answer.body());
        List<String> ids = new ArrayList<>();
        answer.json().get("sessions").forEach(s -> ids.add(s.get("sessionId").asText()));
        return ids;
    }

    @Test
    void the_index_filters_by_key_prefix_state_failure_and_update_time_newest_first() {
        started("a", "agent:main:telegram:1");
        started("b", "agent:main:slack:2");
        started("c", "agent:main:telegram:3");
        call("c", "c1", 60_000);
        clock.advance(Duration.ofSeconds(1));
        call("a", "a1", 60_000);
        assertEquals(201, server.post("/v1/sessions/a/calls/a1/fail",
                "{\"status\":429,\"body\":\"You exceeded your current quota\"}").status());

        assertEquals(List.of("a", "c"), ids("?keyPrefix=agent:main:telegram:"));
        assertEquals(List.of("c"), ids("?state=awaiting_model"));
        assertEquals(List.of("a"), ids("?failure=quota_exceeded"));
        assertEquals(List.of("a", "c"), ids("?model=gpt-5"));
        assertEquals(List.of("b"), ids("?updatedBefore=" + clock.instant().minusSeconds(2)));
        assertEquals(List.of("a", "c"), ids("?updatedAfter=" + clock.instant().minusSeconds(2)));
        assertEquals(List.of(), ids("?keyPrefix=agent:main:telegram:&state=idle&failure=timeout"));
    }

    @Test
    void the_index_filters_by_the_provider_of_the_last_call_or_override_and_shows_it() {
        started("a", "agent:main:telegram:1");
        started("b", "agent:main:telegram:2");
        started("c", "agent:main:telegram:3");
        call("a", "a1", 60_000); // openai
        assertEquals(201, server.post("/v1/sessions/a/calls/a1/fail", "{\"status\":429}").status());
        assertEquals(201, server.post("/v1/sessions/b/calls", "{\"callId\":\"b1\",\"provider\":\"anthropic\","
                + "\"model\":\"claude-sonnet-4-6\",\"deadlineMillis\":60000}").status());
        assertEquals(201, server.post("/v1/sessions/c/events", "{\"expectedSequence\":\"any\",\"events\":[{\"type\":"
                + "\"settings_changed\",\"v\":1,\"data\":{\"provider\":\"anthropic\",\"model\":\"claude-opus\"}}]}")
                .status());

        assertEquals(List.of("a"), ids("?provider=openai"), "a failed call keeps its provider");
        assertEquals(List.of("c", "b"), ids("?provider=anthropic"), "a call's, and an override's");
        assertEquals(List.of(), ids("?provider=Anthropic"), "an exact match");
        assertEquals(List.of("b"), ids("?provider=anthropic&model=claude-sonnet-4-6"));
        assertEquals("anthropic", server.get("/v1/sessions/b").json().get("provider").asText());
        JsonNode listed = server.get("/v1/sessions?keyPrefix=agent:main:telegram:3").json().get("sessions").get(0);
        assertEquals("anthropic", listed.get("provider").asText());
        started("d", "agent:main:telegram:4");
        assertTrue(server.get("/v1/sessions/d").json().get("provider").isNull(), "no call yet: null, never missing");
    }

    @Test
    void a_filtered_index_pages_with_its_cursor() {
        for (int i = 0; i < 5; i++) {
            started("t" + i, "agent:main:telegram:" + i);
            started("s" + i, "agent:main:slack:" + i);
        }
        JsonNode first = server.get("/v1/sessions?keyPrefix=agent:main:telegram:&limit=2").json();
        assertEquals(2, first.get("sessions").size());
        List<String> all = new ArrayList<>(ids("?keyPrefix=agent:main:telegram:&limit=2"));
        String cursor = first.get("nextCursor").asText();
        while (cursor != null) {
            JsonNode page = server.get("/v1/sessions?keyPrefix=agent:main:telegram:&limit=2&cursor=" + cursor).json();
            page.get("sessions").forEach(s -> all.add(s.get("sessionId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }
        assertEquals(List.of("t4", "t3", "t2", "t1", "t0"), all);
    }

    @Test
    void a_bad_filter_is_a_bad_request_naming_it() {
        for (String query : List.of("?state=sleeping", "?failure=oops", "?updatedAfter=yesterday", "?provider=",
                "?provider=%20", "?provider=openai&provider=anthropic")) {
            TestServer.Answer answer = server.get("/v1/sessions" + query);
            assertEquals(400, answer.status(), query);
            assertEquals("bad-request", answer.problem());
            assertTrue(answer.json().get("detail").asText().contains(query.substring(1, query.indexOf('='))), query);
        }
    }

    @Test
    void a_state_filtered_index_pages_through_the_sessions_in_that_state_only() {
        started("w1", "agent:main:telegram:1");
        call("w1", "c1", 60_000);
        started("w2", "agent:main:telegram:2");
        call("w2", "c2", 60_000);
        for (int i = 0; i < 6; i++) {
            started("i" + i, "agent:main:slack:" + i); // newer, idle
        }
        JsonNode first = server.get("/v1/sessions?state=awaiting_model&limit=1").json();
        assertEquals("w2", first.get("sessions").get(0).get("sessionId").asText());
        JsonNode second = server.get("/v1/sessions?state=awaiting_model&limit=1&cursor="
                + first.get("nextCursor").asText()).json();
        assertEquals("w1", second.get("sessions").get(0).get("sessionId").asText());
        assertTrue(second.get("nextCursor").isNull(), second.toString());
        assertEquals(List.of("i5", "i4"), ids("?state=idle&limit=2"));
        assertEquals(List.of(), ids("?state=ended"));
    }

    @Test
    void a_key_prefix_is_lower_cased_as_keys_are_and_updated_after_is_exclusive() {
        started("a", "agent:main:telegram:1");
        started("b", "agent:main:telegram:2");
        assertEquals(List.of("b", "a"), ids("?keyPrefix=AGENT:Main:"));
        String aUpdated = server.get("/v1/sessions/a").json().get("updatedAt").asText();
        assertEquals(List.of("b"), ids("?updatedAfter=" + aUpdated));
        assertEquals(List.of("a"), ids("?updatedBefore=" + server.get("/v1/sessions/b").json().get("updatedAt").asText()));
        assertEquals(List.of(), ids("?updatedAfter=%2B1000000000-12-31T23:59:59.999999999Z"), "after the last instant");
    }

    @Test
    void a_blank_or_unusable_key_prefix_model_or_provider_is_a_bad_request_naming_it() {
        started("a", "agent:main:telegram:1");
        for (String query : List.of("?keyPrefix=", "?keyPrefix=%20", "?model=", "?model=%09", "?keyPrefix=agent%0Amain",
                "?model=gpt%00", "?provider=open%0Dai", "?keyPrefix=" + "k".repeat(513))) {
            TestServer.Answer answer = server.get("/v1/sessions" + query);
            assertEquals(400, answer.status(), query);
            assertEquals("bad-request", answer.problem(), query);
            String detail = answer.json().get("detail").asText();
            assertTrue(detail.contains("\"" + query.substring(1, query.indexOf('=')) + "\""), query + ": " + detail);
        }
    }

    @Test
    void open_calls_are_listed_with_their_deadline_and_the_server_s_clock() {
        started("a", "agent:main:x");
        call("a", "done", 60_000);
        assertEquals(201, server.post("/v1/sessions/a/calls/done/cancel", "").status());
        call("a", "open", 30_000);
        JsonNode answer = server.get("/v1/sessions/a/calls").json();
        assertEquals(clock.instant().toString(), answer.get("now").asText());
        JsonNode open = answer.get("open");
        assertEquals(1, open.size());
        assertEquals("open", open.get(0).get("callId").asText());
        assertEquals(clock.instant().plusSeconds(30).toString(), open.get(0).get("deadline").asText());
        assertEquals(4, open.get(0).get("sequence").asLong());
        assertEquals(404, server.get("/v1/sessions/none/calls").status());
    }

    @Test
    void the_store_health_counts_sessions_and_failures_and_flags_calls_stuck_past_their_deadline() {
        started("a", "agent:main:a");
        started("b", "agent:main:b");
        started("c", "agent:main:c");
        call("a", "a1", 60_000);
        assertEquals(201, server.post("/v1/sessions/a/calls/a1/fail", "{\"status\":429}").status());
        call("b", "late", 1_000);
        call("c", "fine", 600_000);
        clock.advance(Duration.ofSeconds(10)); // past b's deadline by more than the grace; the watchdog is off
        JsonNode health = server.get("/v1/store").json();
        assertEquals(3, health.get("sessions").asLong());
        assertEquals(1, health.at("/sessionsByState/idle").asLong());
        assertEquals(2, health.at("/sessionsByState/awaiting_model").asLong());
        assertEquals(1, health.at("/lastFailureByKind/rate_limited").asLong());
        assertEquals(2, health.get("openCalls").asLong());
        assertEquals(1, health.get("stuckCalls").asLong());
        for (JsonNode call : health.get("calls")) {
            assertEquals(call.get("callId").asText().equals("late"), call.get("stuck").asBoolean(), call.toString());
        }
        assertFalse(health.get("firstCreatedAt").isNull());
    }

    @Test
    void the_transcript_can_be_asked_for_only_its_newest_messages() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(201, server.post("/v1/sessions/a/messages", "{\"messageId\":\"m" + i + "\",\"text\":\"t" + i + "\"}")
                    .status());
        }
        JsonNode newest = server.get("/v1/sessions/a/projections/transcript?last=2").json();
        assertEquals(5, newest.get("messageCount").asLong());
        assertEquals(2, newest.get("messages").size());
        assertEquals("t4", newest.at("/messages/0/content/0/text").asText());
        assertEquals("t5", newest.at("/messages/1/content/0/text").asText());
        // sequence 1 is the session start the first message brought
        JsonNode earlier = server.get("/v1/sessions/a/projections/transcript?last=2&atSequence=4").json();
        assertEquals(3, earlier.get("messageCount").asLong());
        assertEquals("t2", earlier.at("/messages/0/content/0/text").asText());
        assertEquals(5, server.get("/v1/sessions/a/projections/transcript").json().get("messages").size());
        assertEquals(400, server.get("/v1/sessions/a/projections/status?last=2").status());
    }
}
