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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}: starts the server on the store, with a token, and refuses unsafe setups. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    @TempDir
    Path directory;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();

    @Test
    void serve_answers_requests_with_the_token_it_created_and_stops_when_interrupted() throws Exception {
        StringWriter out = new StringWriter();
        Thread serving = new Thread(() -> Cli.create(new CliContext(opener, false, false, Map.of()),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .execute("--store", directory.toString(), "serve", "--bind", "127.0.0.1:0"));
        serving.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Matcher listening = LISTENING.matcher("");
        while (!(listening = LISTENING.matcher(out.toString())).find()) {
            assertTrue(System.nanoTime() < deadline, "serve never said where it listens: " + out);
            Thread.sleep(20);
        }
        URI base = URI.create(listening.group(1));
        Path tokenFile = directory.resolve("http-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        String token = Files.readString(tokenFile).strip();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions/s1/messages"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"m1\",\"text\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(2, opener.storeAt(directory).summary(SessionId.of("s1")).orElseThrow().lastSequence());
        assertEquals(401, http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        serving.interrupt();
        serving.join(10_000);
        assertFalse(serving.isAlive());
    }

    @Test
    void binding_beyond_loopback_without_a_token_file_is_refused() {
        CliRun run = CliRun.run(opener, "--store", directory.toString(), "serve", "--bind", "0.0.0.0:0");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--token-file"), run.err());
        assertFalse(Files.exists(directory.resolve("http-token")));
    }

    @Test
    void a_token_file_others_may_read_is_refused_as_bad_input() throws Exception {
        Path token = directory.resolve("token");
        Files.writeString(token, "a-token-of-enough-length");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun run = CliRun.run(opener, "--store", directory.toString(), "serve", "--bind", "0.0.0.0:0",
                "--token-file", token.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.toString());
        assertTrue(run.err().contains("chmod 600"), run.err());
        assertFalse(run.hasStackTrace());
    }

    @Test
    void serving_a_kafka_store_needs_a_token_file_one_store_and_options_that_hold_together() throws Exception {
        Path token = directory.resolve("token");
        Files.writeString(token, "a-token-of-enough-length");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        String[][] refused = {
            {"serve", "--kafka", "127.0.0.1:9"},
            {"--store", directory.toString(), "serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString()},
            {"serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString(), "--kafka-property", "no-equals"},
            {"serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString(), "--replication-factor", "1"},
            {"serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString(), "--kafka-store", "../escape"},
            {"serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString(), "--partitions", "0"},
            {"serve", "--kafka", " ", "--token-file", token.toString()},
            {"serve", "--kafka-store", "lonely"},
            {"serve", "--kafka", "127.0.0.1:9", "--token-file", token.toString(), "--durable-replica"},
        };
        String[] said = {"--token-file", "two stores", "<name>=<value>", "min in-sync replicas", "store name",
            "partition", "bootstrap servers", "--kafka", "node id of the node's own"};
        for (int i = 0; i < refused.length; i++) {
            CliRun run = CliRun.run(opener, refused[i]);
            assertEquals(ExitCodes.USAGE, run.exitCode(), String.join(" ", refused[i]) + ": " + run);
            assertTrue(run.err().contains(said[i]), String.join(" ", refused[i]) + ": " + run.err());
            assertFalse(run.hasStackTrace(), run.err());
        }
    }

    @Test
    void a_malformed_bind_address_is_a_usage_error() {
        for (String bind : new String[] {"7370", "localhost:", "localhost:99999", "localhost:http"}) {
            CliRun run = CliRun.run(opener, "--store", directory.toString(), "serve", "--bind", bind);
            assertEquals(ExitCodes.USAGE, run.exitCode(), bind + ": " + run);
        }
    }
}
