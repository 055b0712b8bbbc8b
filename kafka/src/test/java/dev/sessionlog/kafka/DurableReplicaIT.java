package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable replica: a node that reopens with its node id resumes from the copy of the events it
 * kept and reads from the topic only what was committed since, with the same reads, retries and
 * sequences as a node that read everything; a copy cut short by a crash is used up to its last
 * whole record, a copy that disagrees with the topic is dropped, and one node id open twice is
 * refused.
 */
class DurableReplicaIT {
    private static final int PARTITIONS = 3;
    private static final int SESSIONS = 6;
    private static final int MESSAGES = 5;
    private static final List<SessionId> IDS = IntStream.range(0, SESSIONS)
            .mapToObj(i -> SessionId.of("durable-" + i)).toList();

    private final String store = "durable-replica-" + UUID.randomUUID();

    @TempDir
    Path replicas;

    @Test
    void a_node_that_reopens_resumes_from_its_copy_and_reads_only_what_the_topic_gained() throws Exception {
        resumesFromItsCopy(false);
    }

    @Test
    void a_kept_ledger_that_does_not_read_back_is_replayed_from_the_copy_instead() throws Exception {
        resumesFromItsCopy(true);
    }

    /** The node writes, closes, another writes more, and it reopens: with the ledgers it kept, or with them damaged. */
    private void resumesFromItsCopy(boolean damageKeptLedgers) throws Exception {
        long[] closedAt = new long[PARTITIONS];
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            fill(node, "before");
            for (int p = 0; p < PARTITIONS; p++) {
                closedAt[p] = node.replicaNextPosition(p);
            }
        }
        Path folder = replicas.resolve(store + "-node-node-1");
        assertTrue(Files.isDirectory(folder), "the copy is kept at close");
        for (int p = 0; p < PARTITIONS; p++) {
            if (closedAt[p] == Positions.first(p)) {
                continue; // no session of the test's lives there
            }
            assertTrue(Files.exists(folder.resolve("ledger-" + p)), "the ledger of partition " + p + " is kept");
            if (damageKeptLedgers) {
                Files.write(folder.resolve("ledger-" + p), new byte[] {1, 2, 3});
            }
        }
        List<List<Object>> written;
        try (KafkaSessionStore other = KafkaSessionStore.open(options(store, "other").build())) {
            for (SessionId id : IDS) {
                append(other, id, "while-closed-" + IDS.indexOf(id));
            }
            written = IDS.stream().map(id -> ids(other.read(id, 1, 100))).toList();
        }
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            assertEquals((long) SESSIONS * (1 + MESSAGES), node.resumedRecords(),
                    "every record it had before it closed, and none since, came from its copy");
            for (int p = 0; p < PARTITIONS; p++) {
                assertEquals(damageKeptLedgers || closedAt[p] == Positions.first(p) ? -1 : closedAt[p],
                        node.ledgerRestoredAt(p), "partition " + p + ": the ledger kept at close, when it reads back");
            }
            for (SessionId id : IDS) {
                List<RecordedEvent> events = node.read(id, 1, 100);
                assertEquals(2 + MESSAGES, events.size(), id + ": " + events);
                assertEquals(written.get(IDS.indexOf(id)), ids(events), "the same events as the node that wrote them");
            }
            Nodes.awaitOwnsEvery(node, PARTITIONS); // alone: its writers' ledgers come from what it resumed
            for (SessionId id : IDS) {
                AppendResult retry = node.append(id, ExpectedSequence.any(),
                        List.of(UserMessageReceived.text("before-" + IDS.indexOf(id), "a retry")))
                        .get(30, TimeUnit.SECONDS);
                assertTrue(retry.duplicate(), "the ledger knows the keys of the events it resumed: " + retry);
                assertEquals(2 + MESSAGES + 1, node.append(id, ExpectedSequence.exactly(2 + MESSAGES),
                        List.of(UserMessageReceived.text("after", "after"))).get(30, TimeUnit.SECONDS).lastSequence());
            }
        }
    }

    @Test
    void a_copy_cut_short_by_a_crash_is_used_up_to_its_last_whole_record() throws Exception {
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            fill(node, "before");
        }
        Path file = replicas.resolve(store + "-node-node-1").resolve("partition-0");
        cutLastRecordShort(file);
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            assertEquals((long) SESSIONS * (1 + MESSAGES) - 1, node.resumedRecords());
            for (SessionId id : IDS) {
                assertEquals(1 + MESSAGES, node.read(id, 1, 100).size(), id.toString());
            }
        }
    }

    @Test
    void a_copy_that_disagrees_with_the_topic_is_dropped_and_the_topic_read_again() throws Exception {
        String other = "durable-replica-other-" + UUID.randomUUID();
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            fill(node, "first-store");
        }
        try (KafkaSessionStore node = KafkaSessionStore.open(options(other, "writer").build())) {
            fill(node, "second-store"); // the same sessions and offsets, other events: a topic made again
        }
        Files.move(replicas.resolve(store + "-node-node-1"), replicas.resolve(other + "-node-node-1"));
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(other, "node-1"))) {
            assertEquals(0, node.resumedRecords(), "the copy was dropped");
            for (SessionId id : IDS) {
                List<RecordedEvent> events = node.read(id, 1, 100);
                assertEquals(1 + MESSAGES, events.size());
                assertEquals("second-store-" + IDS.indexOf(id),
                        ((UserMessageReceived) events.get(1).event()).messageId());
            }
        }
    }

    @Test
    void a_node_id_whose_copy_is_in_use_is_refused() throws Exception {
        try (KafkaSessionStore node = KafkaSessionStore.open(durable(store, "node-1"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> KafkaSessionStore.open(durable(store, "node-1")).close());
            assertTrue(refused.getMessage().contains("node-1"), refused.getMessage());
            fill(node, "still-works");
        }
    }

    /** Starts every session and appends {@value #MESSAGES} messages to each, one append (one record) each. */
    private static void fill(KafkaSessionStore node, String prefix) throws Exception {
        for (SessionId id : IDS) {
            node.append(id, ExpectedSequence.noSession(), List.of(SessionStarted.initial(
                    SessionKey.of("agent:main:test:direct:" + id.value()), "main", "test"))).get(30, TimeUnit.SECONDS);
        }
        for (int m = 0; m < MESSAGES; m++) {
            for (SessionId id : IDS) {
                String messageId = m == 0 ? prefix + "-" + IDS.indexOf(id) : prefix + "-" + IDS.indexOf(id) + "-" + m;
                node.append(id, ExpectedSequence.any(), List.of(UserMessageReceived.text(messageId, "text")))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void append(KafkaSessionStore node, SessionId id, String messageId) throws Exception {
        node.append(id, ExpectedSequence.any(), List.of(UserMessageReceived.text(messageId, "text")))
                .get(30, TimeUnit.SECONDS);
    }

    /** Cuts a few bytes off the end of the last record in {@code file}, as a crash in the middle of its write. */
    private static void cutLastRecordShort(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (last >= 0 && bytes[last] == 0) {
            last--;
        }
        assertTrue(last > 10, "the file holds records");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(last - 5);
        }
    }

    private static List<Object> ids(List<RecordedEvent> events) {
        return events.stream().map(e -> (Object) e.eventId()).toList();
    }

    private KafkaStoreOptions durable(String storeName, String nodeId) {
        return options(storeName, nodeId).durableReplica(true).build();
    }

    private KafkaStoreOptions.Builder options(String storeName, String nodeId) {
        return Nodes.oneBroker(storeName, nodeId, PARTITIONS).replicaDirectory(replicas);
    }
}
