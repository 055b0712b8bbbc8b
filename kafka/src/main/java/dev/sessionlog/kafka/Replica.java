package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.spi.SessionLedger;
import io.vavr.control.Either;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * This node's copy of every partition of the events topic, in memory: what reads, the session
 * index, subscriptions and the ledger of a partition this node takes over are served from.
 *
 * <h2>Design notes</h2>
 *
 * <p>One thread consumes every partition with {@code read_committed} isolation, so only events of
 * committed transactions are ever applied: a fenced writer's late records never are. Each record is
 * checked before it is applied ({@link EventRecords#read}; then that its session belongs to the
 * partition, that its first position is the partition's next and its first sequence the session's
 * next); a record that fails is reported as a {@link SkippedRecord} and skipped, and the node goes
 * on. Per partition the replica keeps the events in order (subscriptions), a {@link SessionLedger}
 * fed by {@link SessionLedger#replay} (the session index, and the state a new owner starts from),
 * the next position, and how far the consumer has read.
 *
 * <h2>Threads</h2>
 *
 * <p>The consumer and everything that changes state run on the replica's thread. Reads may come
 * from any thread and never wait: event lists publish through volatile sizes ({@link EventArray}),
 * the ledger's index is a concurrent map. A partition's ledger is changed and exported only under
 * the partition's lock ({@link PartitionState}). Position waiters are completed on the replica's
 * thread; their dependents must be asynchronous.
 */
final class Replica implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Replica.class.getName());
    private static final int MAX_SKIPPED_KEPT = 1000;

    private final String topic;
    private final EventCodec codec;
    private final PartitionState[] partitions;
    private final Map<SessionId, EventArray> sessions = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<SkippedRecord> skipped = new ArrayList<>(); // guarded by itself
    /** Notified after each applied poll; {@link #version} counts them. */
    private final Object progress = new Object();
    private volatile long version;
    private volatile boolean running = true;

    /** One partition's state; its lock guards the ledger and the waiters. */
    private final class PartitionState {
        final int partition;
        final SessionLedger ledger;
        final EventArray log = new EventArray();
        volatile long nextPosition;
        /** The consumer's position in the partition: every committed record below it was applied or skipped. */
        volatile long consumedOffset;
        final List<Waiter> waiters = new ArrayList<>();

        PartitionState(int partition, Clock clock) {
            this.partition = partition;
            this.ledger = new SessionLedger(clock, Replica.this::event);
            this.nextPosition = Positions.first(partition);
        }
    }

    private record Waiter(long position, CompletableFuture<Void> reached) {}

    /** What a new owner of a partition starts from: the ledger's state and the next position. */
    record Snapshot(LedgerState state, long nextPosition) {}

    Replica(String topic, int partitionCount, Properties consumerProperties, EventCodec codec, Clock clock,
            String nodeId) {
        this.topic = topic;
        this.codec = codec;
        this.partitions = new PartitionState[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new PartitionState(p, clock);
        }
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.thread = new Thread(this::run, "sessionlog-kafka-replica " + nodeId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int partitionCount() {
        return partitions.length;
    }

    // ------------------------------------------------------------------ the replica's thread

    private void run() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions.length; p++) {
            all.add(new TopicPartition(topic, p));
        }
        try {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException | InterruptException e) {
                    continue; // close() wakes the consumer; the loop checks running
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the replica could not read " + topic + "; retrying", e);
                    pause();
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                        apply(tp.partition(), record);
                    }
                }
                for (TopicPartition tp : all) {
                    partitions[tp.partition()].consumedOffset = consumer.position(tp, Duration.ofSeconds(10));
                }
                signal();
            }
        } catch (WakeupException | InterruptException closing) {
            // close() while reading positions
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the replica of " + topic + " stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(int partition, ConsumerRecord<byte[], byte[]> record) {
        Either<String, List<RecordedEvent>> read = EventRecords.read(codec, partition, record.key(), record.value());
        if (read.isLeft()) {
            skip(partition, record.offset(), read.getLeft());
            return;
        }
        List<RecordedEvent> events = read.get();
        RecordedEvent first = events.get(0);
        SessionId session = first.sessionId();
        int home = Partitioning.partitionOf(session, partitions.length);
        if (home != partition) {
            skip(partition, record.offset(), "its session belongs to partition " + home);
            return;
        }
        PartitionState state = partitions[partition];
        if (first.position() != state.nextPosition) {
            skip(partition, record.offset(), "its first position is " + first.position() + " where the partition's"
                    + " next is " + state.nextPosition + ": not written by the partition's writer");
            return;
        }
        synchronized (state) {
            long last = state.ledger.lastSequence(session);
            if (first.sequence() != last + 1) {
                skip(partition, record.offset(), "its first sequence is " + first.sequence() + " where session "
                        + session + " is at " + last);
                return;
            }
            EventArray list = sessions.computeIfAbsent(session, s -> new EventArray());
            for (RecordedEvent e : events) {
                state.ledger.replay(e);
                list.add(e);
                state.log.add(e);
            }
            state.nextPosition = events.get(events.size() - 1).position() + 1;
        }
    }

    private void skip(int partition, long offset, String reason) {
        LOG.log(System.Logger.Level.WARNING, "skipped the record at offset " + offset + " of " + topic + "-"
                + partition + ": " + reason);
        synchronized (skipped) {
            if (skipped.size() == MAX_SKIPPED_KEPT) {
                skipped.remove(0);
            }
            skipped.add(new SkippedRecord(topic, partition, offset, reason));
        }
    }

    /** Completes the waiters whose positions were applied, and wakes readers waiting for progress. */
    private void signal() {
        for (PartitionState state : partitions) {
            List<Waiter> done = null;
            synchronized (state) {
                if (!state.waiters.isEmpty()) {
                    long next = state.nextPosition;
                    for (var it = state.waiters.iterator(); it.hasNext(); ) {
                        Waiter w = it.next();
                        if (w.position() < next) {
                            it.remove();
                            (done == null ? done = new ArrayList<>() : done).add(w);
                        }
                    }
                }
            }
            if (done != null) {
                done.forEach(w -> w.reached().complete(null));
            }
        }
        synchronized (progress) {
            version++;
            progress.notifyAll();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ any thread

    /** Completes once the event at {@code position} of {@code partition} was applied (at once if it was). */
    CompletableFuture<Void> reached(int partition, long position) {
        PartitionState state = partitions[partition];
        if (position < state.nextPosition) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> reached = new CompletableFuture<>();
        synchronized (state) {
            if (position < state.nextPosition) {
                return CompletableFuture.completedFuture(null);
            }
            state.waiters.add(new Waiter(position, reached));
        }
        return reached;
    }

    /**
     * Waits until the consumer has read {@code partition} up to {@code offset} (every committed
     * record below it applied or skipped).
     *
     * @return false when {@code patience} ran out first
     */
    boolean awaitOffset(int partition, long offset, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (progress) {
            while (partitions[partition].consumedOffset < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** The count of applied polls; pass it to {@link #awaitProgress} to wait for the next. */
    long version() {
        return version;
    }

    /** Waits up to {@code millis} for a poll after {@code seen} to be applied. */
    void awaitProgress(long seen, long millis) throws InterruptedException {
        synchronized (progress) {
            if (version == seen && running) {
                progress.wait(millis);
            }
        }
    }

    /** The state a new owner of {@code partition} starts from, as the replica holds it now. */
    Snapshot snapshot(int partition) {
        PartitionState state = partitions[partition];
        synchronized (state) {
            return new Snapshot(state.ledger.export(), state.nextPosition);
        }
    }

    /** The next position of {@code partition}: one past its newest applied event. */
    long nextPosition(int partition) {
        return partitions[partition].nextPosition;
    }

    /** The events of {@code partition}, in order, as applied so far. */
    EventArray log(int partition) {
        return partitions[partition].log;
    }

    /** The event of {@code session} at {@code sequence}, deleted sessions included. */
    Optional<RecordedEvent> event(SessionId session, long sequence) {
        EventArray events = sessions.get(session);
        if (events == null || sequence < 1 || sequence > events.size()) {
            return Optional.empty();
        }
        return Optional.of(events.get((int) (sequence - 1)));
    }

    List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        EventArray events = readable(session);
        return events == null ? List.of() : events.range(fromSequence - 1, maxCount);
    }

    List<RecordedEvent> readLast(SessionId session, int maxCount) {
        EventArray events = readable(session);
        return events == null ? List.of() : events.last(maxCount);
    }

    <S> S project(SessionId session, Projection<S> projection) {
        EventArray events = readable(session);
        return events == null ? projection.initial() : projection.fold(events.range(0, Integer.MAX_VALUE));
    }

    Optional<SessionSummary> summary(SessionId session) {
        return ledgerOf(session).summary(session);
    }

    /** The sessions {@code query} selects in every partition, most recently updated first. */
    List<SessionSummary> sessions(SessionQuery query) {
        if (partitions.length == 1) {
            return partitions[0].ledger.sessions(query);
        }
        List<SessionSummary> all = new ArrayList<>();
        for (PartitionState state : partitions) {
            all.addAll(state.ledger.sessions(query));
        }
        all.sort(Comparator.comparing(SessionSummary::updatedAt).reversed());
        return all.size() <= query.limit() ? all : List.copyOf(all.subList(0, query.limit()));
    }

    /** The records skipped so far (the newest {@value #MAX_SKIPPED_KEPT}), oldest first. */
    List<SkippedRecord> skippedRecords() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    private EventArray readable(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return ledgerOf(session).isDeleted(session) ? null : sessions.get(session);
    }

    private SessionLedger ledgerOf(SessionId session) {
        return partitions[Partitioning.partitionOf(session, partitions.length)].ledger;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
