package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web console's sign-in over real HTTP: one-time codes exchanged for a session cookie, what the
 * cookie may do, the cross-site request checks, and the security headers of every answer.
 */
class ConsoleSignInTest {
    private final MutableClock clock = MutableClock.startingAtNewYear();
    private final TestServer server = TestServer.start(
            InMemorySessionStore.builder().clock(clock).watchdogInterval(Duration.ZERO).build(),
            options -> options.withClock(clock));

    @AfterEach
    void stop() {
        server.close();
    }

    private String code() {
        URI link = server.server.signInLink();
        assertTrue(link.toString().startsWith(server.server.uri() + "/#sign-in="), link.toString());
        return link.getFragment().substring("sign-in=".length());
    }

    private HttpRequest.Builder plain(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
    }

    private TestServer.Answer signIn(String field, String value) {
        return server.send(plain("/v1/console/sign-in").header("Content-Type", "application/json")
                .header(RequestAccess.CONSOLE_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"" + field + "\":\"" + value + "\"}")).build());
    }

    /** The cookie's name=value, from a successful sign-in. */
    private static String cookie(TestServer.Answer signedIn) {
        assertEquals(200, signedIn.status(), signedIn.body());
        String setCookie = signedIn.response().headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private TestServer.Answer getWith(String cookie, String path) {
        return server.send(plain(path).header("Cookie", cookie).GET().build());
    }

    private TestServer.Answer postWith(String cookie, String path, String json, String... headers) {
        HttpRequest.Builder request = plain(path).header("Cookie", cookie).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static final String MESSAGE = "{\"messageId\":\"m1\",\"text\":\"hi\"}";

    @Test
    void a_sign_in_code_is_exchanged_once_for_an_http_only_same_site_strict_cookie() {
        String code = code();
        TestServer.Answer first = signIn("code", code);
        assertEquals(200, first.status(), first.body());
        assertEquals("read", first.json().get("access").asText());
        String setCookie = first.response().headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith(ConsoleSignIn.COOKIE + "="), setCookie);
        for (String attribute : List.of("; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=43200")) {
            assertTrue(setCookie.contains(attribute), setCookie);
        }
        assertFalse(setCookie.contains("Secure"), "plain HTTP cannot carry a Secure cookie: " + setCookie);

        TestServer.Answer again = signIn("code", code);
        assertEquals(401, again.status());
        assertEquals("unauthorized", again.problem());
        assertTrue(again.response().headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void a_wrong_code_or_token_is_refused_and_sets_no_cookie() {
        code();
        for (String[] attempt : new String[][] {{"code", "not-a-code"}, {"token", "not-the-token-at-all"}}) {
            TestServer.Answer refused = signIn(attempt[0], attempt[1]);
            assertEquals(401, refused.status(), refused.body());
            assertEquals("unauthorized", refused.problem());
            assertTrue(refused.response().headers().firstValue("Set-Cookie").isEmpty());
        }
    }

    @Test
    void a_code_expires_after_ten_minutes() {
        String late = code();
        String inTime = code();
        clock.advance(ConsoleSignIn.CODE_LIFETIME.minusSeconds(1));
        assertEquals(200, signIn("code", inTime).status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(401, signIn("code", late).status());
    }

    @Test
    void the_cookie_reads_the_api_until_its_session_expires_or_signs_out() {
        String cookie = cookie(signIn("code", code()));
        server.post("/v1/sessions/s1/messages", MESSAGE);
        assertEquals(200, getWith(cookie, "/v1/sessions").status());
        assertEquals("read", getWith(cookie, "/v1/console/session").json().get("access").asText());
        clock.advance(ConsoleSignIn.SESSION_LIFETIME);
        assertEquals(401, getWith(cookie, "/v1/sessions").status());

        String second = cookie(signIn("code", code()));
        assertEquals(200, postWith(second, "/v1/console/sign-out", "{}", RequestAccess.CONSOLE_HEADER, "1").status());
        TestServer.Answer after = getWith(second, "/v1/sessions/s1");
        assertEquals(401, after.status());
        assertEquals("unauthorized", after.problem());
    }

    @Test
    void no_cookie_or_an_unknown_one_reaches_no_data() {
        server.post("/v1/sessions/s1/messages", MESSAGE);
        assertEquals(401, server.send(plain("/v1/sessions").GET().build()).status());
        assertEquals(401, getWith(ConsoleSignIn.COOKIE + "=forged", "/v1/sessions/s1/events").status());
    }

    @Test
    void a_code_grants_reading_only_and_the_token_grants_changes() {
        String reader = cookie(signIn("code", code()));
        TestServer.Answer refused = postWith(reader, "/v1/sessions/s1/messages", MESSAGE, RequestAccess.CONSOLE_HEADER, "1");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("forbidden", refused.problem());
        assertTrue(server.store.summary(dev.sessionlog.SessionId.of("s1")).isEmpty(), "nothing stored");

        TestServer.Answer byToken = signIn("token", server.token);
        assertEquals("write", byToken.json().get("access").asText());
        assertEquals(201, postWith(cookie(byToken), "/v1/sessions/s1/messages", MESSAGE,
                RequestAccess.CONSOLE_HEADER, "1").status());
    }

    @Test
    void a_change_with_the_cookie_needs_the_console_header_and_no_foreign_origin() {
        String writer = cookie(signIn("token", server.token));
        TestServer.Answer noHeader = postWith(writer, "/v1/sessions/s1/messages", MESSAGE);
        assertEquals(403, noHeader.status());
        assertEquals("forbidden", noHeader.problem());
        TestServer.Answer foreign = postWith(writer, "/v1/sessions/s1/messages", MESSAGE,
                RequestAccess.CONSOLE_HEADER, "1", "Origin", "http://evil.example");
        assertEquals(403, foreign.status());
        assertTrue(server.store.summary(dev.sessionlog.SessionId.of("s1")).isEmpty(), "nothing stored");
        TestServer.Answer sameOrigin = postWith(writer, "/v1/sessions/s1/messages", MESSAGE,
                RequestAccess.CONSOLE_HEADER, "1", "Origin", server.server.uri().toString());
        assertEquals(201, sameOrigin.status(), sameOrigin.body());

        TestServer.Answer signInWithoutHeader = server.send(plain("/v1/console/sign-in")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code() + "\"}")).build());
        assertEquals(403, signInWithoutHeader.status());
    }

    @Test
    void the_bearer_token_works_as_before_without_the_console_header() {
        assertEquals(201, server.post("/v1/sessions/s1/messages", MESSAGE).status());
    }

    @Test
    void the_console_is_served_at_the_root_with_a_strict_content_security_policy() {
        TestServer.Answer page = server.send(plain("/").GET().build());
        assertEquals(200, page.status());
        assertTrue(page.response().headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/console/app.js\">"));
        String policy = page.response().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'")
                && policy.contains("script-src 'self'"), policy);
        assertFalse(policy.contains("unsafe") || policy.contains("http"), policy);
        assertEquals("nosniff", page.response().headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", page.response().headers().firstValue("Referrer-Policy").orElse(""));

        TestServer.Answer script = server.send(plain("/console/app.js").GET().build());
        assertEquals(200, script.status());
        assertTrue(script.response().headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        TestServer.Answer api = server.get("/v1/sessions");
        assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                api.response().headers().firstValue("Content-Security-Policy").orElse(""));
    }

    @Test
    void no_path_reaches_past_the_console_s_own_files() {
        for (String path : List.of("/console/openapi.json", "/console/missing.js", "/console/", "/elsewhere",
                "/console/app.js/x", "/console/style.css.bak")) {
            TestServer.Answer answer = server.send(plain(path).GET().build());
            assertEquals(404, answer.status(), path);
            assertEquals("not-found", answer.problem(), path);
        }
        TestServer.Answer ambiguous = server.send(plain("/console/..%2Fopenapi.json").GET().build());
        assertEquals(400, ambiguous.status(), "Jetty refuses an encoded separator before we see it");
        assertEquals("bad-request", ambiguous.problem());
    }

    @Test
    void a_read_only_server_refuses_every_change_even_with_the_token() {
        try (SessionlogServer readOnly = SessionlogServer.startReadOnly(server.store,
                AccessToken.readOrCreate(server.tokenDirectory()),
                ServerOptions.defaults().withBind(new java.net.InetSocketAddress("127.0.0.1", 0)))) {
            TestServer.Answer refused = server.send(HttpRequest.newBuilder(readOnly.uri().resolve("/v1/sessions/s1/messages"))
                    .header("Authorization", "Bearer " + server.token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MESSAGE)).build());
            assertEquals(403, refused.status(), refused.body());
            assertEquals("forbidden", refused.problem());
            assertEquals(200, server.send(HttpRequest.newBuilder(readOnly.uri().resolve("/v1/sessions"))
                    .header("Authorization", "Bearer " + server.token).GET().build()).status());
        }
        assertTrue(server.store.summary(dev.sessionlog.SessionId.of("s1")).isEmpty(), "nothing stored");
    }
}
