package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.testing.MutableClock;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code HEAD} (what {@code curl -I} sends) over a real server: the answer {@code GET} gives, status
 * and headers and {@code Content-Length}, without the body; a stream's headers without a stream.
 * The {@code GET}s go through {@code java.net.http}; the {@code HEAD}s are written on a socket, so
 * that a body sent after the headers would be seen.
 */
class HeadRequestTest {
    /** Headers a HEAD answer must carry exactly as the GET's. */
    private static final List<String> SAME_HEADERS = List.of("content-type", "content-length", "cache-control",
            "content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "allow",
            "www-authenticate");

    private final MutableClock clock = MutableClock.startingAtNewYear(); // a fixed "now": the same bytes twice
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(InMemorySessionStore.builder().clock(clock).watchdogInterval(Duration.ZERO).build(),
                options -> options.withClock(clock));
        assertEquals(201, server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hello\"}")
                .status());
        assertEquals(201, server.post("/v1/sessions/s1/calls", "{\"callId\":\"c1\",\"provider\":\"openai\","
                + "\"model\":\"gpt-5\",\"deadlineMillis\":60000}").status());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void head_of_every_readable_api_resource_and_console_file_is_its_get_without_the_body() {
        for (String path : List.of("/v1/health", "/v1/openapi.json", "/v1/sessions", "/v1/sessions?provider=openai",
                "/v1/sessions/s1", "/v1/sessions/s1/events?from=1&limit=10", "/v1/sessions/s1/events?last=1",
                "/v1/sessions/s1/projections/transcript", "/v1/sessions/s1/projections/status?atSequence=1",
                "/v1/sessions/s1/calls", "/v1/store", "/v1/store/checks", "/v1/console/session", "/",
                "/console/app.js", "/console/style.css", "/console/icon.svg")) {
            assertHeadIsGetWithoutBody(path, true, 200);
        }
    }

    @Test
    void head_answers_problems_as_get_does_without_their_body() {
        assertHeadIsGetWithoutBody("/v1/sessions/absent", true, 404);
        assertHeadIsGetWithoutBody("/v1/sessions?provider=", true, 400);
        assertHeadIsGetWithoutBody("/v1/sessions?state=sleeping", true, 400);
        assertHeadIsGetWithoutBody("/v1/nowhere", true, 404);
        assertHeadIsGetWithoutBody("/console/nothing.js", true, 404);
        assertHeadIsGetWithoutBody("/v1/sessions", false, 401);
        assertHeadIsGetWithoutBody("/v1/sessions/s1/stream", false, 401);
    }

    @Test
    void head_of_a_resource_that_only_takes_post_is_not_allowed_and_the_allow_header_names_head_where_get_is() {
        String answer = head("/v1/sessions/s1/messages", true);
        assertEquals(405, RawHttp.status(answer), answer);
        assertEquals("POST", headers(answer).get("allow"));
        assertEquals("", RawHttp.body(answer));
        String delete = RawHttp.exchange(port(), "DELETE /v1/sessions/s1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + server.token + "\r\nConnection: close\r\n\r\n");
        assertEquals(405, RawHttp.status(delete), delete);
        assertEquals("GET, HEAD, POST", headers(delete).get("allow"));
    }

    @Test
    void head_of_a_stream_answers_its_headers_at_once_and_opens_no_stream() {
        for (String path : List.of("/v1/sessions/s1/stream", "/v1/sessions/s1/stream?from=2", "/v1/stream")) {
            long started = System.nanoTime();
            String answer = head(path, true);
            assertEquals(200, RawHttp.status(answer), path + ": " + answer);
            assertEquals("text/event-stream", headers(answer).get("content-type"), path);
            assertEquals("no-store", headers(answer).get("cache-control"), path);
            assertEquals("", RawHttp.body(answer), path + ": no event is sent");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    path + ": answered, not held open");
        }
        assertEquals(400, RawHttp.status(head("/v1/stream?cursor=not-a-cursor", true)), "its parameters are checked");
        assertEquals(400, RawHttp.status(head("/v1/sessions/s1/stream?from=zero", true)));
        assertEquals(0, server.server.openStreams());
    }

    private void assertHeadIsGetWithoutBody(String path, boolean withToken, int status) {
        HttpRequest.Builder request = withToken ? server.request(path)
                : HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
        TestServer.Answer get = server.send(request.GET().build());
        String head = head(path, withToken);
        Map<String, String> headHeaders = headers(head);
        assertEquals(status, get.status(), path + ": " + get.body());
        assertEquals(status, RawHttp.status(head), path + ": " + head);
        assertEquals("", RawHttp.body(head), path + ": HEAD has no body");
        byte[] body = get.body().getBytes(StandardCharsets.UTF_8);
        if (!path.contains("/stream")) {
            assertEquals(String.valueOf(body.length), headHeaders.get("content-length"), path + ": " + head);
        }
        for (String name : SAME_HEADERS) {
            assertEquals(get.response().headers().firstValue(name).orElse(null), headHeaders.get(name),
                    path + ": " + name);
        }
    }

    private String head(String path, boolean withToken) {
        return RawHttp.exchange(port(), "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (withToken ? "Authorization: Bearer " + server.token + "\r\n" : "") + "Connection: close\r\n\r\n");
    }

    private int port() {
        return server.server.uri().getPort();
    }

    /** A raw answer's headers, names in lower case. */
    private static Map<String, String> headers(String answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        int end = answer.indexOf("\r\n\r\n");
        String head = answer.substring(answer.indexOf("\r\n") + 2, end < 0 ? answer.length() : end);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return headers;
    }
}
