package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreFullException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.spi.RecentEvents;
import dev.sessionlog.spi.SessionLedger;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * This node's copy of every partition of the events topic: what reads, the session index,
 * subscriptions and the ledger of a partition this node takes over are served from. The events
 * themselves are kept in local files ({@link PartitionFile}, in a {@link ReplicaDirectory} under the
 * options' replica directory) and decoded when read; the heap holds where each one lies (twelve
 * bytes an event: {@link PartitionLog}, {@link SessionEvents}) and the ledgers.
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
 * <p>Before the events, the replica reads the snapshots topic ({@link SnapshotRecords}): the newest
 * record of each partition, when it reads back, is the partition's pending snapshot. The events
 * before its position are kept for reads but not replayed into the ledger; when the partition's
 * next position reaches the snapshot's, the snapshot is checked against the events read (every
 * session of the partition named, each with its newest sequence and position, each open call a
 * stored {@code ModelCallStarted}, the last record at the covered offset) and restored, and the
 * events after it are replayed as usual. A snapshot record that does not read, and a snapshot that
 * disagrees with the log or that the log never reaches ({@link #settleSnapshots}), is reported as
 * a {@link SkippedRecord} and the partition's ledger is replayed from its events instead: the log
 * is the source of truth, a snapshot only saves the replay.
 *
 * <h2>Threads</h2>
 *
 * <p>The consumer and everything that changes state run on the replica's thread. Reads may come
 * from any thread and never wait: event lists publish through volatile sizes ({@link PartitionLog}),
 * the ledger's index is a concurrent map. A partition's ledger is changed and exported only under
 * the partition's lock ({@link PartitionState}). Position waiters are completed on the replica's
 * thread; their dependents must be asynchronous.
 *
 * <p>When the local copy cannot be written (a full disk), the replica stops: its thread ends,
 * waiters and every later read fail with {@link ReplicaStoppedException}, since what it would answer
 * could be out of date.
 */
final class Replica implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Replica.class.getName());
    private static final int MAX_SKIPPED_KEPT = 1000;
    /** How many sessions' newest events stay decoded for the next read. */
    private static final int CACHED_SESSIONS = 256;

    private final String topic;
    private final String snapshotTopic;
    private final String storeName;
    private final boolean fromSnapshots;
    private final EventCodec codec;
    private final ReplicaDirectory directory;
    private final PartitionState[] partitions;
    private final Map<SessionId, SessionEvents> sessions = new ConcurrentHashMap<>();
    private final RecentEvents recent = new RecentEvents(CACHED_SESSIONS);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<SkippedRecord> skipped = new ArrayList<>(); // guarded by itself
    /** Notified after each applied poll; {@link #version} counts them. */
    private final Object progress = new Object();
    private volatile long version;
    private volatile boolean running = true;
    /** How many records a durable replica resumed from its copy at open. */
    private volatile long resumedRecords;
    /** Set when the local copy could not be written; the replica's thread has ended. */
    private volatile ReplicaStoppedException stopped;
    /** Opened once the snapshots were read (at once without them): the events' ends are taken after. */
    private final CountDownLatch snapshotsRead = new CountDownLatch(1);

    /** One partition's state; its lock guards the ledger and the waiters. */
    private final class PartitionState {
        final int partition;
        final SessionLedger ledger;
        final PartitionLog log;
        volatile long nextPosition;
        /** The consumer's position in the partition: every committed record below it was applied or skipped. */
        volatile long consumedOffset;
        final List<Waiter> waiters = new ArrayList<>();
        /** The offset of the newest record applied. */
        long lastOffset = -1;
        /** A snapshot to restore when the log reaches its position; until then, events are not replayed. */
        PendingSnapshot pending;
        /** While a snapshot is pending: how many sessions of this partition the events read so far started. */
        int sessionsStarted;
        /** The position the ledger was restored at from a snapshot; -1 when it was replayed from the log. */
        volatile long restoredAt = -1;

        PartitionState(int partition, PartitionLog log, Clock clock) {
            this.partition = partition;
            this.log = log;
            this.ledger = new SessionLedger(clock, Replica.this::event);
            this.nextPosition = Positions.first(partition);
        }
    }

    private record Waiter(long position, CompletableFuture<Void> reached) {}

    /**
     * A snapshot read from {@code offset} of the snapshots topic, or (offset -1) the ledger a durable
     * replica wrote beside its copy when it closed, waiting for the log to reach it.
     */
    private record PendingSnapshot(SnapshotRecords.LedgerSnapshot snapshot, long offset) {
        boolean local() {
            return offset < 0;
        }
    }

    /**
     * What a new owner of a partition starts from: the ledger's state, the next position, and the
     * offset of the events record that holds the newest event (-1 for none).
     */
    record Snapshot(LedgerState state, long nextPosition, long lastOffset) {}

    /**
     * Where the replica keeps its copy of the events.
     *
     * @param directory where this node's folder is made
     * @param reserveBytes the free space the copy must leave on its disk
     * @param durable whether the folder is the node's own, kept at close and resumed from at open
     */
    record LocalCopy(Path directory, long reserveBytes, boolean durable) {
        /** The copy the options ask for. */
        static LocalCopy of(KafkaStoreOptions options) {
            return new LocalCopy(options.replicaDirectory(), options.replicaDiskReserveBytes(),
                    options.durableReplica());
        }
    }

    /**
     * A replica of the store's events topic.
     *
     * @param fromSnapshots whether partitions' ledgers start from the snapshots topic; false replays
     *     every event (what a snapshot is checked against in the tests)
     * @param copy where its copy of the events is kept
     * @throws UncheckedIOException when the folder or its files cannot be made
     * @throws IllegalStateException when the copy is durable and another node with this id has it open
     */
    Replica(Topics topics, String storeName, boolean fromSnapshots, Properties consumerProperties, EventCodec codec,
            Clock clock, String nodeId, LocalCopy copy) {
        int partitionCount = topics.partitions();
        this.topic = topics.events();
        this.snapshotTopic = topics.snapshots();
        this.storeName = storeName;
        this.fromSnapshots = fromSnapshots;
        this.codec = codec;
        this.directory = copy.durable()
                ? ReplicaDirectory.durable(copy.directory(), storeName, nodeId, copy.reserveBytes())
                : ReplicaDirectory.create(copy.directory(), storeName, copy.reserveBytes());
        this.partitions = new PartitionState[partitionCount];
        try {
            for (int p = 0; p < partitionCount; p++) {
                PartitionLog log = new PartitionLog(p, new PartitionFile(directory.partitionFile(p)), codec);
                partitions[p] = new PartitionState(p, log, clock);
            }
        } catch (IOException | RuntimeException e) {
            closeFiles();
            throw e instanceof IOException io ? new UncheckedIOException("could not make this node's replica files"
                    + " in " + directory.path(), io) : (RuntimeException) e;
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
            try {
                if (fromSnapshots) {
                    readSnapshots();
                }
            } finally {
                snapshotsRead.countDown();
            }
            Map<Integer, Long> resumed;
            try {
                resumed = directory.durable() ? resume() : Map.of();
            } catch (IOException e) {
                stop(e); // its copy cannot be cut back to what it checked: the node cannot open
                return;
            }
            consumer.assign(all);
            for (TopicPartition tp : all) {
                Long last = resumed.get(tp.partition());
                if (last == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, last + 1);
                }
            }
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
                try {
                    for (TopicPartition tp : records.partitions()) {
                        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                            apply(tp.partition(), record);
                        }
                    }
                } catch (IOException | StoreFullException e) {
                    if (running) { // else close() shut the files under a poll that was still applying
                        stop(e);
                    }
                    return;
                }
                for (TopicPartition tp : all) {
                    partitions[tp.partition()].consumedOffset = consumer.position(tp, Duration.ofSeconds(10));
                }
                signal();
            }
        } catch (WakeupException | InterruptException closing) {
            // close() while reading positions
        } catch (RuntimeException e) {
            if (running) { // a bug, or a copy that does not read back: waiters and reads must not wait for ever
                stop(e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(int partition, ConsumerRecord<byte[], byte[]> record) throws IOException {
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
            SessionEvents stored = sessions.get(session);
            long last = stored == null ? 0 : stored.size(); // the ledger's last sequence, also while it waits
            if (first.sequence() != last + 1) {
                skip(partition, record.offset(), "its first sequence is " + first.sequence() + " where session "
                        + session + " is at " + last);
                return;
            }
            directory.requireRoom(record.key().length + record.value().length + 32L); // with its frame
            int index = state.log.append(record.offset(), record.key(), record.value());
            add(state, session, index, events.size(), record.offset(), events::get);
        }
    }

    /**
     * Adds {@code count} events of {@code session}, at {@code index} of the partition's log, from the
     * record at {@code offset}: to the session's events, and to the ledger (or, while a snapshot is
     * pending, to the count of sessions started). Under the partition's lock.
     */
    private void add(PartitionState state, SessionId session, int index, int count, long offset,
                     IntFunction<RecordedEvent> event) {
        SessionEvents list = sessions.computeIfAbsent(session, s -> new SessionEvents(state.log));
        for (int i = 0; i < count; i++) {
            if (state.pending == null) {
                state.ledger.replay(event.apply(i));
            } else if (list.size() == 0) {
                state.sessionsStarted++;
            }
            list.add(index + i);
        }
        state.nextPosition = state.log.position(index + count - 1) + 1;
        state.lastOffset = offset;
        if (state.pending != null && state.nextPosition >= state.pending.snapshot().nextPosition()) {
            settle(state);
        }
    }

    // ------------------------------------------------------------------ a durable replica's resume

    /** The last record of one partition's copy that {@link PartitionLog#readBack} took. */
    private record LastStored(long offset, byte[] key, byte[] value) {}

    /**
     * Resumes from the copy an earlier open of this node left: reads each partition's file back,
     * checks that the topic holds the same record at the offset of each partition's last one, and
     * then adds every record as if read from the topic; where a file ends in a record a crash cut
     * short, it is cut off. A copy that disagrees with the topic anywhere (a topic made again under
     * the same name, a file changed), or whose check cannot be made, is dropped whole, and the
     * topic is read from its beginning.
     *
     * @return the offset of the last record resumed, by partition (those with none left out)
     */
    private Map<Integer, Long> resume() throws IOException {
        Map<Integer, LastStored> last = new HashMap<>();
        long[] ends = new long[partitions.length];
        long[] nextPositions = new long[partitions.length];
        for (PartitionState state : partitions) {
            long[] next = {state.nextPosition};
            ends[state.partition] = state.log.readBack((valueStart, offset, key, value) -> {
                if (EventRecords.firstPosition(value) != next[0]) {
                    return false;
                }
                next[0] += EventRecords.eventStarts(value).length;
                last.put(state.partition, new LastStored(offset, key, value));
                return true;
            });
            nextPositions[state.partition] = next[0];
        }
        if (!last.isEmpty() && !topicHolds(last)) {
            LOG.log(System.Logger.Level.WARNING, "this node's copy of the events in " + directory.path()
                    + " disagrees with " + topic + "; it is dropped and the topic read from its beginning");
            for (PartitionState state : partitions) {
                state.log.resumeAt(0);
            }
            return Map.of();
        }
        long records = 0;
        for (PartitionState state : partitions) {
            if (last.containsKey(state.partition)) {
                adoptKeptLedger(state, nextPositions[state.partition]);
            }
            long[] taken = {0};
            state.log.readBack((valueStart, offset, key, value) -> {
                if (valueStart >= ends[state.partition]) {
                    return false; // the first reading refused it
                }
                synchronized (state) {
                    int index = state.log.adopt(valueStart, value);
                    add(state, SessionId.of(new String(key, StandardCharsets.UTF_8)), index,
                            state.log.size() - index, offset, i -> state.log.get(index + i));
                }
                taken[0]++;
                return true;
            });
            state.log.resumeAt(ends[state.partition]);
            records += taken[0];
        }
        resumedRecords = records;
        LOG.log(records == 0 ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "resumed " + records
                + " records of " + topic + " from this node's copy in " + directory.path() + "; reading the topic"
                + " from where the copy ends");
        Map<Integer, Long> offsets = new HashMap<>();
        last.forEach((partition, stored) -> offsets.put(partition, stored.offset()));
        return offsets;
    }

    /**
     * Makes the ledger this node kept beside its copy at its last close the partition's pending
     * snapshot, when it reads back, is within the copy (up to {@code copyEnd}, the position after
     * it) and is newer than the snapshots topic's: then the events before it are only indexed, and
     * the ledger is checked against them when the copy reaches it, as a snapshot of the topic is.
     */
    private void adoptKeptLedger(PartitionState state, long copyEnd) {
        Optional<byte[]> kept = directory.keptLedger(state.partition);
        if (kept.isEmpty()) {
            return;
        }
        Either<String, SnapshotRecords.LedgerSnapshot> read = SnapshotRecords.read(storeName, state.partition,
                SnapshotRecords.key(state.partition), kept.get());
        if (read.isLeft() || read.get().nextPosition() > copyEnd) {
            return; // not one of ours, or newer than what the copy kept (a crash lost its end): the topic's
        }
        synchronized (state) {
            if (state.pending == null || state.pending.snapshot().nextPosition() <= read.get().nextPosition()) {
                state.pending = new PendingSnapshot(read.get(), -1);
            }
        }
    }

    /** A durable replica at close: each partition's ledger beside its copy, for the next open to start from. */
    private void keepLedgers() {
        for (PartitionState state : partitions) {
            byte[] ledger;
            synchronized (state) {
                if (state.pending != null || state.lastOffset < 0) {
                    continue;
                }
                ledger = SnapshotRecords.write(storeName, state.partition, state.nextPosition, state.lastOffset,
                        state.ledger.export());
            }
            try {
                directory.keepLedger(state.partition, ledger);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not keep the ledger of partition " + state.partition
                        + " in " + directory.path() + "; the next open replays its events", e);
            }
        }
    }

    /** Whether the events topic holds, at each partition's offset in {@code last}, the same record. */
    private boolean topicHolds(Map<Integer, LastStored> last) {
        try {
            List<TopicPartition> checked = new ArrayList<>();
            for (int partition : last.keySet()) {
                checked.add(new TopicPartition(topic, partition));
            }
            consumer.assign(checked);
            Map<TopicPartition, Long> ends = consumer.endOffsets(checked, Duration.ofSeconds(30));
            Map<Integer, LastStored> unseen = new HashMap<>(last);
            for (TopicPartition tp : checked) {
                long offset = last.get(tp.partition()).offset();
                if (offset >= ends.get(tp)) {
                    return false;
                }
                consumer.seek(tp, offset);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running && !unseen.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    LastStored stored = unseen.get(record.partition());
                    if (stored == null || record.offset() < stored.offset()) {
                        continue;
                    }
                    if (record.offset() != stored.offset() || !Arrays.equals(record.key(), stored.key())
                            || !Arrays.equals(record.value(), stored.value())) {
                        return false;
                    }
                    unseen.remove(record.partition());
                    consumer.pause(List.of(new TopicPartition(topic, record.partition())));
                }
            }
            return unseen.isEmpty();
        } catch (WakeupException | InterruptException closing) {
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not check this node's copy of the events against " + topic, e);
            return false;
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    // ------------------------------------------------------------------ snapshots

    /** Reads the newest record of each partition of the snapshots topic; those that read back become pending. */
    private void readSnapshots() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions.length; p++) {
            all.add(new TopicPartition(snapshotTopic, p));
        }
        ConsumerRecord<byte[], byte[]>[] newest = newestRecords(all);
        if (newest == null) {
            return;
        }
        for (int p = 0; p < partitions.length; p++) {
            ConsumerRecord<byte[], byte[]> record = newest[p];
            if (record == null) {
                continue;
            }
            Either<String, SnapshotRecords.LedgerSnapshot> read = SnapshotRecords.read(storeName, p, record.key(),
                    record.value());
            if (read.isLeft()) {
                skip(snapshotTopic, p, record.offset(), read.getLeft() + "; the partition's ledger is replayed from"
                        + " its events instead");
                continue;
            }
            PartitionState state = partitions[p];
            synchronized (state) {
                state.pending = new PendingSnapshot(read.get(), record.offset());
                if (state.nextPosition >= read.get().nextPosition()) {
                    settle(state);
                }
            }
        }
    }

    /** The newest record of each of {@code topicPartitions} (null where it has none); null when they cannot be read. */
    @SuppressWarnings("unchecked")
    private ConsumerRecord<byte[], byte[]>[] newestRecords(List<TopicPartition> topicPartitions) {
        ConsumerRecord<byte[], byte[]>[] newest = new ConsumerRecord[partitions.length];
        try {
            consumer.assign(topicPartitions);
            consumer.seekToBeginning(topicPartitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(topicPartitions, Duration.ofSeconds(30));
            List<TopicPartition> unread = new ArrayList<>(topicPartitions);
            while (running && !unread.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    newest[record.partition()] = record;
                }
                unread.removeIf(tp -> consumer.position(tp, Duration.ofSeconds(10)) >= ends.get(tp));
            }
            return newest;
        } catch (WakeupException | InterruptException closing) {
            return null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the snapshots of " + snapshotTopic + "; every"
                    + " partition's ledger is replayed from its events", e);
            return null;
        }
    }

    /**
     * Ends the wait of a partition's pending snapshot: restores it when it agrees with the events
     * read, else reports it and replays them. Under the partition's lock.
     */
    private void settle(PartitionState state) {
        PendingSnapshot pending = state.pending;
        state.pending = null;
        Either<String, LedgerState> checked = agreement(state, pending.snapshot());
        if (checked.isRight()) {
            try {
                state.ledger.restore(checked.get());
                state.restoredAt = pending.snapshot().nextPosition();
                return;
            } catch (IllegalArgumentException e) {
                checked = Either.left(e.getMessage());
            }
        }
        String why = "the snapshot disagrees with the events: " + checked.getLeft() + "; the partition's ledger is"
                + " replayed from its events instead";
        if (pending.local()) {
            LOG.log(System.Logger.Level.WARNING, "the ledger of partition " + state.partition + " kept in "
                    + directory.path() + ": " + why);
        } else {
            skip(snapshotTopic, state.partition, pending.offset(), why);
        }
        for (int i = 0; i < state.log.size(); i++) {
            state.ledger.replay(state.log.get(i));
        }
    }

    /** The snapshot's state when it agrees with every event read so far (all of them before its position). */
    private Either<String, LedgerState> agreement(PartitionState state, SnapshotRecords.LedgerSnapshot snapshot) {
        if (state.nextPosition != snapshot.nextPosition()) {
            return Either.left("it covers the partition up to position " + snapshot.nextPosition() + ", and the"
                    + " events read end at " + state.nextPosition);
        }
        if (state.lastOffset != snapshot.coveredOffset()) {
            return Either.left("it covers the events up to offset " + snapshot.coveredOffset() + ", and the last"
                    + " event before its position is at offset " + state.lastOffset);
        }
        if (snapshot.sessions().size() != state.sessionsStarted) {
            return Either.left("it names " + snapshot.sessions().size() + " sessions, and the events start "
                    + state.sessionsStarted);
        }
        for (LedgerState.Session session : snapshot.sessions()) {
            SessionId id = session.summary().sessionId();
            SessionEvents events = sessions.get(id);
            long last = session.summary().lastSequence();
            if (Partitioning.partitionOf(id, partitions.length) != state.partition || events == null
                    || events.size() != last || events.position((int) (last - 1)) != session.lastPosition()) {
                return Either.left("its session " + id + " at sequence " + last + " and position "
                        + session.lastPosition() + " is not in the events");
            }
        }
        List<OpenCall> calls = new ArrayList<>(snapshot.openCalls().size());
        for (SnapshotRecords.CallStart call : snapshot.openCalls()) {
            Optional<ModelCallStarted> started = event(call.session(), call.sequence()).map(RecordedEvent::event)
                    .filter(ModelCallStarted.class::isInstance).map(ModelCallStarted.class::cast);
            if (started.isEmpty()) {
                return Either.left("its open call at sequence " + call.sequence() + " of session " + call.session()
                        + " is not a started call in the events");
            }
            calls.add(new OpenCall(call.session(), started.get(), call.sequence()));
        }
        return Either.right(new LedgerState(snapshot.sessions(), snapshot.keyFingerprints(), snapshot.keySequences(),
                snapshot.collidedKeys(), calls));
    }

    private void skip(int partition, long offset, String reason) {
        skip(topic, partition, offset, reason);
    }

    private void skip(String ofTopic, int partition, long offset, String reason) {
        LOG.log(System.Logger.Level.WARNING, "skipped the record at offset " + offset + " of " + ofTopic + "-"
                + partition + ": " + reason);
        synchronized (skipped) {
            if (skipped.size() == MAX_SKIPPED_KEPT) {
                skipped.remove(0);
            }
            skipped.add(new SkippedRecord(ofTopic, partition, offset, reason));
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

    /**
     * Ends the replica (its copy could not be written, or its thread failed): every waiter and every
     * later read fail.
     */
    private void stop(Exception cause) {
        ReplicaStoppedException failure = new ReplicaStoppedException(directory.path(), cause);
        LOG.log(System.Logger.Level.ERROR, failure.getMessage(), cause);
        stopped = failure;
        for (PartitionState state : partitions) {
            List<Waiter> waiting;
            synchronized (state) {
                waiting = new ArrayList<>(state.waiters);
                state.waiters.clear();
            }
            waiting.forEach(w -> w.reached().completeExceptionally(failure));
        }
        synchronized (progress) {
            version++;
            progress.notifyAll();
        }
    }

    /**
     * Throws when the replica stopped: what this node would read could be out of date, and a
     * ledger it would take over from the replica too.
     *
     * @throws ReplicaStoppedException when it stopped
     */
    void requireRunning() {
        ReplicaStoppedException failure = stopped;
        if (failure != null) {
            throw failure;
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

    /**
     * Completes once the event at {@code position} of {@code partition} was applied (at once if it
     * was); completes exceptionally with {@link ReplicaStoppedException} when the replica stopped.
     */
    CompletableFuture<Void> reached(int partition, long position) {
        if (stopped != null) {
            return CompletableFuture.failedFuture(stopped);
        }
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
        if (stopped != null) { // stopped while this waiter was added: stop() may have missed it
            reached.completeExceptionally(stopped);
        }
        return reached;
    }

    /**
     * Waits until the consumer has read {@code partition} up to {@code offset} (every committed
     * record below it applied or skipped).
     *
     * @return false when {@code patience} ran out first
     * @throws ReplicaStoppedException when the replica stopped
     */
    boolean awaitOffset(int partition, long offset, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (progress) {
            while (partitions[partition].consumedOffset < offset) {
                requireRunning();
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

    /**
     * Waits until the replica has read the snapshots topic. Whoever then reads the events topic's
     * ends to wait for gets ends that every snapshot read is within: the events before a snapshot
     * were committed before it.
     *
     * @return false when {@code patience} ran out first
     */
    boolean awaitSnapshotsRead(Duration patience) throws InterruptedException {
        return snapshotsRead.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Settles the snapshots still pending once the replica has read everything committed at open: a
     * snapshot the log does not reach disagrees with it, is reported, and its partition's ledger is
     * replayed from the events.
     */
    void settleSnapshots() {
        for (PartitionState state : partitions) {
            synchronized (state) {
                if (state.pending != null) {
                    settle(state);
                }
            }
        }
    }

    /** How many records this node resumed from its durable copy at open (0 when it read the topic from its beginning). */
    long resumedRecords() {
        return resumedRecords;
    }

    /** The position at which {@code partition}'s ledger was restored from a snapshot; -1 when it was replayed. */
    long restoredAt(int partition) {
        return partitions[partition].restoredAt;
    }

    /** The state a new owner of {@code partition} starts from, as the replica holds it now. */
    Snapshot snapshot(int partition) {
        PartitionState state = partitions[partition];
        synchronized (state) {
            requireState(state.pending == null, "partition %s waits for the events before its snapshot", partition);
            return new Snapshot(state.ledger.export(), state.nextPosition, state.lastOffset);
        }
    }

    /** The next position of {@code partition}: one past its newest applied event. */
    long nextPosition(int partition) {
        return partitions[partition].nextPosition;
    }

    /** The events of {@code partition}, in order, as applied so far. */
    PartitionLog log(int partition) {
        requireRunning();
        return partitions[partition].log;
    }

    /** The events of {@code session} applied so far, deleted sessions included; null before its first. */
    SessionEvents events(SessionId session) {
        requireRunning();
        return sessions.get(session);
    }

    /**
     * The event of {@code session} at {@code sequence}, deleted sessions included; also once the
     * replica stopped (what it holds stays right: a writer's lookups fall back to its own writes).
     */
    Optional<RecordedEvent> event(SessionId session, long sequence) {
        SessionEvents events = sessions.get(session);
        if (events == null || sequence < 1 || sequence > events.size()) {
            return Optional.empty();
        }
        return Optional.of(events.get((int) (sequence - 1)));
    }

    List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        SessionEvents events = readable(session);
        return events == null ? List.of() : range(session, events, fromSequence - 1, maxCount);
    }

    List<RecordedEvent> readLast(SessionId session, int maxCount) {
        SessionEvents events = readable(session);
        if (events == null) {
            return List.of();
        }
        int size = events.size();
        return range(session, events, Math.max(0, size - (long) maxCount), maxCount);
    }

    /**
     * Up to {@code max} events of {@code session} from index {@code from} (its sequence minus one):
     * its newest events read lately as {@link RecentEvents} keeps them (a session's events never
     * change in the replica), the others decoded from the files.
     */
    private List<RecordedEvent> range(SessionId session, SessionEvents events, long from, int max) {
        int size = events.size();
        if (from >= size || max <= 0) {
            return List.of();
        }
        int count = (int) Math.min(size - from, max);
        return recent.read(session, from + 1, count, sequence -> events.get((int) (sequence - 1)));
    }

    <S> S project(SessionId session, Projection<S> projection) {
        SessionEvents events = readable(session);
        return events == null ? projection.initial() : projection.fold(events.range(0, Integer.MAX_VALUE));
    }

    Optional<SessionSummary> summary(SessionId session) {
        requireRunning();
        return ledgerOf(session).summary(session);
    }

    /** The sessions {@code query} selects in every partition, most recently updated first. */
    List<SessionSummary> sessions(SessionQuery query) {
        requireRunning();
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

    private SessionEvents readable(SessionId session) {
        requireArgument(session != null, "session must not be null");
        requireRunning();
        return ledgerOf(session).isDeleted(session) ? null : sessions.get(session);
    }

    private SessionLedger ledgerOf(SessionId session) {
        return partitions[Partitioning.partitionOf(session, partitions.length)].ledger;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
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
        if (directory.durable() && stopped == null && !thread.isAlive()) {
            keepLedgers();
        }
        closeFiles();
    }

    /** Closes the partitions' files and the node's folder (removed unless it is durable). */
    private void closeFiles() {
        for (PartitionState state : partitions) {
            if (state != null) {
                try {
                    state.log.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not close the replica file of partition "
                            + state.partition, e);
                }
            }
        }
        directory.close();
    }
}
