package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code console} and the sign-in link {@code serve} prints: the web console over a store. */
class ConsoleCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");
    private static final Pattern LINK = Pattern.compile("console: (http://\\S+/#sign-in=(\\S+)) ");

    @TempDir
    Path directory;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Runs the command on a thread until {@code check} is done, then interrupts it as Ctrl-C would. */
    private void whileRunning(String command, Check check) throws Exception {
        StringWriter out = new StringWriter();
        Thread running = new Thread(() -> Cli.create(new CliContext(opener, false, false, Map.of()),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .execute("--store", directory.toString(), command, "--bind", "127.0.0.1:0"));
        running.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!LINK.matcher(out.toString()).find()) {
                assertTrue(System.nanoTime() < deadline, command + " never printed its sign-in link: " + out);
                Thread.sleep(20);
            }
            Matcher listening = LISTENING.matcher(out.toString());
            assertTrue(listening.find(), out.toString());
            Matcher link = LINK.matcher(out.toString());
            assertTrue(link.find());
            check.run(URI.create(listening.group(1)), link.group(2));
        } finally {
            running.interrupt();
            running.join(10_000);
        }
        assertFalse(running.isAlive());
    }

    private interface Check {
        void run(URI base, String code) throws Exception;
    }

    private HttpResponse<String> signIn(URI base, String code) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/console/sign-in"))
                .header("X-Sessionlog-Console", "1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serve_prints_a_link_that_signs_a_browser_in_once() throws Exception {
        whileRunning("serve", (base, code) -> {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/console/app.js"));
            HttpResponse<String> signedIn = signIn(base, code);
            assertEquals(200, signedIn.statusCode(), signedIn.body());
            assertTrue(signedIn.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));
            assertEquals(401, signIn(base, code).statusCode());
        });
    }

    @Test
    void console_serves_the_store_read_only_and_refuses_changes_even_with_the_token() throws Exception {
        opener.storeAt(directory).session(SessionId.of("s1")).receiveUserMessage("m1",
                java.util.List.of(new dev.sessionlog.event.ContentBlock.Text("hello")));
        Files.writeString(directory.resolve("http-token"), "a-token-of-enough-length\n");
        Files.setPosixFilePermissions(directory.resolve("http-token"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        whileRunning("console", (base, code) -> {
            HttpResponse<String> signedIn = signIn(base, code);
            assertEquals(200, signedIn.statusCode(), signedIn.body());
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> sessions = http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sessions.statusCode());
            assertTrue(sessions.body().contains("\"s1\""), sessions.body());
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions/s1/messages"))
                    .header("Authorization", "Bearer a-token-of-enough-length").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"m2\",\"text\":\"no\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
        });
        assertEquals(2, opener.storeAt(directory).summary(SessionId.of("s1")).orElseThrow().lastSequence());
        assertTrue(opener.opens.stream().allMatch(open -> open.startsWith("read-only")), opener.opens.toString());
    }

    @Test
    void console_on_a_store_without_a_token_file_creates_none() throws Exception {
        opener.storeAt(directory);
        whileRunning("console", (base, code) -> assertEquals(200, signIn(base, code).statusCode()));
        assertFalse(Files.exists(directory.resolve("http-token")));
    }

    @Test
    void console_serves_loopback_only() {
        opener.storeAt(directory);
        CliRun run = CliRun.run(opener, "--store", directory.toString(), "console", "--bind", "0.0.0.0:0");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("loopback"), run.err());
    }
}
