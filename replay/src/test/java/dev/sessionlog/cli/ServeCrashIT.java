package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.store.ChronicleSessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code sessionlog serve} (a child JVM without {@code -ea}, as users run it) under HTTP load,
 * killed with SIGKILL at random moments: every append it acknowledged is in the store after
 * recovery, at the sequence it was acknowledged with, and calls it left open are ended as
 * {@code INTERRUPTED}.
 */
class ServeCrashIT {
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void sigkill_under_http_load_loses_no_acknowledged_append() throws Exception {
        Path store = tmp.resolve("store");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>(); // "session/messageId" -> sequence
        Random random = new Random(11);
        for (int round = 0; round < ROUNDS; round++) {
            ServeProcess started = ServeProcess.start(tmp.resolve("serve.err"),
                    List.of("--store", store.toString(), "serve", "--bind", "127.0.0.1:0"));
            Process serve = started.process;
            URI base = started.address();
            String token = Files.readString(store.resolve("http-token")).strip();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            int r = round;
            for (int c = 0; c < CLIENTS; c++) {
                String session = "s" + c;
                clients.submit(() -> load(http, base, token, session, "r" + r, acknowledged, killed));
            }
            awaitAcknowledgements(acknowledged, "/r" + r + "-", CLIENTS);
            Thread.sleep(random.nextInt(1000));
            serve.destroyForcibly(); // SIGKILL on Linux
            killed.set(true);
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS));
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() > ROUNDS * CLIENTS, "too few appends were acknowledged: " + acknowledged.size());
        try (ChronicleSessionStore recovered = ChronicleSessionStore.open(store,
                dev.sessionlog.store.ChronicleStoreOptions.defaults())) {
            for (int c = 0; c < CLIENTS; c++) {
                SessionId session = SessionId.of("s" + c);
                List<RecordedEvent> events = recovered.read(session, 1, 1_000_000);
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i + 1, events.get(i).sequence(), "sequences have a gap in " + session);
                }
                for (RecordedEvent event : events) {
                    if (event.event() instanceof ModelCallStarted started) {
                        assertTrue(events.stream().anyMatch(e -> e.event() instanceof ModelCallFailed f
                                && f.callId().equals(started.callId())
                                || e.event() instanceof dev.sessionlog.event.ModelCallCompleted done
                                && done.callId().equals(started.callId())),
                                "call " + started.callId() + " was left open");
                    }
                }
                for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                    if (!ack.getKey().startsWith(session.value() + "/")) {
                        continue;
                    }
                    String messageId = ack.getKey().substring(ack.getKey().indexOf('/') + 1);
                    assertTrue(ack.getValue() <= events.size(), "acknowledged " + ack + " is missing");
                    RecordedEvent stored = events.get((int) (ack.getValue() - 1));
                    assertTrue(stored.event() instanceof UserMessageReceived m && m.messageId().equals(messageId),
                            "acknowledged " + ack + " but found " + stored.event());
                }
            }
            boolean anyInterrupted = recovered.sessions(dev.sessionlog.SessionQuery.all()).stream()
                    .flatMap(s -> recovered.read(s.sessionId(), 1, 1_000_000).stream())
                    .anyMatch(e -> e.event() instanceof ModelCallFailed f && f.kind() == FailureKind.INTERRUPTED);
            assertTrue(anyInterrupted, "the calls each round left open were not ended as interrupted");
        }
    }

    /**
     * Waits until the round has {@code count} acknowledged appends, so the kill lands under load however
     * slowly a busy machine starts the server's JVM.
     */
    private static void awaitAcknowledgements(Map<String, Long> acknowledged, String round, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.keySet().stream().filter(key -> key.contains(round)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "the server acknowledged fewer than " + count
                    + " appends in 60 s");
            Thread.sleep(10);
        }
    }

    /** Appends messages (and now and then starts a call left open) until the server dies. */
    private static void load(HttpClient http, URI base, String token, String session, String round,
                             Map<String, Long> acknowledged, AtomicBoolean killed) {
        for (int i = 0; !killed.get(); i++) {
            String messageId = round + "-" + i;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        base.resolve("/v1/sessions/" + session + "/messages")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"" + messageId
                                + "\",\"text\":\"load\"}")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    long sequence = Long.parseLong(response.body().replaceAll(".*\"lastSequence\":(\\d+).*", "$1"));
                    acknowledged.put(session + "/" + messageId, sequence);
                }
                if (i % 10 == 0) {
                    http.send(HttpRequest.newBuilder(base.resolve("/v1/sessions/" + session + "/calls"))
                            .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"p\",\"model\":\"m\","
                                    + "\"deadlineMillis\":600000}")).build(), HttpResponse.BodyHandlers.ofString());
                }
            } catch (java.net.http.HttpTimeoutException e) {
                continue; // a busy machine: not acknowledged, and the server is still there
            } catch (java.io.IOException e) {
                return; // the server died mid-request: that answer was never acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
