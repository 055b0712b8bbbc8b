package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.event.SessionStarted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A broker of a three-broker cluster (replication factor 3, {@code min.insync.replicas=2}) killed
 * with SIGKILL under load: nothing acknowledged is lost, as a node that reads the whole store
 * afresh afterwards sees, and the store goes on with two brokers.
 */
class BrokerFailureIT {
    private static final int PARTITIONS = 3;
    private static final List<SessionId> SESSIONS = IntStream.range(0, 9).mapToObj(i -> SessionId.of("r-" + i)).toList();

    @Test
    void a_broker_killed_under_load_loses_nothing_acknowledged() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3)) {
            String store = "replicated-" + UUID.randomUUID();
            List<Load.Outcome> outcomes;
            long killedAt;
            try (KafkaSessionStore node = KafkaSessionStore.open(Nodes.options(cluster.bootstrapServers(), store,
                    "node-a", PARTITIONS, 3, Duration.ofSeconds(3)))) {
                for (SessionId s : SESSIONS) {
                    node.append(s, ExpectedSequence.noSession(), List.of(SessionStarted.initial(null, "main", "test")))
                            .get(30, TimeUnit.SECONDS);
                }
                try (Load load = new Load(node, SESSIONS, "L", 4)) {
                    awaitAcknowledged(load, 100, 0);
                    cluster.kill(1);
                    killedAt = System.nanoTime();
                    awaitAcknowledged(load, 50, killedAt);
                    load.close();
                    outcomes = load.outcomes();
                }
                assertStored(outcomes, Nodes.byMessageId(Nodes.readAll(node, SESSIONS)));
            }
            long failed = outcomes.stream().filter(o -> o.failure() != null).count();
            for (Load.Outcome o : outcomes) {
                if (o.failure() != null) {
                    SessionStoreException e = assertInstanceOf(SessionStoreException.class, o.failure());
                    assertTrue(e.retryable(), "a broker's death may only fail appends retryably: " + e);
                }
            }
            System.out.println("[BrokerFailureIT] " + (outcomes.size() - failed) + " appends acknowledged, " + failed
                    + " not confirmed while a broker died");
            // A node that reads everything afresh from the two brokers left sees every acknowledged append.
            try (KafkaSessionStore fresh = KafkaSessionStore.open(Nodes.options(cluster.bootstrapServers(), store,
                    "node-b", PARTITIONS, 3, Duration.ofSeconds(3)))) {
                assertStored(outcomes, Nodes.byMessageId(Nodes.readAll(fresh, SESSIONS)));
            }
        }
    }

    private static void assertStored(List<Load.Outcome> outcomes, Map<String, RecordedEvent> stored) {
        long acknowledged = 0;
        for (Load.Outcome o : outcomes) {
            if (o.result() != null) {
                acknowledged++;
                RecordedEvent e = stored.get(o.messageId());
                assertTrue(e != null, "acknowledged and lost: " + o.messageId());
                assertEquals(o.result().firstSequence(), e.sequence(), o.messageId());
                assertEquals(o.session(), e.sessionId());
            }
        }
        assertTrue(acknowledged >= 150, "too few appends were acknowledged: " + acknowledged);
    }

    private static void awaitAcknowledged(Load load, int count, long after) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (load.outcomes().stream().filter(o -> o.result() != null && o.askedAt() >= after).count() < count) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the store acknowledged fewer than " + count + " appends");
            }
            Thread.sleep(50);
        }
    }
}
