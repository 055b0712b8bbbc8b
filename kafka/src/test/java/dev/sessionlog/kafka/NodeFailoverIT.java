package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.Partitioning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that dies or freezes under load: its partitions move to the other node, nothing it
 * acknowledged is lost, sequences continue without gaps, and a frozen node that wakes up writes
 * nothing more and learns that it lost its partitions.
 */
class NodeFailoverIT {
    private static final int PARTITIONS = 4;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final List<SessionId> SESSIONS = IntStream.range(0, 12).mapToObj(i -> SessionId.of("s-" + i)).toList();

    private final String storeName = "failover-" + UUID.randomUUID();
    private KafkaSessionStore a;
    private ChildNode b;
    private List<SessionId> sessionsOfB;

    @BeforeEach
    void twoNodes() throws Exception {
        a = KafkaSessionStore.open(Nodes.options(SharedBroker.bootstrapServers(), storeName, "node-a", PARTITIONS, 1,
                SESSION_TIMEOUT));
        b = ChildNode.start(SharedBroker.bootstrapServers(), storeName, "node-b", PARTITIONS, 1, 1, SESSION_TIMEOUT);
        Nodes.awaitSplit(a, b, PARTITIONS);
        for (SessionId s : SESSIONS) {
            a.append(s, ExpectedSequence.noSession(), List.of(SessionStarted.initial(null, "main", "test")))
                    .get(30, TimeUnit.SECONDS);
        }
        List<Integer> ofB = b.owned();
        sessionsOfB = SESSIONS.stream().filter(s -> ofB.contains(Partitioning.partitionOf(s, PARTITIONS))).toList();
        assertFalse(sessionsOfB.isEmpty());
    }

    @AfterEach
    void close() throws Exception {
        if (b != null && b.isAlive()) {
            b.signal("CONT");
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void a_node_killed_under_load_loses_nothing_it_acknowledged_and_its_partitions_move() throws Exception {
        SessionId withCall = sessionsOfB.get(0);
        Instant deadline = Instant.now().plusSeconds(15);
        a.append(withCall, ExpectedSequence.any(), List.of(new ModelCallStarted(CallId.of("in-flight"), "anthropic",
                "claude", 1, deadline))).get(30, TimeUnit.SECONDS);
        b.send("load " + sessionsOfB.stream().map(SessionId::value).collect(Collectors.joining(",")) + " B 4");
        long killedAt;
        List<Load.Outcome> outcomes;
        try (Load load = new Load(a, SESSIONS, "A", 4)) {
            awaitAcks(b, 50);
            b.kill();
            killedAt = System.nanoTime();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acksAfter(load.outcomes(), killedAt) < 20 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            load.close();
            outcomes = load.outcomes();
        }
        long pauseMillis = outcomes.stream()
                .filter(o -> o.result() != null && o.askedAt() >= killedAt && sessionsOfB.contains(o.session()))
                .mapToLong(o -> TimeUnit.NANOSECONDS.toMillis(o.answeredAt() - killedAt)).min()
                .orElseThrow(() -> new AssertionError("no append to the dead node's partitions was accepted"));
        System.out.println("[NodeFailoverIT] appends to the killed node's partitions paused for " + pauseMillis
                + " ms (group session timeout " + SESSION_TIMEOUT.toMillis() + " ms)");
        assertTrue(pauseMillis < SESSION_TIMEOUT.toMillis() + 15_000, "the takeover took " + pauseMillis + " ms");
        assertEquals(List.of(0, 1, 2, 3), a.ownedPartitions());

        Map<String, RecordedEvent> stored = Nodes.byMessageId(Nodes.readAll(a, SESSIONS));
        for (Load.Outcome o : outcomes) {
            if (o.result() != null) {
                assertEquals(o.result().firstSequence(), stored.get(o.messageId()).sequence(), o.messageId());
            } else {
                fail("an append on the surviving node failed: " + o.failure());
            }
        }
        List<String> bLines = b.loadLines();
        for (String line : bLines) {
            String[] f = line.split(" ");
            if (f[0].equals("ACK")) {
                RecordedEvent e = stored.get(f[3]);
                assertTrue(e != null, "acknowledged by the killed node and lost: " + line);
                assertEquals(Long.parseLong(f[2]), e.sequence(), line);
            }
        }

        // The call stays open after the move, and the new owner's watchdog ends it at its deadline.
        assertEquals(1, a.summary(withCall).orElseThrow().openCalls(), "a moved partition keeps its calls open");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (a.summary(withCall).orElseThrow().openCalls() > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        ModelCallFailed ended = a.read(withCall, 1, 10_000).stream().map(RecordedEvent::event)
                .filter(ModelCallFailed.class::isInstance).map(ModelCallFailed.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("the open call was never ended"));
        assertEquals(FailureKind.TIMEOUT, ended.kind());
        assertFalse(Instant.now().isBefore(deadline), "ended before its deadline");
    }

    @Test
    void a_frozen_node_that_wakes_after_losing_its_partitions_writes_nothing_and_learns_it() throws Exception {
        b.send("load " + sessionsOfB.stream().map(SessionId::value).collect(Collectors.joining(",")) + " B 8");
        awaitAcks(b, 50);
        b.signal("STOP");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (a.ownedPartitions().size() < PARTITIONS) {
            if (System.nanoTime() > until) {
                fail("the frozen node's partitions did not move: " + a.ownedPartitions());
            }
            Thread.sleep(50);
        }
        for (SessionId s : sessionsOfB) {
            a.append(s, ExpectedSequence.any(), List.of(dev.sessionlog.event.UserMessageReceived.text("A-" + s.value(),
                    "while b is frozen"))).get(30, TimeUnit.SECONDS);
        }
        b.signal("CONT");
        until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (b.loadLines().stream().noneMatch(l -> l.startsWith("NACK PartitionOwnershipLostException"))
                && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        Thread.sleep(1000); // a moment of appends after it woke, now forwarded to the new owner
        assertEquals("STOPPED", b.ask("stop"));
        List<String> bLines = b.loadLines();
        assertTrue(bLines.stream().anyMatch(l -> l.startsWith("NACK PartitionOwnershipLostException")),
                "the woken node must learn, as a typed exception, that it lost its partitions");

        Map<String, RecordedEvent> stored = Nodes.byMessageId(Nodes.readAll(a, SESSIONS));
        for (String line : bLines) {
            String[] f = line.split(" ");
            if (f[0].equals("ACK")) {
                RecordedEvent e = stored.get(f[3]);
                assertTrue(e != null, "acknowledged and lost: " + line);
                assertEquals(Long.parseLong(f[2]), e.sequence(), line);
            } else {
                assertEquals("PartitionOwnershipLostException", f[1], line);
                assertNull(stored.get(f[2]), "a write the fenced node was refused became visible: " + line);
            }
        }
        for (SessionId s : sessionsOfB) {
            assertInstanceOf(RecordedEvent.class, stored.get("A-" + s.value()));
        }
        assertTrue(a.skippedRecords().isEmpty(), "no record of the fenced writer reached a reader: "
                + a.skippedRecords());
    }

    private static void awaitAcks(ChildNode node, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (node.loadLines().stream().filter(l -> l.startsWith("ACK")).count() < count) {
            if (System.nanoTime() > until) {
                fail("the node acknowledged too little: " + node.loadLines());
            }
            Thread.sleep(20);
        }
    }

    private long acksAfter(List<Load.Outcome> outcomes, long killedAt) {
        return outcomes.stream().filter(o -> o.result() != null && o.askedAt() >= killedAt
                && sessionsOfB.contains(o.session())).count();
    }
}
