package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every endpoint of the contract, answering as design.md's "The HTTP API" says. */
class HttpApiTest {
    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void health_answers_without_a_token() {
        TestServer.Answer health = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/health")).build());
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
    }

    @Test
    void an_append_answers_201_and_its_retry_200_with_duplicate() {
        String body = Wire.append("\"none\"", Wire.started(), Wire.message("m1", "hello"));
        TestServer.Answer first = server.post("/v1/sessions/s1/events", body);
        assertEquals(201, first.status(), first.body());
        JsonNode result = first.json();
        assertEquals("s1", result.get("session").asText());
        assertEquals(1, result.get("firstSequence").asLong());
        assertEquals(2, result.get("lastSequence").asLong());
        assertFalse(result.get("duplicate").asBoolean());
        assertTrue(result.has("position"));

        TestServer.Answer retry = server.post("/v1/sessions/s1/events",
                Wire.append("\"any\"", Wire.message("m1", "hello")));
        assertEquals(200, retry.status(), retry.body());
        assertTrue(retry.json().get("duplicate").asBoolean());
        assertEquals(2, retry.json().get("firstSequence").asLong());
        assertEquals(2, server.store.summary(SessionId.of("s1")).orElseThrow().lastSequence());
    }

    @Test
    void a_mixed_append_says_what_became_of_each_event() {
        server.post("/v1/sessions/s1/events", Wire.append("\"none\"", Wire.started(), Wire.message("m1", "hello")));
        TestServer.Answer mixed = server.post("/v1/sessions/s1/events",
                Wire.append("\"any\"", Wire.message("m1", "hello"), Wire.message("m2", "again")));
        assertEquals(201, mixed.status(), mixed.body());
        JsonNode outcomes = mixed.json().get("outcomes");
        assertEquals(2, outcomes.size(), mixed.body());
        assertEquals(2, outcomes.get(0).get("sequence").asLong());
        assertTrue(outcomes.get(0).get("duplicate").asBoolean());
        assertEquals(3, outcomes.get(1).get("sequence").asLong());
        assertFalse(outcomes.get(1).get("duplicate").asBoolean());
        assertFalse(mixed.json().get("duplicate").asBoolean());
    }

    @Test
    void a_wrong_expected_sequence_is_409_with_expected_and_actual() {
        server.post("/v1/sessions/s1/events", Wire.append("0", Wire.started()));
        TestServer.Answer conflict = server.post("/v1/sessions/s1/events", Wire.append("5", Wire.message("m", "x")));
        assertEquals(409, conflict.status());
        assertEquals("wrong-expected-sequence", conflict.problem());
        assertEquals(5, conflict.json().get("expected").asLong());
        assertEquals(1, conflict.json().get("actual").asLong());
        assertEquals(409, conflict.json().get("status").asInt());
        assertEquals(1, server.store.summary(SessionId.of("s1")).orElseThrow().lastSequence());
    }

    @Test
    void reads_forward_and_the_last_events_with_positions_in_the_codec_format() {
        server.post("/v1/sessions/s1/events", Wire.append("\"none\"", Wire.started(), Wire.message("m1", "a"),
                Wire.message("m2", "b"), Wire.message("m3", "c")));
        JsonNode page = server.get("/v1/sessions/s1/events?from=2&limit=2").json();
        assertEquals(List.of(2L, 3L), sequences(page.get("events")));
        assertEquals(4, page.get("nextSequence").asLong());
        JsonNode event = page.get("events").get(0);
        assertEquals("user_message_received", event.get("event").get("type").asText());
        assertEquals("a", event.get("event").get("data").get("content").get(0).get("text").asText());
        RecordedEvent stored = server.store.read(SessionId.of("s1"), 2, 1).get(0);
        assertEquals(stored.position(), event.get("position").asLong());
        assertEquals(stored.eventId().toString(), event.get("eventId").asText());

        JsonNode last = server.get("/v1/sessions/s1/events?last=2").json();
        assertEquals(List.of(3L, 4L), sequences(last.get("events")));
        assertEquals(5, server.get("/v1/sessions/s1/events?from=5").json().get("nextSequence").asLong());
    }

    @Test
    void a_session_summary_and_its_absence() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        JsonNode summary = server.get("/v1/sessions/s1").json();
        assertEquals("s1", summary.get("sessionId").asText());
        assertEquals("idle", summary.get("state").asText());
        assertEquals(2, summary.get("lastSequence").asLong());
        TestServer.Answer absent = server.get("/v1/sessions/nobody");
        assertEquals(404, absent.status());
        assertEquals("not-found", absent.problem());
        assertEquals("not-found", server.get("/v1/sessions/nobody/events").problem());
    }

    @Test
    void sessions_are_listed_by_key_and_activity_in_pages() {
        for (int i = 0; i < 5; i++) {
            server.post("/v1/sessions/s" + i + "/events", Wire.append("\"none\"",
                    "{\"type\":\"session_started\",\"v\":1,\"data\":{\"reason\":\"initial\",\"sessionKey\":\""
                            + (i < 3 ? "k:a" : "k:b") + "\"}}"));
        }
        server.post("/v1/sessions/s4/events", Wire.append("\"any\"",
                "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"}}"));
        assertEquals(5, server.get("/v1/sessions").json().get("sessions").size());
        assertEquals(3, server.get("/v1/sessions?key=k:a").json().get("sessions").size());
        assertEquals(4, server.get("/v1/sessions?active=true").json().get("sessions").size());
        JsonNode first = server.get("/v1/sessions?limit=2").json();
        assertEquals(2, first.get("sessions").size());
        String cursor = first.get("nextCursor").asText();
        JsonNode second = server.get("/v1/sessions?limit=2&cursor=" + cursor).json();
        JsonNode third = server.get("/v1/sessions?limit=2&cursor=" + second.get("nextCursor").asText()).json();
        assertEquals(1, third.get("sessions").size());
        assertTrue(third.get("nextCursor").isNull());
    }

    @Test
    void the_projections_now_and_at_a_sequence() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        String callId = server.post("/v1/sessions/s1/calls",
                "{\"provider\":\"openai\",\"model\":\"gpt-5\",\"deadlineMillis\":60000}").json().get("callId").asText();
        server.post("/v1/sessions/s1/calls/" + callId + "/complete", "{\"text\":\"hello!\",\"usage\":{\"inputTokens\":3,"
                + "\"outputTokens\":2,\"totalTokens\":5}}");
        JsonNode transcript = server.get("/v1/sessions/s1/projections/transcript").json();
        assertEquals(2, transcript.get("messages").size());
        assertEquals("assistant", transcript.get("messages").get(1).get("role").asText());
        assertEquals("hello!", transcript.get("messages").get(1).get("content").get(0).get("text").asText());
        assertEquals(1, server.get("/v1/sessions/s1/projections/transcript?atSequence=2").json().get("messages").size());
        JsonNode status = server.get("/v1/sessions/s1/projections/status").json();
        assertEquals("idle", status.get("state").asText());
        assertEquals(5, status.get("totalTokens").asLong());
        assertEquals("awaiting_model",
                server.get("/v1/sessions/s1/projections/status?atSequence=3").json().get("state").asText());
        assertEquals(0, server.get("/v1/sessions/s1/projections/notices").json().get("notices").size());
        assertEquals("not-found", server.get("/v1/sessions/s1/projections/gossip").problem());
    }

    @Test
    void a_quota_failure_posted_as_the_provider_returned_it_is_classified_redacted_and_noticed() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        JsonNode call = server.post("/v1/sessions/s1/calls",
                "{\"callId\":\"c1\",\"provider\":\"openai\",\"model\":\"gpt-5\",\"deadlineMillis\":60000}").json();
        assertEquals("c1", call.get("callId").asText());
        assertEquals(3, call.get("sequence").asLong());
        assertTrue(Instant.parse(call.get("deadline").asText()).isAfter(Instant.now().plusSeconds(50)));

        String body = "{\"error\":{\"message\":\"You exceeded your current quota. key sk-proj-abcdefghijklmnopqrstuvwxyz123456\","
                + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}";
        TestServer.Answer failed = server.post("/v1/sessions/s1/calls/c1/fail",
                "{\"status\":429,\"body\":" + Json.MAPPER.valueToTree(body) + "}");
        assertEquals(201, failed.status(), failed.body());
        assertEquals("quota_exceeded", failed.json().get("kind").asText());
        assertEquals("Model API quota exceeded, try again later.", failed.json().get("notice").asText());
        assertEquals(4, failed.json().get("sequence").asLong());
        ModelCallFailed stored = (ModelCallFailed) server.store.read(SessionId.of("s1"), 4, 1).get(0).event();
        assertEquals(FailureKind.QUOTA_EXCEEDED, stored.kind());
        assertEquals("openai", stored.provider());
        assertEquals("gpt-5", stored.model());
        assertFalse(stored.providerMessage().contains("sk-proj-abcdefghijklmnopqrstuvwxyz123456"), stored.providerMessage());

        TestServer.Answer next = server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m2\",\"text\":\"hello?\"}");
        assertEquals(201, next.status());
        TestServer.Answer again = server.post("/v1/sessions/s1/calls/c1/fail",
                "{\"status\":429,\"body\":" + Json.MAPPER.valueToTree(body) + "}");
        assertEquals(200, again.status(), again.body());
        assertEquals(4, again.json().get("sequence").asLong());
        assertEquals("Model API quota exceeded, try again later.", again.json().get("notice").asText());
    }

    @Test
    void an_outcome_after_the_watchdog_ended_the_call_is_409_call_already_ended() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        server.post("/v1/sessions/s1/calls", "{\"callId\":\"hung\",\"provider\":\"anthropic\",\"model\":\"claude\","
                + "\"deadlineMillis\":50}");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(server.store.readLast(SessionId.of("s1"), 1).get(0).event() instanceof ModelCallFailed)) {
            assertTrue(System.nanoTime() < deadline, "the watchdog never ended the call");
            Thread.onSpinWait();
        }
        ModelCallFailed ended = (ModelCallFailed) server.store.readLast(SessionId.of("s1"), 1).get(0).event();
        assertEquals(FailureKind.TIMEOUT, ended.kind());
        TestServer.Answer late = server.post("/v1/sessions/s1/calls/hung/complete", "{\"text\":\"too late\"}");
        assertEquals(409, late.status(), late.body());
        assertEquals("call-already-ended", late.problem());
        assertEquals("hung", late.json().get("callId").asText());
        assertFalse(late.body().toLowerCase().contains("timeout"), late.body());
    }

    @Test
    void a_cancelled_call_is_recorded_as_cancelled_and_an_unknown_call_is_404() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        server.post("/v1/sessions/s1/calls", "{\"callId\":\"c1\",\"provider\":\"openai\",\"model\":\"gpt-5\","
                + "\"deadlineMillis\":60000}");
        TestServer.Answer cancelled = server.send(server.request("/v1/sessions/s1/calls/c1/cancel")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, cancelled.status(), cancelled.body());
        ModelCallFailed stored = (ModelCallFailed) server.store.readLast(SessionId.of("s1"), 1).get(0).event();
        assertEquals(FailureKind.CANCELLED, stored.kind());
        assertEquals("not-found", server.post("/v1/sessions/s1/calls/nope/fail", "{\"status\":500}").problem());
        assertEquals("not-found", server.post("/v1/sessions/s1/calls/nope/complete", "{\"text\":\"x\"}").problem());
    }

    @Test
    void a_call_started_before_a_restart_is_found_in_the_log() {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        server.store.session(SessionId.of("s1")).startModelCall(dev.sessionlog.CallId.of("lib-call"), "anthropic",
                "claude", 1, Duration.ofMinutes(1));
        for (int i = 0; i < 600; i++) {
            server.post("/v1/sessions/s1/messages", "{\"messageId\":\"n" + i + "\",\"text\":\"more\"}");
        }
        TestServer.Answer failed = server.post("/v1/sessions/s1/calls/lib-call/fail",
                "{\"status\":529,\"body\":\"{\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"overloaded_error\\\"}}\"}");
        assertEquals(201, failed.status(), failed.body());
        assertEquals("overloaded", failed.json().get("kind").asText());
        ModelCallFailed stored = (ModelCallFailed) server.store.readLast(SessionId.of("s1"), 1).get(0).event();
        assertEquals("claude", stored.model());
    }

    @Test
    void an_append_to_an_ended_session_is_410() {
        server.post("/v1/sessions/s1/events", Wire.append("\"none\"", Wire.started(),
                "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"}}"));
        TestServer.Answer gone = server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        assertEquals(410, gone.status());
        assertEquals("session-ended", gone.problem());
    }

    @Test
    void content_blocks_and_metadata_go_through_the_codec() {
        TestServer.Answer message = server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image\",\"mimeType\":\"image/png\",\"ref\":\"media://1.png\"}]}");
        assertEquals(201, message.status(), message.body());
        server.post("/v1/sessions/s1/events", "{\"events\":[{\"type\":\"delivery_recorded\",\"v\":1,\"data\":{"
                + "\"deliveryId\":\"d1\",\"target\":\"telegram:1\",\"text\":\"ok\"},\"metadata\":{\"correlationId\":\"turn-1\"}}]}");
        RecordedEvent delivery = server.store.readLast(SessionId.of("s1"), 1).get(0);
        assertEquals("turn-1", delivery.metadata().correlationId());
        JsonNode read = server.get("/v1/sessions/s1/events?last=1").json().get("events").get(0);
        assertEquals("turn-1", read.get("metadata").get("correlationId").asText());
    }

    private static List<Long> sequences(JsonNode events) {
        List<Long> sequences = new java.util.ArrayList<>();
        events.forEach(e -> sequences.add(e.get("sequence").asLong()));
        return sequences;
    }
}
