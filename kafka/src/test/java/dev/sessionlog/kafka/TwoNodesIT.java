package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway nodes in two JVMs (this one, and a child started without {@code -ea}) share one store
 * of six partitions on a real broker and append to the same sessions at once: each node writes the
 * partitions it owns and forwards the others' appends, and the rules hold across them.
 */
class TwoNodesIT {
    private static final int PARTITIONS = 6;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final List<SessionId> SESSIONS = IntStream.range(0, 8).mapToObj(i -> SessionId.of("s-" + i)).toList();

    private final String storeName = "two-nodes-" + UUID.randomUUID();
    private KafkaSessionStore a;
    private ChildNode b;

    @BeforeEach
    void twoNodesShareTheStore() throws Exception {
        a = KafkaSessionStore.open(Nodes.options(SharedBroker.bootstrapServers(), storeName, "node-a", PARTITIONS, 1,
                SESSION_TIMEOUT));
        b = ChildNode.start(SharedBroker.bootstrapServers(), storeName, "node-b", PARTITIONS, 1, 1, SESSION_TIMEOUT);
        Nodes.awaitSplit(a, b, PARTITIONS);
        for (SessionId s : SESSIONS) {
            a.append(s, ExpectedSequence.noSession(), List.of(SessionStarted.initial(null, "main", "test")))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void close() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void appends_from_both_nodes_to_the_same_sessions_are_gapless_and_never_duplicated() throws Exception {
        b.send("load " + SESSIONS.stream().map(SessionId::value).collect(Collectors.joining(",")) + " B 1");
        Map<String, Long> ackedOnA = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Long>>> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    Map<String, Long> mine = new HashMap<>();
                    for (int i = 0; i < 60; i++) {
                        String id = "A-" + thread + "-" + i;
                        SessionId s = SESSIONS.get((thread + i) % SESSIONS.size());
                        AppendResult r = a.append(s, ExpectedSequence.any(), List.of(UserMessageReceived.text(id, "x")))
                                .get(30, TimeUnit.SECONDS);
                        assertFalse(r.duplicate());
                        mine.put(id, r.firstSequence());
                    }
                    return mine;
                }));
            }
            for (Future<Map<String, Long>> f : threads) {
                ackedOnA.putAll(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("STOPPED", b.ask("stop"));
        List<String> bLines = b.loadLines();
        assertTrue(bLines.stream().noneMatch(l -> l.startsWith("NACK")), "node b's appends failed: " + bLines);
        assertTrue(bLines.size() >= 10, "node b appended too little: " + bLines.size());

        Map<SessionId, List<RecordedEvent>> stored = Nodes.readAll(a, SESSIONS);
        Map<String, RecordedEvent> byMessage = Nodes.byMessageId(stored);
        for (var acked : ackedOnA.entrySet()) {
            assertEquals(acked.getValue(), byMessage.get(acked.getKey()).sequence(), acked.getKey());
        }
        for (String line : bLines) {
            String[] f = line.split(" ");
            RecordedEvent e = byMessage.get(f[3]);
            assertEquals(f[1], e.sessionId().value(), line);
            assertEquals(Long.parseLong(f[2]), e.sequence(), line);
        }
        assertEquals(ackedOnA.size() + bLines.size(), byMessage.size(), "stored exactly what was acknowledged");
        Nodes.assertSameOnBothNodes(a, b, SESSIONS);
    }

    @Test
    void a_message_retried_on_the_other_node_is_a_duplicate_with_the_original_sequence() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int k = 0; k < 16; k++) {
                SessionId s = SESSIONS.get(k % SESSIONS.size());
                String id = "same-" + k;
                b.send("append " + s.value() + " any " + id);
                Future<AppendResult> onA = pool.submit(() -> a.append(s, ExpectedSequence.any(),
                        List.of(UserMessageReceived.text(id, "from " + id))).get(30, TimeUnit.SECONDS));
                String[] onB = b.expect("OK").split(" ");
                AppendResult mine = onA.get(60, TimeUnit.SECONDS);
                assertEquals(mine.firstSequence(), Long.parseLong(onB[1]), "both answers name the one stored copy");
                assertNotEquals(mine.duplicate(), Boolean.parseBoolean(onB[3]), "exactly one of them stored it");
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, RecordedEvent> byMessage = Nodes.byMessageId(Nodes.readAll(a, SESSIONS));
        assertEquals(16, byMessage.keySet().stream().filter(id -> id.startsWith("same-")).count());
        Nodes.assertSameOnBothNodes(a, b, SESSIONS);
    }

    @Test
    void expected_sequence_conflicts_between_nodes_are_reported_with_expected_and_actual() throws Exception {
        SessionId contested = SESSIONS.get(0);
        int rounds = 30;
        b.send("exactly " + contested.value() + " " + rounds + " B");
        int winsOnA = 0;
        int conflictsOnA = 0;
        for (int i = 0; i < rounds; i++) {
            long seen = a.readLast(contested, 1).get(0).sequence();
            try {
                AppendResult r = a.append(contested, ExpectedSequence.exactly(seen),
                        List.of(UserMessageReceived.text("A-" + i, "contested"))).get(30, TimeUnit.SECONDS);
                assertEquals(seen + 1, r.firstSequence());
                winsOnA++;
            } catch (ExecutionException e) {
                WrongExpectedSequenceException w = (WrongExpectedSequenceException) e.getCause();
                assertEquals(seen, w.expected().value());
                assertTrue(w.actual() > seen, "actual " + w.actual() + " must be past " + seen);
                conflictsOnA++;
            }
        }
        int winsOnB = 0;
        int conflictsOnB = 0;
        for (String line = b.next(); !line.equals("DONE"); line = b.next()) {
            String[] f = line.split(" ");
            if (f[0].equals("WON")) {
                winsOnB++;
            } else {
                assertEquals("CONFLICT", f[0], line);
                assertTrue(Long.parseLong(f[2]) > Long.parseLong(f[1]), line);
                conflictsOnB++;
            }
        }
        assertEquals(rounds, winsOnA + conflictsOnA);
        assertEquals(rounds, winsOnB + conflictsOnB);
        List<RecordedEvent> events = a.read(contested, 1, 1000);
        assertEquals(1 + winsOnA + winsOnB, events.size(), "every win stored, no conflict stored");
        assertEquals(gaplessUpTo(events.size()), events.stream().map(RecordedEvent::sequence).toList());
        assertTrue(winsOnA + winsOnB >= rounds, "every round has a winner");
    }

    private static List<Long> gaplessUpTo(int n) {
        return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
    }

}
