package dev.sessionlog.server;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A server on a free loopback port over an in-memory store, and a client that knows its token. */
final class TestServer implements AutoCloseable {
    final SessionStore store;
    final SessionlogServer server;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path directory;

    private TestServer(SessionStore store, SessionlogServer server, String token, Path directory) {
        this.store = store;
        this.server = server;
        this.token = token;
        this.directory = directory;
    }

    static TestServer start() {
        return start(InMemorySessionStore.builder().watchdogInterval(Duration.ofMillis(20)).build(), o -> o);
    }

    static TestServer start(SessionStore store, UnaryOperator<ServerOptions> options) {
        try {
            Path directory = Files.createTempDirectory("sessionlog-server-test");
            AccessToken token = AccessToken.readOrCreate(directory);
            ServerOptions chosen = options.apply(ServerOptions.defaults()
                    .withBind(new InetSocketAddress("127.0.0.1", 0)));
            SessionlogServer server = SessionlogServer.start(store, token, chosen);
            return new TestServer(store, server, Files.readString(token.file()).strip(), directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding the server's token file. */
    Path tokenDirectory() {
        return directory;
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        store.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** A response: status, body and, parsed on demand, the JSON. */
    record Answer(int status, String body, HttpResponse<String> response) {
        com.fasterxml.jackson.databind.JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The problem's name, from its type URI. */
        String problem() {
            String type = json().path("type").asText();
            if (!type.startsWith(ApiProblem.TYPE_PREFIX)) {
                throw new AssertionError("not a problem (" + status + "): " + body);
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!contentType.startsWith("application/problem+json")) {
                throw new AssertionError("a problem must be application/problem+json, was " + contentType);
            }
            return type.substring(ApiProblem.TYPE_PREFIX.length());
        }
    }
}
