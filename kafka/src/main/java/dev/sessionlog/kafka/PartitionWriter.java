package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.AppendLimits;
import dev.sessionlog.spi.AppendPlan;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.SessionLedger;
import io.vavr.control.Either;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * The single writer of one partition while this node owns it: its transactional producer, its
 * {@link SessionLedger} and the partition's next position. One instance per ownership: a writer
 * whose transaction failed is closed, and the partition is taken over anew.
 *
 * <h2>Design notes</h2>
 *
 * <p>{@link #takeOver}: {@code initTransactions()} under the transactional id that names the store
 * and the partition fences every earlier writer of it (its open transaction is aborted, its later
 * sends fail); then the replica reads the partition up to its last stable offset, which nothing can
 * move any more, and the ledger starts from the replica's state (the {@code LedgerState} export a
 * snapshot would hold), so appends are checked against everything ever committed.
 *
 * <p>{@link #send} then {@link #commit}: a batch is one Kafka transaction. Each append is planned,
 * encoded, checked against the size limits, sent as one record and committed to the ledger at once,
 * so the next append of the batch sees it (as in the Chronicle store's writer); forwarded appends
 * get their reply in the same transaction, and the offsets of this partition's requests consumed are
 * committed with it ({@code sendOffsetsToTransaction}, this partition of the requests topic only):
 * a request is answered exactly once, by whichever owner commits it. Sending and committing are two
 * steps so that the owner thread can send every partition's batch and let their commits run at
 * once. If the transaction fails the ledger is ahead of the log, so the writer is never used again.
 *
 * <p>The ledger confirms idempotency-key hits by reading the stored event back; an event written by
 * this writer may not be in the replica yet, so the writer keeps its own until the replica has it.
 *
 * <p>Snapshots: once {@code snapshotInterval} events were written since the last one, the next
 * transaction begins with the ledger's state sent to the partition's snapshots topic
 * ({@link SnapshotRecords}), before any append of it: the ledger then holds exactly what is
 * committed, up to the writer's next position and the offset of its newest committed record. A
 * snapshot is committed with that transaction, so a fenced writer's snapshot never becomes visible.
 * One larger than the largest record is not written (and said once in the log): nodes then replay
 * the partition's events at open, as without snapshots.
 *
 * <h2>Threads</h2>
 *
 * <p>The owner thread of {@link Ownership} uses a writer: {@link #takeOver}, {@link #send},
 * {@link #write}, {@link #endCalls}, {@link #close} and the ledger's queries. {@link #commit} hands
 * the open transaction to the writer's own commit thread, which sends the consumed requests'
 * offsets, commits, records the newest committed offset and runs the action it was given (the
 * owner thread's completion of the batch's appends); the owner thread does not use the
 * writer until the returned future is done, so the two never use it at once, and the executor's
 * hand-over and the future's completion order their writes. {@link #close} waits for a commit in
 * flight and ends the thread. The producer's callbacks run on its network thread
 * ({@code acknowledgedOffset}).
 */
final class PartitionWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PartitionWriter.class.getName());

    private final int partition;
    private final Topics topics;
    private final Producer<byte[], byte[]> producer;
    private final Replica replica;
    private final EventCodec codec;
    private final SessionLedger ledger;
    private final TopicPartition requests;
    private final String storeName;
    private final long snapshotInterval;
    private final Duration patience;
    /** The thread that commits this writer's transactions: started at the first commit, ended by {@link #close}. */
    private final ExecutorService committer;
    private long nextPosition;
    /** The offset of the newest events record committed, -1 for none. */
    private long committedOffset;
    /**
     * The offset of the newest events record Kafka acknowledged: set by the producer's thread in the
     * send's callback, which runs before the send completes, so before a commit that flushed it returns.
     */
    private volatile long acknowledgedOffset = -1;
    /** The offset of the newest request of the open transaction, -1 for none: committed with it. */
    private long lastRequestOffset = -1;
    private long writtenSinceSnapshot;
    private boolean toldSnapshotTooLarge;
    /** Events written here that the replica may not have applied yet, by session and sequence. */
    private final Map<SessionId, NavigableMap<Long, RecordedEvent>> unreplicated = new HashMap<>();

    /**
     * What became of one item of a batch.
     *
     * @param answer the append's result, or the rule's refusal
     * @param seenPosition the partition's last position when the answer was given: the replica of a
     *     node must hold it before the node passes the answer on, so that what the caller reads next
     *     is at least what the answer was decided on (a refusal too)
     */
    record Outcome(Either<RuntimeException, AppendResult> answer, long seenPosition) {}

    /** Why a batch was not written; the writer must not be used again. */
    static final class WriteFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean fenced;

        WriteFailed(boolean fenced, Throwable cause) {
            super(cause);
            this.fenced = fenced;
        }

        /** Whether another node's writer took the partition: ownership is lost. */
        boolean fenced() {
            return fenced;
        }
    }

    private PartitionWriter(int partition, Topics topics, Producer<byte[], byte[]> producer, Replica replica,
                            EventCodec codec, Clock clock, String storeName, long snapshotInterval,
                            Duration patience, String clientId) {
        this.partition = partition;
        this.patience = patience;
        this.committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sessionlog-kafka-commit " + clientId);
            t.setDaemon(true);
            return t;
        });
        this.storeName = storeName;
        this.snapshotInterval = snapshotInterval;
        this.topics = topics;
        this.producer = producer;
        this.replica = replica;
        this.codec = codec;
        this.ledger = new SessionLedger(clock, this::find);
        this.requests = new TopicPartition(topics.requests(), partition);
    }

    /**
     * Becomes the partition's writer: fences every earlier one, waits for the replica to hold
     * everything committed, and starts the ledger from it.
     *
     * @param snapshotInterval how many events are written between two snapshots of the ledger; 0 for none
     * @throws KafkaException when Kafka refuses or does not answer within {@code patience}
     */
    static PartitionWriter takeOver(int partition, Topics topics, Properties producerSettings, Admin admin,
                                    Replica replica, EventCodec codec, Clock clock, Duration patience,
                                    String storeName, long snapshotInterval)
            throws InterruptedException {
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings);
        try {
            producer.initTransactions();
            TopicPartition events = new TopicPartition(topics.events(), partition);
            long stable;
            try {
                stable = admin.listOffsets(Map.of(events, OffsetSpec.latest()),
                                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .partitionResult(events).get(patience.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaException("could not read the end of " + events, e);
            }
            if (!replica.awaitOffset(partition, stable, patience)) {
                throw new KafkaException("the replica did not reach offset " + stable + " of " + events + " in "
                        + patience);
            }
            PartitionWriter writer = new PartitionWriter(partition, topics, producer, replica, codec, clock,
                    storeName, snapshotInterval, patience,
                    producerSettings.getProperty(CommonClientConfigs.CLIENT_ID_CONFIG));
            Replica.Snapshot snapshot = replica.snapshot(partition);
            writer.ledger.restore(snapshot.state());
            writer.nextPosition = snapshot.nextPosition();
            writer.committedOffset = snapshot.lastOffset();
            return writer;
        } catch (RuntimeException | InterruptedException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    int partition() {
        return partition;
    }

    /**
     * Writes {@code batch} as one transaction and commits it, on the calling thread.
     *
     * @return the outcome of each item, in order
     * @throws WriteFailed when the transaction did not commit
     */
    List<Outcome> write(List<Work> batch, ConsumerGroupMetadata group) throws WriteFailed {
        List<Outcome> outcomes = send(batch);
        commitNow(group);
        return outcomes;
    }

    /**
     * Begins a transaction and sends {@code batch} into it: each append planned, sent and committed
     * to the ledger, each forwarded append's reply sent. {@link #commit} commits it; until then the
     * outcomes are only what the transaction will say if it commits.
     *
     * @return the outcome of each item, in order
     * @throws WriteFailed when Kafka refused the transaction already (it is aborted)
     */
    List<Outcome> send(List<Work> batch) throws WriteFailed {
        pruneReplicated();
        try {
            producer.beginTransaction();
            snapshotIfDue();
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (Work work : batch) {
                Either<RuntimeException, AppendResult> outcome;
                if (work instanceof Work.Local local) {
                    outcome = append(local.session(), local.expected(), local.events());
                } else if (work instanceof Work.Forwarded forwarded) {
                    AppendRequest request = forwarded.request();
                    outcome = append(request.session(), request.expected(), request.events());
                    reply(request, outcome, lastPosition());
                    lastRequestOffset = forwarded.offset();
                } else {
                    lastRequestOffset = ((Work.Unreadable) work).offset();
                    outcome = Either.left(new IllegalArgumentException("not an append request"));
                }
                outcomes.add(new Outcome(outcome, lastPosition()));
            }
            return outcomes;
        } catch (KafkaException e) {
            throw failed(e);
        }
    }

    /**
     * Commits the transaction {@link #send} began, with the offsets of the requests it consumed, on
     * this writer's commit thread, so that the owner thread can commit other partitions meanwhile.
     * The owner thread must not use the writer again before the returned future is done.
     *
     * @param group the group metadata of the owner thread's consumer, taken on the owner thread
     * @param then run on the commit thread once the transaction committed, before the future completes
     * @return completes once committed and {@code then} ran, or exceptionally with {@link WriteFailed}
     *     (the transaction is aborted, {@code then} never runs) or with whatever else was thrown
     */
    CompletableFuture<Void> commit(ConsumerGroupMetadata group, Runnable then) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        committer.execute(() -> {
            try {
                commitNow(group);
                then.run();
                committed.complete(null);
            } catch (WriteFailed | RuntimeException | Error e) {
                committed.completeExceptionally(e);
            }
        });
        return committed;
    }

    private void commitNow(ConsumerGroupMetadata group) throws WriteFailed {
        try {
            if (lastRequestOffset >= 0) {
                producer.sendOffsetsToTransaction(Map.of(requests, new OffsetAndMetadata(lastRequestOffset + 1)),
                        group);
            }
            producer.commitTransaction();
            committedOffset = Math.max(committedOffset, acknowledgedOffset); // unchanged by a batch of refusals
        } catch (KafkaException e) {
            throw failed(e);
        } finally {
            lastRequestOffset = -1;
        }
    }

    /** Aborts the open transaction unless another writer fenced this one; the writer is done either way. */
    private WriteFailed failed(KafkaException e) {
        if (isFencing(e)) {
            return new WriteFailed(true, e);
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException alsoFailed) {
            e.addSuppressed(alsoFailed);
        }
        return new WriteFailed(false, e);
    }

    /** Ends {@code calls} with {@code ModelCallFailed(kind)} in one transaction; returns how many it ended. */
    int endCalls(List<OpenCall> calls, FailureKind kind, ConsumerGroupMetadata group) throws WriteFailed {
        if (calls.isEmpty()) {
            return 0;
        }
        List<Work> batch = new ArrayList<>(calls.size());
        for (OpenCall call : calls) {
            ModelCallFailed failed = ModelCallFailed.of(call.started().callId(), call.started().provider(),
                    call.started().model(), kind);
            batch.add(new Work.Local(partition, call.session(), ExpectedSequence.any(), List.of(NewEvent.of(failed)),
                    null));
        }
        int ended = 0;
        for (Outcome outcome : write(batch, group)) {
            if (outcome.answer().isRight() && !outcome.answer().get().duplicate()) {
                ended++;
            }
        }
        return ended;
    }

    /** The calls of this partition past their deadline. */
    List<OpenCall> overdueCalls() {
        return ledger.overdueCalls();
    }

    /** Every open call of this partition. */
    List<OpenCall> openCalls() {
        return ledger.openCalls();
    }

    /** The position of the newest event written, or -1 before the first. */
    long lastPosition() {
        return nextPosition - 1;
    }

    private Either<RuntimeException, AppendResult> append(SessionId session, ExpectedSequence expected,
                                                          List<NewEvent> events) {
        AppendPlan plan;
        List<byte[]> encoded;
        try {
            plan = ledger.plan(session, expected, events);
            if (plan.isDuplicate()) {
                return Either.right(plan.duplicateResult());
            }
            encoded = new ArrayList<>(plan.toWrite().size());
            for (RecordedEvent event : plan.toWrite()) {
                encoded.add(codec.encode(event));
            }
            AppendLimits.check(session, plan.toWrite(), encoded);
        } catch (SessionStoreException | IllegalArgumentException refused) {
            return Either.left(refused);
        }
        int count = encoded.size();
        requireState(count <= EventRecords.MAX_EVENTS && Positions.fits(partition, nextPosition, count),
                "partition %s cannot take %s more events", partition, count);
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            positions[i] = nextPosition + i;
        }
        producer.send(new ProducerRecord<>(topics.events(), partition, EventRecords.key(session),
                EventRecords.write(nextPosition, encoded)), (sent, failed) -> {
                    if (sent != null) {
                        acknowledgedOffset = Math.max(acknowledgedOffset, sent.offset());
                    }
                });
        writtenSinceSnapshot += count;
        AppendResult result = ledger.commit(plan, positions);
        NavigableMap<Long, RecordedEvent> written = unreplicated.computeIfAbsent(session, s -> new TreeMap<>());
        for (RecordedEvent e : plan.positioned(positions)) {
            written.put(e.sequence(), new RecordedEvent(e.position(), e.sessionId(), e.sequence(), e.eventId(),
                    e.recordedAt(), e.event(), e.metadata(), partition));
        }
        nextPosition += count;
        return Either.right(result);
    }

    /** Sends the ledger's state to the snapshots topic when enough was written since the last; in a transaction. */
    private void snapshotIfDue() {
        if (snapshotInterval == 0 || writtenSinceSnapshot < snapshotInterval) {
            return;
        }
        writtenSinceSnapshot = 0;
        byte[] snapshot = SnapshotRecords.write(storeName, partition, nextPosition, committedOffset, ledger.export());
        if (snapshot.length > Clients.MAX_RECORD_BYTES) {
            if (!toldSnapshotTooLarge) {
                toldSnapshotTooLarge = true;
                LOG.log(System.Logger.Level.WARNING, "the ledger of partition " + partition + " takes "
                        + snapshot.length + " bytes, more than a record may: no snapshot of it is written, and nodes"
                        + " replay its events at open");
            }
            return;
        }
        producer.send(new ProducerRecord<>(topics.snapshots(), partition, SnapshotRecords.key(partition), snapshot));
    }

    private void reply(AppendRequest request, Either<RuntimeException, AppendResult> answer, long seenPosition) {
        byte[] key = request.replyTo().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topics.replies(), Forwarder.replyPartition(request.replyTo(),
                topics.partitions()), key, new AppendReply(request.id(), answer, seenPosition).write(request.session())));
    }

    private Optional<RecordedEvent> find(SessionId session, long sequence) {
        Optional<RecordedEvent> replicated = replica.event(session, sequence);
        if (replicated.isPresent()) {
            return replicated;
        }
        NavigableMap<Long, RecordedEvent> written = unreplicated.get(session);
        return written == null ? Optional.empty() : Optional.ofNullable(written.get(sequence));
    }

    /** Forgets the events the replica has applied. */
    private void pruneReplicated() {
        long applied = replica.nextPosition(partition);
        for (Iterator<NavigableMap<Long, RecordedEvent>> it = unreplicated.values().iterator(); it.hasNext(); ) {
            NavigableMap<Long, RecordedEvent> events = it.next();
            events.values().removeIf(e -> e.position() < applied);
            if (events.isEmpty()) {
                it.remove();
            }
        }
    }

    /**
     * Whether {@code e} says another writer took the partition. A fence shows as one of several
     * errors, by where the writer's requests were when the new writer's {@code initTransactions()}
     * aborted its transaction and bumped the epoch: a commit that meets the aborted transaction is
     * refused as {@link InvalidTxnStateException} (seen in {@code ConcurrentCommitsIT}). The
     * coordinator aborts a transaction of its own accord only after {@code transaction.timeout.ms}
     * (60 s), far longer than the group's session: a writer stalled that long has lost its partition.
     */
    static boolean isFencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException
                    || t instanceof CommitFailedException || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }

    /** Waits for a commit in flight, ends the commit thread and closes the producer. */
    @Override
    public void close() {
        committer.shutdown();
        try {
            if (!committer.awaitTermination(patience.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "a commit of partition " + partition + " did not end in time");
            }
        } catch (InterruptedException e) {
            committer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            // closing a fenced producer may complain; it is gone either way
        }
    }
}
