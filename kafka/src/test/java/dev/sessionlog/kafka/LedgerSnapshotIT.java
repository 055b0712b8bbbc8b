package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.ModelCall;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.Partitioning;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The snapshots topic: a node that opens after its partitions' writers wrote snapshots restores
 * each partition's ledger from the newest one and replays only the events after it, and gets the
 * ledger a replay of every event gets; when it takes the partitions over, sequences continue,
 * retries are duplicates and open calls stay open (or are interrupted when the whole store
 * restarted). A snapshot record that is damaged, of another store, or disagrees with the log is
 * reported, and the partition's ledger is replayed from its events.
 */
class LedgerSnapshotIT {
    private static final int PARTITIONS = 4;
    private static final EventCodec CODEC = EventCodec.standard();
    private static final List<SessionId> SESSIONS = IntStream.range(0, 16).mapToObj(i -> SessionId.of("snap-" + i))
            .toList();

    private final String store = "snapshots-" + UUID.randomUUID();
    private final String bootstrap = SharedBroker.bootstrapServers();

    @Test
    void a_takeover_after_snapshots_rebuilds_the_ledger_a_replay_of_every_event_rebuilds() throws Exception {
        try (KafkaSessionStore first = KafkaSessionStore.open(options("node-1"))) {
            long openCallStart = fill(first);

            try (Admin admin = Admin.create(new Clients(options("check")).admin())) {
                Topics topics = Topics.open(admin, options("check"));
                try (Replica fromSnapshots = caughtUp(admin, topics, true);
                     Replica replayed = caughtUp(admin, topics, false)) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        long restoredAt = fromSnapshots.restoredAt(p);
                        assertTrue(restoredAt > Positions.first(p), "partition " + p
                                + " was not restored from a snapshot");
                        assertEquals(-1, replayed.restoredAt(p));
                        assertSameLedger(replayed.snapshot(p), fromSnapshots.snapshot(p), "partition " + p);
                    }
                    int home = Partitioning.partitionOf(withOpenCall(), PARTITIONS);
                    assertTrue(fromSnapshots.restoredAt(home) > openCallStart,
                            "the open call must precede the snapshot");
                    assertTrue(IntStream.range(0, PARTITIONS).anyMatch(p -> fromSnapshots.restoredAt(p)
                            < fromSnapshots.nextPosition(p)), "some events must follow the snapshots");
                    assertTrue(fromSnapshots.skippedRecords().isEmpty(), fromSnapshots.skippedRecords().toString());
                }
            }

            // A second node opens (its ledgers from the snapshots and the events after them), and the
            // first leaves: the second takes every partition over while another node was in the
            // group, so the call left open before the snapshot stays open, a retried message is a
            // duplicate, and sequences continue.
            try (KafkaSessionStore second = KafkaSessionStore.open(options("node-2"))) {
                first.close();
                Nodes.awaitOwnsEvery(second, PARTITIONS);
                assertEquals(1, second.summary(withOpenCall()).orElseThrow().openCalls());
                assertTrue(second.read(withOpenCall(), 1, 100).stream().noneMatch(e -> e.event()
                        instanceof ModelCallFailed), "the open call was ended");
                assertRetryIsDuplicateAndSequencesContinue(second, "node-2");
                assertTrue(second.skippedRecords().isEmpty(), second.skippedRecords().toString());
            }
        }

        // The whole store restarts: a node that takes the partitions over alone starts its writers from
        // the newest snapshots and the events after them, and interrupts the call left open.
        try (KafkaSessionStore node = KafkaSessionStore.open(options("node-3"))) {
            List<RecordedEvent> events = node.read(withOpenCall(), 1, 100);
            assertTrue(events.stream().anyMatch(e -> e.event() instanceof ModelCallFailed f
                    && f.callId().equals(CallId.of("open-call")) && f.kind() == FailureKind.INTERRUPTED),
                    events.toString());
            assertRetryIsDuplicateAndSequencesContinue(node, "node-3");
            assertTrue(node.skippedRecords().isEmpty(), node.skippedRecords().toString());
        }
    }

    @Test
    void damaged_foreign_and_disagreeing_snapshots_are_reported_and_the_ledger_is_replayed() throws Exception {
        fillAndClose();
        try (Admin admin = Admin.create(new Clients(options("check")).admin())) {
            Topics topics = Topics.open(admin, options("check"));
            Replica.Snapshot actual2;
            Replica.Snapshot actual3;
            try (Replica replayed = caughtUp(admin, topics, false)) {
                actual2 = replayed.snapshot(2);
                actual3 = replayed.snapshot(3);
            }
            List<LedgerState.Session> sessions2 = actual2.state().sessions().values();
            List<LedgerState.Session> oneMissing = sessions2.subList(1, sessions2.size());
            try (KafkaProducer<byte[], byte[]> foreign = new KafkaProducer<>(producerSettings())) {
                send(foreign, topics.snapshots(), 0, SnapshotRecords.key(0),
                        "{\"not\":\"a snapshot\"}".getBytes(StandardCharsets.UTF_8));
                send(foreign, topics.snapshots(), 1, SnapshotRecords.key(1), SnapshotRecords.write("another-store", 1,
                        Positions.first(1), -1, empty()));
                send(foreign, topics.snapshots(), 2, SnapshotRecords.key(2), SnapshotRecords.write(store, 2,
                        actual2.nextPosition(), actual2.lastOffset(), new LedgerState(oneMissing,
                                actual2.state().keyFingerprints(), actual2.state().keySequences(),
                                actual2.state().collidedKeys(), List.of())));
                send(foreign, topics.snapshots(), 3, SnapshotRecords.key(3), SnapshotRecords.write(store, 3,
                        actual3.nextPosition() + 10, actual3.lastOffset() + 10, actual3.state()));
            }

            try (Replica fromSnapshots = caughtUp(admin, topics, true);
                 Replica replayed = caughtUp(admin, topics, false)) {
                List<SkippedRecord> skipped = fromSnapshots.skippedRecords();
                assertEquals(4, skipped.size(), skipped.toString());
                assertTrue(skipped.stream().allMatch(r -> r.topic().equals(topics.snapshots())), skipped.toString());
                assertReason(skipped, 0, "not a sessionlog snapshot");
                assertReason(skipped, 1, "a snapshot of another store");
                assertReason(skipped, 2, "disagrees with the events: it names");
                assertReason(skipped, 3, "disagrees with the events: it covers the partition up to position");
                for (int p = 0; p < PARTITIONS; p++) {
                    assertEquals(-1, fromSnapshots.restoredAt(p), "partition " + p);
                    assertSameLedger(replayed.snapshot(p), fromSnapshots.snapshot(p), "partition " + p);
                }
            }
        }

        // A node opens over them, reports them, and serves.
        try (KafkaSessionStore node = KafkaSessionStore.open(options("node-2"))) {
            assertEquals(4, node.skippedRecords().size(), node.skippedRecords().toString());
            for (SessionId s : SESSIONS.stream().filter(s -> !ended(s)).toList()) {
                long last = node.readLast(s, 1).get(0).sequence();
                assertEquals(last + 1, node.append(s, ExpectedSequence.exactly(last), List.of(UserMessageReceived.text(
                        s.value() + "-after", "after"))).get(60, TimeUnit.SECONDS).firstSequence(), "in " + s);
            }
        }
    }

    /**
     * Writes sessions of every kind through {@code writer}, a node that snapshots every 4 events,
     * with more events after the last snapshots; returns the position of the call it leaves open.
     */
    private long fill(KafkaSessionStore writer) throws Exception {
        Set<Integer> covered = new HashSet<>();
        SESSIONS.forEach(s -> covered.add(Partitioning.partitionOf(s, PARTITIONS)));
        assertEquals(PARTITIONS, covered.size(), "every partition needs sessions");
        for (int i = 0; i < SESSIONS.size(); i++) {
            SessionHandle session = writer.session(SESSIONS.get(i));
            session.start(SessionStarted.initial(SessionKey.of("agent:main:test:direct:" + i), "main", "test"));
            session.receiveUserMessage(SESSIONS.get(i).value() + "-hello", "hello");
            try (ModelCall call = session.startModelCall("anthropic", "claude", Duration.ofHours(1))) {
                call.completeWithText("hi there", Usage.NONE);
            }
            if (ended(SESSIONS.get(i))) {
                session.end(SessionEnded.Reason.RESET);
            }
        }
        SessionHandle withCall = writer.session(withOpenCall());
        withCall.startModelCall(CallId.of("open-call"), "anthropic", "claude", 1, Duration.ofHours(1)); // left open
        long openCallStart = withCall.lastEvents(1).get(0).position();
        for (int round = 0; round < 3; round++) {
            for (SessionId s : SESSIONS.stream().filter(s -> !ended(s)).toList()) {
                writer.session(s).receiveUserMessage(s.value() + "-r" + round, "round " + round);
            }
        }
        return openCallStart;
    }

    /** Fills the store through a node that closes afterwards. */
    private void fillAndClose() throws Exception {
        try (KafkaSessionStore writer = KafkaSessionStore.open(options("node-1"))) {
            fill(writer);
        }
    }

    /** A message retried on {@code node} is a duplicate, and the next append continues the session's sequence. */
    private static void assertRetryIsDuplicateAndSequencesContinue(KafkaSessionStore node, String tag)
            throws Exception {
        SessionId retried = SESSIONS.get(2);
        AppendResult again = node.append(retried, ExpectedSequence.any(),
                List.of(UserMessageReceived.text(retried.value() + "-hello", "hello"))).get(60, TimeUnit.SECONDS);
        assertTrue(again.duplicate(), "a retried message on " + tag);
        assertEquals(2, again.firstSequence());
        long last = node.readLast(retried, 1).get(0).sequence();
        AppendResult next = node.append(retried, ExpectedSequence.exactly(last),
                List.of(UserMessageReceived.text(retried.value() + "-" + tag, tag))).get(60, TimeUnit.SECONDS);
        assertEquals(last + 1, next.firstSequence());
    }

    /** Whether {@link #fill} ends the session (every fifth, from the fourth). */
    private static boolean ended(SessionId session) {
        return SESSIONS.indexOf(session) % 5 == 3;
    }

    private static SessionId withOpenCall() {
        return SESSIONS.get(0);
    }

    private KafkaStoreOptions options(String nodeId) {
        return Nodes.oneBroker(store, nodeId, PARTITIONS).snapshotInterval(4).build();
    }

    /** A replica of the store that has read everything committed and settled its snapshots. */
    private Replica caughtUp(Admin admin, Topics topics, boolean fromSnapshots) throws Exception {
        Replica replica = new Replica(topics, store, fromSnapshots, new Clients(options("check")).reader("check"),
                CODEC, Clock.systemUTC(), "check", Replica.LocalCopy.of(options("check")));
        replica.start();
        assertTrue(replica.awaitSnapshotsRead(Duration.ofSeconds(30)));
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            ends.put(new TopicPartition(topics.events(), p), OffsetSpec.latest());
        }
        var offsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        for (var end : offsets.entrySet()) {
            assertTrue(replica.awaitOffset(end.getKey().partition(), end.getValue().offset(), Duration.ofSeconds(30)));
        }
        replica.settleSnapshots();
        return replica;
    }

    private static void assertSameLedger(Replica.Snapshot expected, Replica.Snapshot actual, String where) {
        assertEquals(expected.nextPosition(), actual.nextPosition(), where);
        assertEquals(expected.lastOffset(), actual.lastOffset(), where);
        assertEquals(byId(expected.state()), byId(actual.state()), where);
        assertEquals(keys(expected.state()), keys(actual.state()), where);
        assertEquals(expected.state().collidedKeys(), actual.state().collidedKeys(), where);
        assertEquals(Set.copyOf(expected.state().openCalls()), Set.copyOf(actual.state().openCalls()), where);
    }

    private static Map<SessionId, LedgerState.Session> byId(LedgerState state) {
        Map<SessionId, LedgerState.Session> sessions = new HashMap<>();
        state.sessions().values().forEach(s -> sessions.put(s.summary().sessionId(), s));
        return sessions;
    }

    private static Set<Long> keys(LedgerState state) {
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < state.keyFingerprints().length; i++) {
            keys.add((long) state.keyFingerprints()[i] << 32 | (state.keySequences()[i] & 0xffffffffL));
        }
        return keys;
    }

    private static void assertReason(List<SkippedRecord> skipped, int partition, String reason) {
        assertTrue(skipped.stream().anyMatch(r -> r.partition() == partition && r.reason().contains(reason)),
                "partition " + partition + " should be skipped for \"" + reason + "\": " + skipped);
    }

    private static LedgerState empty() {
        return new LedgerState(List.of(), new int[0], new int[0], Map.of(), List.of());
    }

    private Properties producerSettings() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, byte[] key,
                             byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
    }
}
