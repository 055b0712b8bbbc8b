package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** What the multi-node tests share: options, waiting for the group, checking what is stored. */
final class Nodes {
    private Nodes() {}

    /**
     * Options for a node of {@code store} on the tests' one broker: replication 1, a group session
     * of 3 s, 30 s of patience; the caller adds what its test is about.
     */
    static KafkaStoreOptions.Builder oneBroker(String store, String nodeId, int partitions) {
        return KafkaStoreOptions.builder(SharedBroker.bootstrapServers())
                .storeName(store)
                .nodeId(nodeId)
                .partitions(partitions)
                .replicationFactor(1)
                .minInSyncReplicas(1)
                .groupSessionTimeout(Duration.ofSeconds(3))
                .patience(Duration.ofSeconds(30));
    }

    static KafkaStoreOptions options(String bootstrap, String store, String nodeId, int partitions, int replication,
                                     Duration sessionTimeout) {
        return KafkaStoreOptions.builder(bootstrap)
                .storeName(store)
                .nodeId(nodeId)
                .partitions(partitions)
                .replicationFactor(replication)
                .minInSyncReplicas(Math.min(2, replication))
                .groupSessionTimeout(sessionTimeout)
                .watchdogInterval(Duration.ofMillis(200))
                .patience(Duration.ofSeconds(30))
                .build();
    }

    /** Waits until {@code node} owns all {@code partitions} partitions of its store. */
    static void awaitOwnsEvery(KafkaSessionStore node, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.ownedPartitions().size() < partitions) {
            if (System.nanoTime() > deadline) {
                fail("owns only " + node.ownedPartitions() + " of " + partitions + " partitions");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the two nodes own every partition between them, each some. */
    static void awaitSplit(KafkaSessionStore a, ChildNode b, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Integer> mine = a.ownedPartitions();
            List<Integer> theirs = b.owned();
            Set<Integer> all = new HashSet<>(mine);
            all.addAll(theirs);
            if (!mine.isEmpty() && !theirs.isEmpty() && all.size() == partitions
                    && mine.size() + theirs.size() == partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the nodes did not share the partitions: " + mine + " and " + theirs);
            }
            Thread.sleep(100);
        }
    }

    /** Every event of {@code sessions} on {@code node}, checked gapless. */
    static Map<SessionId, List<RecordedEvent>> readAll(KafkaSessionStore node, List<SessionId> sessions) {
        Map<SessionId, List<RecordedEvent>> all = new LinkedHashMap<>();
        for (SessionId s : sessions) {
            List<RecordedEvent> events = node.read(s, 1, 1_000_000);
            assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(),
                    events.stream().map(RecordedEvent::sequence).toList(), "gapless in " + s);
            for (int i = 1; i < events.size(); i++) {
                if (events.get(i).position() <= events.get(i - 1).position()) {
                    fail("positions must increase in " + s);
                }
            }
            all.put(s, events);
        }
        return all;
    }

    /** The stored messages by id, each required to be stored once. */
    static Map<String, RecordedEvent> byMessageId(Map<SessionId, List<RecordedEvent>> stored) {
        Map<String, RecordedEvent> byId = new HashMap<>();
        for (List<RecordedEvent> events : stored.values()) {
            for (RecordedEvent e : events) {
                if (e.event() instanceof UserMessageReceived m) {
                    assertNull(byId.put(m.messageId(), e), "stored twice: " + m.messageId());
                }
            }
        }
        return byId;
    }

    /** Waits until the child node reads every session as {@code a} does. */
    static void assertSameOnBothNodes(KafkaSessionStore a, ChildNode b, List<SessionId> sessions)
            throws InterruptedException {
        for (SessionId s : sessions) {
            String expected = describe(a.read(s, 1, 1_000_000));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String seen;
            while (!(seen = b.ask("read " + s.value())).equals(expected)) {
                if (System.nanoTime() > deadline) {
                    assertEquals(expected, seen, "node b reads " + s + " differently");
                }
                Thread.sleep(50);
            }
        }
    }

    private static String describe(List<RecordedEvent> events) {
        StringBuilder text = new StringBuilder("EVENTS ");
        for (RecordedEvent e : events) {
            text.append(e.sequence()).append(':').append(e.event() instanceof UserMessageReceived m ? m.messageId()
                    : e.event().getClass().getSimpleName()).append(',');
        }
        return text.toString();
    }

}
