package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.spi.Partitioning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * One node owns many partitions and commits their transactions concurrently, while callers append
 * to every partition at once; another producer then takes the transactional id of one partition's
 * writer (as a new owner would) and fences it. Only that partition's appends fail, with
 * {@link PartitionOwnershipLostException} (or {@link AppendNotConfirmedException} when Kafka reports
 * the fence as a server error); every other partition keeps being written; since the group still
 * assigns the fenced partition to the node, the node takes it over again and appends to it succeed;
 * every append acknowledged is readable with its sequence, and every partition's positions stay
 * consecutive.
 */
class ConcurrentCommitsIT {
    private static final int PARTITIONS = 8;
    private static final int FENCED = 5;
    private static final int SESSIONS_PER_PARTITION = 3;
    private static final int ACKS_PER_PARTITION = 20;

    /** One append: which caller made it, to which session, when (nanoTime), and what it got. */
    private record Outcome(String messageId, SessionId session, long askedAt, AppendResult result,
                           Throwable failure) {}

    @Test
    void a_fenced_partition_fails_only_its_own_appends_while_the_others_commit_on_and_is_taken_over_again()
            throws Exception {
        String storeName = "concurrent-commits-" + UUID.randomUUID();
        String bootstrap = SharedBroker.bootstrapServers();
        List<List<SessionId>> byPartition = sessionsByPartition();
        List<SessionId> all = byPartition.stream().flatMap(List::stream).toList();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        List<Thread> callers = new ArrayList<>();
        KafkaSessionStore store = KafkaSessionStore.open(Nodes.options(bootstrap, storeName, "node-a", PARTITIONS, 1,
                Duration.ofSeconds(3)));
        long fencedAt;
        try {
            assertEquals(IntStream.range(0, PARTITIONS).boxed().toList(), store.ownedPartitions());
            for (SessionId s : all) {
                store.append(s, ExpectedSequence.noSession(), List.of(SessionStarted.initial(null, "main", "test")))
                        .get(30, TimeUnit.SECONDS);
            }
            // Three callers for each partition, one for the fenced partition: it stops at its first failure, so
            // that none of its appends is forwarded to a partition that no node writes any more.
            AtomicBoolean running = new AtomicBoolean(true);
            for (int p = 0; p < PARTITIONS; p++) {
                for (int c = 0; c < (p == FENCED ? 1 : 3); c++) {
                    callers.add(caller(store, byPartition.get(p), "p" + p + "-c" + c, outcomes, running));
                }
            }
            callers.forEach(Thread::start);
            awaitAcks(outcomes, 0, "every partition acknowledged appends");

            fencedAt = System.nanoTime();
            fence(bootstrap, storeName, FENCED);
            awaitAcks(outcomes, fencedAt, "every other partition acknowledged appends after the fence");
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (outcomes.stream().noneMatch(o -> o.failure() != null) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            running.set(false);
            for (Thread caller : callers) {
                caller.join(60_000);
                assertFalse(caller.isAlive(), caller.getName() + " did not stop");
            }

            List<Outcome> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
            assertEquals(1, failed.size(), "one append failed, the fenced partition's: " + failed);
            Outcome lost = failed.get(0);
            assertEquals(FENCED, partitionOf(lost.session()), "only the fenced partition's append fails");
            if (lost.failure() instanceof PartitionOwnershipLostException error) {
                assertEquals(FENCED, error.partition());
            } else {
                // Kafka may report a fence that meets a commit in flight as a server error: the writer cannot
                // tell it from a failed commit, so it says "not confirmed" and takes the partition over again.
                assertInstanceOf(AppendNotConfirmedException.class, lost.failure(),
                        "a fenced writer's append fails as lost ownership, or as not confirmed");
            }
            // Either way the group still assigns the partition to this node (the fence came from outside
            // the group), so the node takes it over again, at the latest a group session after the fence:
            // no partition stays without a writer until the next rebalance.
            SessionId again = byPartition.get(FENCED).get(0);
            assertNotNull(store.append(again, ExpectedSequence.any(), List.of(UserMessageReceived.text(
                    "after-retake", "concurrent"))).get(60, TimeUnit.SECONDS));
            assertEquals(IntStream.range(0, PARTITIONS).boxed().toList(), store.ownedPartitions(),
                    "the fenced partition is taken over again");

            Map<String, RecordedEvent> stored = Nodes.byMessageId(Nodes.readAll(store, all));
            for (Outcome o : outcomes) {
                if (o.result() != null) {
                    RecordedEvent e = stored.get(o.messageId());
                    assertNotNull(e, "acknowledged and not readable: " + o);
                    assertEquals(o.result().firstSequence(), e.sequence(), o.messageId());
                }
            }
            if (lost.failure() instanceof PartitionOwnershipLostException) {
                assertNull(stored.get(lost.messageId()), "the fenced transaction's append became visible");
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertConsecutivePositions(p, store, byPartition.get(p));
            }
            assertTrue(store.skippedRecords().isEmpty(), "no reader skipped a record: " + store.skippedRecords());
        } finally {
            for (Thread caller : callers) {
                caller.interrupt();
            }
            store.close();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("sessionlog-kafka-commit " + storeName)) {
                t.join(5_000);
                assertFalse(t.isAlive(), "a commit thread outlived the store: " + t.getName());
            }
        }
    }

    /** A thread appending to {@code sessions} in turn, one append at a time, until told to stop or refused. */
    private static Thread caller(KafkaSessionStore store, List<SessionId> sessions, String name,
                                 List<Outcome> outcomes, AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                String id = name + "-" + i;
                SessionId s = sessions.get(i % sessions.size());
                long asked = System.nanoTime();
                try {
                    AppendResult r = store.append(s, ExpectedSequence.any(),
                            List.of(UserMessageReceived.text(id, "concurrent"))).get(60, TimeUnit.SECONDS);
                    outcomes.add(new Outcome(id, s, asked, r, null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(id, s, asked, null, e.getCause()));
                    return;
                } catch (Exception e) {
                    outcomes.add(new Outcome(id, s, asked, null, e));
                    return;
                }
            }
        }, "caller-" + name);
        thread.setDaemon(true);
        return thread;
    }

    /** Fences the partition's writer as a new owner would: another producer initialises its transactional id. */
    private static void fence(String bootstrap, String storeName, int partition) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.transactionalId(storeName, partition));
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> usurper = new KafkaProducer<>(settings)) {
            usurper.initTransactions();
        }
    }

    /** Waits until every partition but the fenced one has {@value #ACKS_PER_PARTITION} appends acknowledged since {@code since}. */
    private static void awaitAcks(List<Outcome> outcomes, long since, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long[] acks = new long[PARTITIONS];
            for (Outcome o : outcomes) {
                if (o.result() != null && o.askedAt() >= since) {
                    acks[partitionOf(o.session())]++;
                }
            }
            boolean enough = true;
            for (int p = 0; p < PARTITIONS; p++) {
                enough &= (since > 0 && p == FENCED) || acks[p] >= ACKS_PER_PARTITION;
            }
            if (enough) {
                return;
            }
            if (System.nanoTime() > until) {
                fail(what + ": acknowledged per partition " + Arrays.toString(acks));
            }
            Thread.sleep(20);
        }
    }

    /** The partition's events, across its sessions, take every position from its first on, once. */
    private static void assertConsecutivePositions(int partition, KafkaSessionStore store, List<SessionId> sessions) {
        List<Long> positions = sessions.stream().flatMap(s -> store.read(s, 1, 1_000_000).stream())
                .map(RecordedEvent::position).sorted(Comparator.naturalOrder()).toList();
        long first = Positions.first(partition);
        assertEquals(LongStream.range(first, first + positions.size()).boxed().toList(), positions,
                "the positions of partition " + partition);
    }

    private static int partitionOf(SessionId session) {
        return Partitioning.partitionOf(session, PARTITIONS);
    }

    /** {@value #SESSIONS_PER_PARTITION} sessions of each partition. */
    private static List<List<SessionId>> sessionsByPartition() {
        List<List<SessionId>> byPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (int i = 0; byPartition.stream().anyMatch(l -> l.size() < SESSIONS_PER_PARTITION); i++) {
            SessionId s = SessionId.of("c-" + i);
            List<SessionId> of = byPartition.get(partitionOf(s));
            if (of.size() < SESSIONS_PER_PARTITION) {
                of.add(s);
            }
        }
        return byPartition;
    }
}
