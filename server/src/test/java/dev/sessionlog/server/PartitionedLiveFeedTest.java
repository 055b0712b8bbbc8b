package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live session streams on a store of several partitions: the shared feed must start at the end of
 * every partition, not put another partition's position on partition 0 (which left a stream of a
 * session there waiting for positions its partition would reach only much later).
 */
class PartitionedLiveFeedTest {
    @TempDir
    Path directory;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int message(String session, String id) {
        TestServer.Answer answer = server.post("/v1/sessions/" + session + "/messages",
                "{\"messageId\":\"" + id + "\",\"text\":\"" + id + "\"}");
        assertEquals(201, answer.status(), answer.body());
        return server.store.read(SessionId.of(session), answer.json().get("firstSequence").asLong(), 1).get(0).partition();
    }

    @Test
    void a_live_stream_gets_new_events_when_another_partition_was_written_last() throws Exception {
        server = TestServer.start(ChronicleSessionStore.open(directory, ChronicleStoreOptions.defaults().withPartitions(4)),
                options -> options);
        String tailed = null;
        String busy = null;
        for (int i = 0; (tailed == null || busy == null) && i < 64; i++) {
            String candidate = "s-" + i;
            int partition = message(candidate, candidate + "-m1");
            if (partition == 0 && tailed == null) {
                tailed = candidate;
            } else if (partition != 0 && busy == null) {
                busy = candidate;
            }
        }
        assertTrue(tailed != null && busy != null, "sessions lie in partition 0 and in another");
        for (int i = 2; i < 200; i++) {
            message(busy, busy + "-m" + i); // the other partition runs far ahead and is written last
        }
        try (SseClient stream = new SseClient(server, "/v1/sessions/" + tailed + "/stream?from=3", null)) {
            assertEquals(200, stream.response.statusCode());
            assertNotEquals(0, message(busy, "after-open"));
            message(tailed, "t2");
            SseClient.Frame live = stream.next();
            assertEquals("3", live.id());
            assertEquals("user_message_received", live.event());
        }
    }
}
