package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreCursor;
import java.io.OutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-sent events: catch-up then live, resumable with Last-Event-ID, never blocking anyone. */
class EventStreamTest {
    private final TestServer server = TestServer.start(
            InMemorySessionStore.builder().watchdogInterval(Duration.ZERO).build(),
            options -> options.withHeartbeatInterval(Duration.ofMillis(200))
                    .withStreamLimits(8, Duration.ofMillis(500)));

    @AfterEach
    void stop() {
        server.close();
    }

    private void message(String session, String id) {
        TestServer.Answer answer = server.post("/v1/sessions/" + session + "/messages",
                "{\"messageId\":\"" + id + "\",\"text\":\"" + id + "\"}");
        assertTrue(answer.status() == 201, answer.body());
    }

    @Test
    void a_session_stream_sends_stored_events_then_live_ones_with_the_sequence_as_id() throws Exception {
        message("s1", "m1");
        message("other", "x1");
        try (SseClient stream = new SseClient(server, "/v1/sessions/s1/stream", null)) {
            assertEquals(200, stream.response.statusCode());
            assertEquals("text/event-stream", stream.response.headers().firstValue("Content-Type").orElse(""));
            SseClient.Frame started = stream.next();
            assertEquals("1", started.id());
            assertEquals("session_started", started.event());
            assertEquals("2", stream.next().id());
            message("s1", "m2");
            SseClient.Frame live = stream.next();
            assertEquals("3", live.id());
            assertEquals("user_message_received", live.event());
            JsonNode data = Json.MAPPER.readTree(live.data());
            assertEquals("s1", data.get("sessionId").asText());
            assertEquals(3, data.get("sequence").asLong());
            assertTrue(data.has("position"));
            assertEquals("m2", data.get("event").get("data").get("messageId").asText());
        }
    }

    @Test
    void a_session_stream_resumes_after_last_event_id_with_nothing_lost_or_repeated() throws Exception {
        for (int i = 1; i <= 5; i++) {
            message("s1", "m" + i);
        }
        List<String> seen = new ArrayList<>();
        String last;
        try (SseClient first = new SseClient(server, "/v1/sessions/s1/stream", null)) {
            for (int i = 0; i < 3; i++) {
                seen.add(first.next().id());
            }
            last = seen.get(seen.size() - 1);
        }
        message("s1", "m6");
        try (SseClient resumed = new SseClient(server, "/v1/sessions/s1/stream?from=1", last)) {
            for (int i = 0; i < 4; i++) {
                seen.add(resumed.next().id());
            }
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), seen);
        try (SseClient fromParameter = new SseClient(server, "/v1/sessions/s1/stream?from=7", null)) {
            assertEquals("7", fromParameter.next().id());
        }
    }

    @Test
    void the_store_stream_carries_every_session_with_cursors_that_resume_exactly() throws Exception {
        message("a", "a1");
        message("b", "b1");
        List<String> events = new ArrayList<>();
        String lastId = null;
        try (SseClient all = new SseClient(server, "/v1/stream", null)) {
            for (int i = 0; i < 3; i++) {
                SseClient.Frame frame = all.next();
                JsonNode data = Json.MAPPER.readTree(frame.data());
                events.add(data.get("sessionId").asText() + ":" + data.get("sequence").asLong());
                assertEquals(StoreCursor.start().withNextPosition(0, data.get("position").asLong() + 1),
                        StoreCursor.decode(frame.id()));
                lastId = frame.id();
            }
        }
        assertEquals(List.of("a:1", "a:2", "b:1"), events);
        message("a", "a2");
        try (SseClient resumed = new SseClient(server, "/v1/stream?cursor=v1", lastId)) {
            Set<String> rest = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode data = Json.MAPPER.readTree(resumed.next().data());
                rest.add(data.get("sessionId").asText() + ":" + data.get("sequence").asLong());
            }
            assertEquals(Set.of("b:2", "a:3"), rest);
        }
        try (SseClient fromCursor = new SseClient(server, "/v1/stream?cursor=" + lastId, null)) {
            JsonNode data = Json.MAPPER.readTree(fromCursor.next().data());
            assertEquals("b:2", data.get("sessionId").asText() + ":" + data.get("sequence").asLong());
        }
    }

    @Test
    void a_quiet_stream_gets_heartbeat_comments() throws Exception {
        try (SseClient stream = new SseClient(server, "/v1/sessions/quiet/stream", null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stream.comments.size() < 2) {
                assertTrue(System.nanoTime() < deadline, "no heartbeats");
                Thread.sleep(20);
            }
            assertTrue(stream.comments.get(0).startsWith(":"));
        }
    }

    @Test
    void a_client_that_disconnects_mid_stream_leaves_no_stream_behind_and_appends_go_on() throws Exception {
        message("s1", "m1");
        for (int round = 0; round < 5; round++) {
            try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /v1/sessions/s1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.token
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] some = new byte[64];
                assertTrue(in.read(some) > 0);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.server.openStreams() > 0) {
            message("s1", "poke-" + System.nanoTime()); // a write to a closed socket finds it gone
            assertTrue(System.nanoTime() < deadline, server.server.openStreams() + " streams left open");
            Thread.sleep(50);
        }
        message("s1", "after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/stream", "/v1/sessions/s1/stream"})
    void a_client_that_reads_nothing_blocks_neither_appends_nor_other_streams_and_is_cut_off(String path)
            throws Exception {
        message("s1", "m1");
        Socket stalled = new Socket("127.0.0.1", server.server.port());
        stalled.setReceiveBufferSize(1024);
        stalled.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.token
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        try (SseClient healthy = new SseClient(server, "/v1/sessions/s1/stream", null)) {
            String big = "x".repeat(30_000);
            for (int i = 0; i < 200; i++) {
                assertEquals(201, server.post("/v1/sessions/s1/messages",
                        "{\"messageId\":\"big" + i + "\",\"text\":\"" + big + "\"}").status());
            }
            for (int i = 1; i <= 202; i++) {
                assertEquals(Integer.toString(i), healthy.next().id());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (server.server.openStreams() > 1) {
                assertTrue(System.nanoTime() < deadline, "the stalled stream was never closed");
                Thread.sleep(50);
            }
            assertFalse(healthy.ended());
        } finally {
            stalled.close();
        }
        assertEquals(203, server.store.append(SessionId.of("s1"), ExpectedSequence.any(),
                List.of(new dev.sessionlog.event.UserMessageReceived("last",
                        List.of(new dev.sessionlog.event.ContentBlock.Text("x")), null))).join().lastSequence());
    }

    @Test
    void many_streams_of_one_session_each_get_every_event_once_in_order_while_it_is_written() throws Exception {
        message("s1", "m0");
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int c = 0; c < 20; c++) {
                clients.add(new SseClient(server, "/v1/sessions/s1/stream?from=" + (1 + c % 3), null));
                message("s1", "during-" + c);
            }
            for (int i = 0; i < 30; i++) {
                message("s1", "after-" + i);
            }
            long last = server.store.summary(SessionId.of("s1")).orElseThrow().lastSequence();
            for (int c = 0; c < clients.size(); c++) {
                for (long sequence = 1 + c % 3; sequence <= last; sequence++) {
                    assertEquals(Long.toString(sequence), clients.get(c).next().id(), "client " + c);
                }
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }
}
