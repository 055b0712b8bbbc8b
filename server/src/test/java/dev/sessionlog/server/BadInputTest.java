package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests on every endpoint: each is answered with a clear problem (or the
 * connection is dropped), and nothing already stored is lost or changed.
 */
class BadInputTest {
    private static final long LIMIT = 64 * 1024;

    private TestServer server;
    private List<RecordedEvent> before;
    private List<SessionSummary> sessionsBefore;

    @BeforeEach
    void start() {
        server = TestServer.start(InMemorySessionStore.builder().watchdogInterval(Duration.ZERO).build(),
                options -> options.withMaxRequestBytes(LIMIT));
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        server.post("/v1/sessions/s1/calls", "{\"callId\":\"c1\",\"provider\":\"openai\",\"model\":\"gpt-5\","
                + "\"deadlineMillis\":600000}");
        before = server.store.read(SessionId.of("s1"), 1, 1000);
        sessionsBefore = server.store.sessions(SessionQuery.all());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every endpoint that writes, with a body that would be valid. */
    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("/v1/sessions/s1/events", Wire.append("\"any\"", Wire.message("m9", "x"))),
                Arguments.of("/v1/sessions/s1/messages", "{\"messageId\":\"m9\",\"text\":\"x\"}"),
                Arguments.of("/v1/sessions/s1/calls", "{\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":1000}"),
                Arguments.of("/v1/sessions/s1/calls/c1/complete", "{\"text\":\"x\"}"),
                Arguments.of("/v1/sessions/s1/calls/c1/fail", "{\"status\":429}"),
                Arguments.of("/v1/sessions/s1/calls/c1/cancel", "{}"));
    }

    /** Every endpoint that reads. */
    static Stream<String> reads() {
        return Stream.of("/v1/sessions/s1/events", "/v1/sessions/s1", "/v1/sessions", "/v1/openapi.json",
                "/v1/sessions/s1/projections/transcript", "/v1/sessions/s1/stream", "/v1/stream");
    }

    @ParameterizedTest
    @MethodSource("writes")
    void a_write_without_or_with_a_wrong_token_is_401_and_stores_nothing(String path, String body) {
        for (String authorization : new String[] {null, "Bearer wrong-token-wrong-token", "Basic dXNlcjpwYXNz",
            "Bearer " + server.token + "x", "Bearer"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            TestServer.Answer answer = server.send(request.build());
            assertEquals(401, answer.status(), path + " " + authorization);
            assertEquals("unauthorized", answer.problem());
            assertTrue(answer.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        assertNothingChanged();
    }

    @Test
    void a_client_keeps_working_on_its_connections_after_posts_refused_unread() {
        for (int i = 0; i < 50; i++) {
            TestServer.Answer refused = server.send(HttpRequest.newBuilder(server.uri("/v1/sessions/s1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"m9\",\"text\":\"x\"}")).build());
            assertEquals(401, refused.status());
            assertEquals("close", refused.response().headers().firstValue("Connection").orElse(""));
            assertEquals(200, server.get("/v1/sessions/s1/events?last=1").status());
        }
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("reads")
    void a_read_without_a_token_is_401(String path) {
        TestServer.Answer answer = server.send(HttpRequest.newBuilder(server.uri(path)).GET().build());
        assertEquals(401, answer.status(), path);
        assertEquals("unauthorized", answer.problem());
    }

    @ParameterizedTest
    @MethodSource("writes")
    void malformed_json_is_400_and_stores_nothing(String path, String body) {
        for (String broken : new String[] {"{\"messageId\":", "not json", "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}",
            "\u0000\u0001", "[" + "[".repeat(5000) + "]".repeat(5001)}) {
            TestServer.Answer answer = server.post(path, broken);
            assertEquals(400, answer.status(), path + " " + broken + ": " + answer.body());
            assertEquals("bad-request", answer.problem());
        }
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("writes")
    void a_body_that_is_not_an_object_or_lacks_fields_is_400(String path, String body) {
        boolean everyFieldOptional = path.endsWith("/cancel") || path.endsWith("/fail");
        for (String wrong : everyFieldOptional ? new String[] {"[]", "42", "\"text\"", "null"}
                : new String[] {"[]", "42", "\"text\"", "null", "{}"}) {
            TestServer.Answer answer = server.post(path, wrong);
            assertEquals(400, answer.status(), path + " " + wrong + ": " + answer.body());
            assertEquals("bad-request", answer.problem());
        }
        assertNothingChanged();
    }

    @Test
    void fields_of_the_wrong_type_are_400_naming_the_field() {
        String[][] cases = {
            {"/v1/sessions/s1/events", "{\"expectedSequence\":\"seven\",\"events\":[]}", "expectedSequence"},
            {"/v1/sessions/s1/events", "{\"expectedSequence\":-1,\"events\":[" + Wire.message("m9", "x") + "]}",
                "expectedSequence"},
            {"/v1/sessions/s1/events", "{\"events\":{}}", "events"},
            {"/v1/sessions/s1/events", "{\"events\":[42]}", "events[0]"},
            {"/v1/sessions/s1/events", "{\"events\":[" + Wire.message("m9", "x") + "],\"metadata\":1}", null},
            {"/v1/sessions/s1/messages", "{\"messageId\":7,\"text\":\"x\"}", "messageId"},
            {"/v1/sessions/s1/messages", "{\"messageId\":\"m9\",\"text\":[\"x\"]}", "text"},
            {"/v1/sessions/s1/messages", "{\"messageId\":\"m9\"}", "text"},
            {"/v1/sessions/s1/calls", "{\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":\"soon\"}", "deadlineMillis"},
            {"/v1/sessions/s1/calls", "{\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":0}", "deadlineMillis"},
            {"/v1/sessions/s1/calls", "{\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":1.5}", "deadlineMillis"},
            {"/v1/sessions/s1/calls", "{\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":99999999999999999999999}",
                "deadlineMillis"},
            {"/v1/sessions/s1/calls", "{\"model\":\"m\",\"deadlineMillis\":1000}", "provider"},
            {"/v1/sessions/s1/calls/c1/fail", "{\"status\":\"429\"}", "status"},
            {"/v1/sessions/s1/calls/c1/fail", "{\"retryAfterMillis\":-5}", "retryAfterMillis"},
            {"/v1/sessions/s1/calls/c1/complete", "{\"text\":\"x\",\"usage\":[]}", "usage"},
        };
        for (String[] c : cases) {
            TestServer.Answer answer = server.post(c[0], c[1]);
            if (c[2] == null) {
                assertTrue(answer.status() == 201 || answer.status() == 400, c[1]);
                continue;
            }
            assertEquals(400, answer.status(), c[1] + ": " + answer.body());
            assertEquals("bad-request", answer.problem());
            assertTrue(answer.json().get("detail").asText().contains(c[2]), answer.body());
        }
        // the one case that may have been accepted appended m9; nothing else changed
        List<RecordedEvent> after = server.store.read(SessionId.of("s1"), 1, 1000);
        assertEquals(before, after.subList(0, before.size()));
    }

    @Test
    void unknown_event_types_newer_versions_and_bad_event_data_are_422_and_store_nothing() {
        TestServer.Answer unknown = server.post("/v1/sessions/s1/events", Wire.append("\"any\"", Wire.message("m9", "x"),
                "{\"type\":\"telepathy_received\",\"v\":1,\"data\":{}}"));
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals("invalid-event", unknown.problem());
        assertEquals("telepathy_received", unknown.json().get("eventType").asText());
        assertTrue(unknown.json().get("detail").asText().contains("events[1]"));

        TestServer.Answer newer = server.post("/v1/sessions/s1/events", Wire.append("\"any\"",
                "{\"type\":\"user_message_received\",\"v\":99,\"data\":{}}"));
        assertEquals(422, newer.status());
        assertEquals(1, newer.json().get("newestVersion").asInt());

        TestServer.Answer bad = server.post("/v1/sessions/s1/events", Wire.append("\"any\"",
                "{\"type\":\"user_message_received\",\"v\":1,\"data\":{\"messageId\":\"m9\",\"content\":\"no\"}}"));
        assertEquals(422, bad.status());
        TestServer.Answer badBlocks = server.post("/v1/sessions/s1/messages",
                "{\"messageId\":\"m9\",\"content\":[{\"type\":\"hologram\"}]}");
        assertEquals(422, badBlocks.status(), badBlocks.body());
        assertNothingChanged();
    }

    @ParameterizedTest
    @MethodSource("writes")
    void an_oversized_body_is_413_whether_declared_or_streamed(String path, String body) {
        String huge = "{\"messageId\":\"m9\",\"text\":\"" + "x".repeat((int) LIMIT * 2) + "\"}";
        // a client that asks before sending (Expect: 100-continue) is answered before it sends
        String declared = RawHttp.exchange(server.server.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + server.token + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + huge.length() + "\r\nExpect: 100-continue\r\n\r\n");
        assertEquals(413, RawHttp.status(declared), path);
        assertTrue(RawHttp.body(declared).contains("payload-too-large"), declared);
        assertTrue(RawHttp.body(declared).contains("\"limit\":" + LIMIT), declared);
        // one that sends anyway gets the answer, or its connection is dropped mid-body: never a store
        try {
            TestServer.Answer sentAnyway = server.post(path, huge);
            assertEquals(413, sentAnyway.status(), path);
        } catch (java.io.UncheckedIOException dropped) {
            // the server answered and closed while the body was still being sent
        }

        String streamed = RawHttp.exchange(server.server.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + server.token + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(huge.length()) + "\r\n" + huge + "\r\n0\r\n\r\n");
        assertEquals(413, RawHttp.status(streamed), path);
        assertTrue(RawHttp.body(streamed).contains("payload-too-large"), streamed);
        assertNothingChanged();
    }

    @Test
    void hostile_session_ids_are_refused_on_every_endpoint() {
        String[] hostile = {"..%2Fx", "%2E%2E%2Fx", "a%2Fb", "x%00y", "%00", "a".repeat(10_000), "..", "%E2%80%AE",
            "caf%C3%A9", "%zz"};
        String[] paths = {"/v1/sessions/%s/events", "/v1/sessions/%s", "/v1/sessions/%s/messages", "/v1/sessions/%s/calls",
            "/v1/sessions/%s/calls/c1/fail", "/v1/sessions/%s/stream", "/v1/sessions/%s/projections/status"};
        for (String id : hostile) {
            for (String template : paths) {
                String path = String.format(template, id);
                boolean write = !template.endsWith("/stream") && !template.endsWith("/status")
                        && !template.equals("/v1/sessions/%s") && !template.endsWith("/events");
                String body = "{\"messageId\":\"m9\",\"text\":\"x\",\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":9}";
                String request = (write ? "POST " : "GET ") + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + server.token + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + (write ? body.length() : 0) + "\r\nConnection: close\r\n\r\n"
                        + (write ? body : "");
                String answer = RawHttp.exchange(server.server.port(), request);
                int status = RawHttp.status(answer);
                assertTrue(status == 400 || status == 404 || status == 414 || status == 431,
                        path.substring(0, Math.min(80, path.length())) + ": " + answer.substring(0, Math.min(300, answer.length())));
                assertTrue(answer.contains("application/problem+json"), answer.substring(0, Math.min(300, answer.length())));
            }
        }
        assertEquals(sessionsBefore.size(), server.store.sessions(SessionQuery.all()).size());
        assertNothingChanged();
    }

    @Test
    void hostile_call_ids_cursors_and_parameters_are_400() {
        assertEquals(400, server.post("/v1/sessions/s1/calls/" + "c".repeat(500) + "/fail", "{}").status());
        assertEquals(400, server.post("/v1/sessions/s1/calls", "{\"callId\":\"" + "c".repeat(500)
                + "\",\"provider\":\"p\",\"model\":\"m\",\"deadlineMillis\":9}").status());
        assertEquals("bad-request", server.get("/v1/stream?cursor=v9.1").problem());
        assertEquals("bad-request", server.get("/v1/stream?cursor=" + "9".repeat(5000)).problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/events?from=0").problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/events?from=x").problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/events?limit=100000").problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/events?last=2&from=1").problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/events?from=1&from=2").problem());
        assertEquals("bad-request", server.get("/v1/sessions?cursor=../../etc").problem());
        assertEquals("bad-request", server.get("/v1/sessions?active=maybe").problem());
        assertEquals("bad-request", server.get("/v1/sessions/s1/projections/status?atSequence=-1").problem());
        assertEquals("bad-request", server.send(server.request("/v1/sessions/s1/stream")
                .header("Last-Event-ID", "yesterday").GET().build()).problem());
        assertNothingChanged();
    }

    @Test
    void headers_over_the_limit_and_a_garbled_request_line_are_answered_with_problems() {
        String oversized = RawHttp.exchange(server.server.port(), "GET /v1/sessions HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + server.token + "\r\nX-Padding: " + "p".repeat(20_000) + "\r\n\r\n");
        assertEquals(431, RawHttp.status(oversized), oversized.substring(0, Math.min(200, oversized.length())));
        assertTrue(oversized.contains("application/problem+json"), oversized);
        String garbled = RawHttp.exchange(server.server.port(), "GARBAGE\u0001 / HTTP/9.9\r\n\r\n");
        assertTrue(garbled.isEmpty() || RawHttp.status(garbled) == 400, garbled);
        assertNothingChanged();
    }

    @Test
    void unknown_paths_are_404_and_wrong_methods_405_as_problems() {
        assertEquals("not-found", server.get("/v2/sessions").problem());
        assertEquals("not-found", server.get("/v1/sessions/s1/everything").problem());
        TestServer.Answer delete = server.send(server.request("/v1/sessions/s1/events").DELETE().build());
        assertEquals(405, delete.status());
        assertEquals("method-not-allowed", delete.problem());
        assertEquals("GET, HEAD, POST", delete.response().headers().firstValue("Allow").orElse(""));
        assertEquals(405, server.post("/v1/sessions/s1", "{}").status());
    }

    @Test
    void a_client_that_disconnects_mid_request_stores_nothing_and_harms_no_one() throws Exception {
        String body = Wire.append("\"any\"", Wire.message("m9", "half"));
        for (int cut : new int[] {0, 5, body.length() - 1}) {
            try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/sessions/s1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.token
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body.substring(0, cut)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        Thread.sleep(200);
        assertNothingChanged();
        assertEquals(201, server.post("/v1/sessions/s1/messages", "{\"messageId\":\"after\",\"text\":\"x\"}").status());
    }

    @Test
    void problems_never_say_timeout() {
        List<TestServer.Answer> answers = List.of(server.post("/v1/sessions/s1/events", "{"),
                server.get("/v1/sessions/none"), server.post("/v1/sessions/s1/events", Wire.append("99")),
                server.send(HttpRequest.newBuilder(server.uri("/v1/sessions")).build()));
        for (TestServer.Answer answer : answers) {
            assertFalse(answer.body().toLowerCase().contains("timeout"), answer.body());
            assertFalse(answer.body().toLowerCase().contains("timed out"), answer.body());
        }
    }

    private void assertNothingChanged() {
        List<RecordedEvent> after = server.store.read(SessionId.of("s1"), 1, 1000);
        assertEquals(before, after);
        assertEquals(sessionsBefore.stream().map(SessionSummary::sessionId).toList(),
                server.store.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).toList());
    }
}
