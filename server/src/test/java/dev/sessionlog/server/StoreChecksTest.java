package dev.sessionlog.server;

import static dev.sessionlog.testing.Bytes.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/store/checks}: the store's check of every record over HTTP, on a healthy Chronicle
 * store and on one with a damaged record (a payload bit flipped in its day file, as the store's and
 * the CLI's damage tests do), and what a store without such a check answers.
 */
class StoreChecksTest {
    private static final String DAMAGED_TEXT = "this message will be damaged";

    @TempDir
    Path directory;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ChronicleStoreOptions onePartition() {
        return ChronicleStoreOptions.defaults().withPartitions(1);
    }

    private void message(String session, String id, String text) {
        TestServer.Answer answer = server.post("/v1/sessions/" + session + "/messages",
                "{\"messageId\":\"" + id + "\",\"text\":\"" + text + "\"}");
        assertEquals(201, answer.status(), answer.body());
    }

    @Test
    void a_healthy_store_checks_every_event_and_finds_nothing() {
        server = TestServer.start(ChronicleSessionStore.open(directory, onePartition()), options -> options);
        message("a", "a1", "hello");
        message("a", "a2", "again");
        message("b", "b1", "hi");

        TestServer.Answer answer = server.get("/v1/store/checks");
        assertEquals(200, answer.status(), answer.body());
        JsonNode checks = answer.json();
        assertTrue(checks.get("available").asBoolean());
        assertTrue(checks.get("healthy").asBoolean(), answer.body());
        assertEquals(2, checks.get("sessionsChecked").asInt());
        assertEquals(5, checks.get("eventsChecked").asLong(), "two starts (a message starts its session), three messages");
        assertEquals(0, checks.get("problemCount").asInt());
        assertEquals(0, checks.get("problems").size());
        assertFalse(checks.get("truncated").asBoolean());
        assertFalse(checks.get("checkedAt").asText().isEmpty());
    }

    @Test
    void a_check_that_finishes_before_it_is_handed_back_is_still_answered() throws Exception {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(directory, onePartition())) {
            // an executor that runs the check at once: it has finished before run() returns, as a
            // fast check on an idle thread pool may have (found by CI as an internal error, 500)
            CompletableFuture<Reply> answer = StoreChecks.of(store, Clock.systemUTC()).run(Runnable::run);
            assertNotNull(answer, "run() answered no future");
            assertEquals(200, answer.get().status());
        }
    }

    @Test
    void a_damaged_record_is_found_with_its_place_and_the_gap_it_leaves_in_its_session() throws IOException {
        server = TestServer.start(ChronicleSessionStore.open(directory, onePartition()), options -> options);
        message("a", "a1", "first");
        message("a", "a2", DAMAGED_TEXT);
        message("a", "a3", "after the damage");
        message("b", "b1", "another session");
        server.close();
        flipFirstByteOf(DAMAGED_TEXT);

        server = TestServer.start(ChronicleSessionStore.openReadOnly(directory), options -> options);
        TestServer.Answer answer = server.get("/v1/store/checks");
        assertEquals(200, answer.status(), answer.body());
        JsonNode checks = answer.json();
        assertFalse(checks.get("healthy").asBoolean(), answer.body());
        assertEquals(checks.get("problems").size(), checks.get("problemCount").asInt());
        JsonNode record = checks.get("problems").get(0);
        assertEquals("record", record.get("kind").asText(), answer.body());
        assertTrue(record.get("file").asText().endsWith(".cq4"), answer.body());
        assertTrue(record.get("offset").asLong() >= 0, answer.body());
        assertTrue(record.get("description").asText().contains("checksum"), answer.body());
        assertTrue(findAll(checks.get("problems")).stream().anyMatch(problem -> problem.get("kind").asText()
                .equals("event") && problem.get("session").asText().equals("a")
                && problem.get("sequence").asLong() == 4 // the event after the gap: a2 was sequence 3
                && problem.get("description").asText().contains("sequences 3 to 3 of session a are missing")),
                answer.body());
        assertEquals(200, server.get("/v1/sessions/b").status(), "the rest stays readable");
    }

    @Test
    void a_store_without_a_record_check_says_so() {
        server = TestServer.start();
        TestServer.Answer answer = server.get("/v1/store/checks");
        assertEquals(200, answer.status(), answer.body());
        assertFalse(answer.json().get("available").asBoolean());
        assertTrue(answer.json().get("reason").asText().contains("InMemorySessionStore"), answer.body());
    }

    @Test
    void the_checks_need_the_token_like_every_resource_but_health() {
        server = TestServer.start();
        TestServer.Answer answer = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/store/checks"))
                .GET().build());
        assertEquals(401, answer.status());
        assertEquals("unauthorized", answer.problem());
        assertEquals(405, server.post("/v1/store/checks", "{}").status());
    }

    private static List<JsonNode> findAll(JsonNode array) {
        List<JsonNode> all = new java.util.ArrayList<>();
        array.forEach(all::add);
        return all;
    }

    /** Flips one bit of the first occurrence of {@code text} in the log's day files: a record whose checksum fails. */
    private void flipFirstByteOf(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                int at = indexOf(bytes, needle);
                if (at >= 0) {
                    bytes[at] ^= 0x01;
                    Files.write(file, bytes);
                    return;
                }
            }
        }
        throw new AssertionError("no day file holds " + text);
    }
}
