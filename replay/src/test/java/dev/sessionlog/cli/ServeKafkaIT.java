package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionlog.kafka.KafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code sessionlog serve --kafka} nodes (child JVMs without {@code -ea}, as users run
 * them, one per gateway node) on one Kafka store on a real broker: a TypeScript gateway that runs
 * on two machines appends to one conversation through either node, and each node reads what the
 * other wrote, with the store's answers for conflicts and retries; stopped, each removes its copy
 * of the events.
 */
class ServeKafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCluster cluster;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.start(1);
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @Test
    void two_nodes_append_to_one_session_and_each_reads_what_the_other_wrote() throws Exception {
        token = "token-" + UUID.randomUUID();
        Path tokenFile = Files.writeString(tmp.resolve("token"), token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        String store = "serve-kafka-" + UUID.randomUUID();
        Path replicas = tmp.resolve("replicas");
        ServeProcess a = startServe(store, "node-a", tokenFile, replicas);
        ServeProcess b = startServe(store, "node-b", tokenFile, replicas);
        try {
            URI nodeA = a.address();
            URI nodeB = b.address();

            HttpResponse<String> first = post(nodeA, "/v1/sessions/chat-1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
            assertEquals(201, first.statusCode(), first.body());
            assertEquals(2, JSON.readTree(first.body()).get("lastSequence").asLong(), first.body());
            HttpResponse<String> second = post(nodeB, "/v1/sessions/chat-1/messages",
                    "{\"messageId\":\"m2\",\"text\":\"again, on the other node\"}");
            assertEquals(201, second.statusCode(), second.body());
            assertEquals(3, JSON.readTree(second.body()).get("lastSequence").asLong(), second.body());

            HttpResponse<String> conflict = post(nodeA, "/v1/sessions/chat-1/events", "{\"expectedSequence\":2,"
                    + "\"events\":[{\"type\":\"user_message_received\",\"v\":1,\"data\":{\"messageId\":\"m3\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"late\"}]}}]}");
            assertEquals(409, conflict.statusCode(), conflict.body());
            JsonNode problem = JSON.readTree(conflict.body());
            assertEquals(2, problem.get("expected").asLong(), conflict.body());
            assertEquals(3, problem.get("actual").asLong(), conflict.body());

            HttpResponse<String> retry = post(nodeB, "/v1/sessions/chat-1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
            assertEquals(200, retry.statusCode(), retry.body());
            assertTrue(JSON.readTree(retry.body()).get("duplicate").asBoolean(), retry.body());

            List<String> onA = eventIds(nodeA);
            assertEquals(3, onA.size(), onA.toString());
            assertEquals(onA, eventIds(nodeB), "both nodes read the same events");
        } finally {
            a.process.destroy(); // SIGTERM: the shutdown hook closes the server and the node
            b.process.destroy();
            assertTrue(a.process.waitFor(60, TimeUnit.SECONDS) && b.process.waitFor(60, TimeUnit.SECONDS),
                    "serve did not stop");
        }
        try (var left = Files.list(replicas)) {
            assertEquals(List.of(), left.toList(), "a node stopped cleanly leaves no copy of the events behind");
        }
    }

    private List<String> eventIds(URI node) throws IOException, InterruptedException {
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(node.resolve("/v1/sessions/chat-1/events?from=1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, events.statusCode(), events.body());
        List<String> ids = new ArrayList<>();
        long sequence = 1;
        for (JsonNode event : JSON.readTree(events.body()).get("events")) {
            assertEquals(sequence++, event.get("sequence").asLong(), events.body());
            ids.add(event.get("eventId").asText());
        }
        return ids;
    }

    private HttpResponse<String> post(URI node, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(node.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ServeProcess startServe(String store, String nodeId, Path tokenFile, Path replicas) throws IOException {
        return ServeProcess.start(tmp.resolve(nodeId + ".err"), List.of("serve", "--bind", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--kafka", cluster.bootstrapServers(), "--kafka-store", store,
                "--node-id", nodeId, "--partitions", "4", "--replication-factor", "1", "--min-insync-replicas", "1",
                "--replica-dir", replicas.toString()));
    }
}
