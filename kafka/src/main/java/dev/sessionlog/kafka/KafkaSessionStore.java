package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.DeadlineWatchdog;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.spi.AppendArguments;
import dev.sessionlog.spi.DefaultSessionHandle;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.spi.SessionViews;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link SessionStore} contract on Apache Kafka: several gateway nodes, on several machines,
 * share one store, and any node may append to, read and follow any session.
 *
 * <p>Each node opens its own {@code KafkaSessionStore} with the same {@link KafkaStoreOptions#storeName()}
 * and its own {@link KafkaStoreOptions#nodeId()}. A session belongs to one partition of the store
 * ({@code Partitioning.partitionOf}, Kafka's own partitioner over the session id); each partition
 * has one writer at a time, on the node the store's consumer group assigned it, and every rule of
 * {@link SessionStore#append} holds per session exactly as in the other stores: gapless sequences,
 * expected sequences, idempotency, call lifecycles, ended sessions, the size limits, with the same
 * typed refusals. An append on a node that does not own the session's partition is forwarded to the
 * owner through Kafka and answered as the owner answers it.
 *
 * <p><b>Acknowledged</b> means committed in a Kafka transaction with {@code acks=all}: replicated to
 * {@code min.insync.replicas} brokers, not fsynced (see {@link KafkaStoreOptions}). A node answers an
 * append once its own replica holds it, so a read on the same node sees it.
 *
 * <p><b>Reads</b> ({@link #read}, {@link #readLast}, {@link #project}, {@link #summary},
 * {@link #sessions}, {@link #subscribe}) are served from this node's replica of every partition,
 * built from the events topic at open, its events in a local folder
 * ({@link KafkaStoreOptions.Builder#replicaDirectory}) and where they lie in the heap; each
 * partition's ledger (the session index, the idempotency keys, the open calls) starts from the
 * partition's newest snapshot ({@link KafkaStoreOptions.Builder#snapshotInterval}) and replays only
 * the events after it. Events of one partition are totally ordered;
 * {@link SubscriptionRequest#allFrom(dev.sessionlog.StoreCursor)} resumes across all partitions, and
 * positions name their partition ({@link RecordedEvent#partition()}).
 *
 * <p><b>Failures.</b> Besides the contract's: {@link PartitionOwnershipLostException} when this
 * node wrote as an owner that another node had replaced (nothing stored; retry),
 * {@link AppendNotConfirmedException} when Kafka did not confirm an append (it may be stored; a
 * retry with idempotency keys is safe), {@link KafkaStoreUnavailableException} when open cannot
 * reach the cluster. Records in the topics that are not the store's, or are damaged, are skipped
 * and reported ({@link #skippedRecords()}), never fatal.
 *
 * <p><b>Model calls across nodes.</b> The watchdog of a partition's owner ends its overdue calls
 * ({@code TIMEOUT}); {@link #endOverdueCalls()} does it for the partitions this node owns. A
 * partition that moves to another node keeps its open calls until their deadline. Only a store
 * that starts with no other node running ends the open calls as {@code INTERRUPTED}.
 */
public final class KafkaSessionStore implements SessionStore, DeadlineWatchdog {
    private static final EventCodec CODEC = EventCodec.standard();

    private final KafkaStoreOptions options;
    private final String description;
    private final Admin admin;
    private final Topics topics;
    private final Replica replica;
    private final ExecutorService completionPool;
    private final Executor completions;
    private final Forwarder forwarder;
    private final Ownership ownership;
    private final ScheduledExecutorService watchdog;
    private final SessionViews views = SessionViews.standard();
    private final Set<ReplicaSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    // Appends take the read side; close takes the write side, so that no append slips in after the stop.
    private final ReadWriteLock submission = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private KafkaSessionStore(KafkaStoreOptions options, Admin admin, Topics topics, Replica replica,
                              ExecutorService completionPool, Forwarder forwarder, Ownership ownership) {
        this.options = options;
        this.description = options.storeName() + " (node " + options.nodeId() + ")";
        this.admin = admin;
        this.topics = topics;
        this.replica = replica;
        this.completionPool = completionPool;
        this.completions = completionsOf(completionPool);
        this.forwarder = forwarder;
        this.ownership = ownership;
        if (options.watchdogInterval().isZero()) {
            this.watchdog = null;
        } else {
            this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("sessionlog-kafka-watchdog "
                    + options.nodeId()));
            long millis = Math.max(1, options.watchdogInterval().toMillis());
            watchdog.scheduleWithFixedDelay(this::watchdogTick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens a node of the store: creates the topics if they are missing (and the options allow),
     * reads every partition into this node's replica, joins the store's group and takes over the
     * partitions it is given.
     *
     * @throws KafkaStoreUnavailableException when the cluster does not answer within the options' patience
     * @throws IllegalStateException when the topics are missing and may not be created, or disagree
     */
    public static KafkaSessionStore open(KafkaStoreOptions options) {
        requireArgument(options != null, "options must not be null");
        Clients clients = new Clients(options);
        Admin admin = Admin.create(clients.admin());
        Replica replica = null;
        ExecutorService pool = null;
        Forwarder forwarder = null;
        try {
            Topics topics = Topics.open(admin, options);
            replica = new Replica(topics, options.storeName(), true, clients.reader("replica"), CODEC,
                    options.clock(), options.nodeId(), Replica.LocalCopy.of(options));
            replica.start();
            catchUp(admin, topics, replica, options.patience());
            pool = Executors.newSingleThreadExecutor(daemon("sessionlog-kafka-completions " + options.nodeId()));
            Executor completions = completionsOf(pool);
            forwarder = new Forwarder(options.nodeId(), topics, clients, replica, CODEC, completions,
                    options.writerQueueCapacity(), options.patience());
            Ownership ownership = new Ownership(options.nodeId(), options.storeName(), topics, clients, admin, replica,
                    forwarder, CODEC, options.clock(), options.patience(), completions,
                    options.writerQueueCapacity(), options.snapshotInterval(), options.groupSessionTimeout());
            KafkaSessionStore store = new KafkaSessionStore(options, admin, topics, replica, pool, forwarder,
                    ownership);
            ownership.start();
            return store;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(forwarder, replica, pool, admin);
            throw new KafkaStoreUnavailableException("interrupted while opening the store " + options.storeName(), e);
        } catch (RuntimeException e) {
            closeQuietly(forwarder, replica, pool, admin);
            throw e;
        }
    }

    /** Waits until the replica holds everything committed before open, and has settled its snapshots. */
    private static void catchUp(Admin admin, Topics topics, Replica replica, Duration patience)
            throws InterruptedException {
        if (!replica.awaitSnapshotsRead(patience)) {
            throw new KafkaStoreUnavailableException("this node could not read " + topics.snapshots() + " within "
                    + patience, null);
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < topics.partitions(); p++) {
            ends.put(new TopicPartition(topics.events(), p), OffsetSpec.latest());
        }
        try {
            var offsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
            for (var end : offsets.entrySet()) {
                if (!replica.awaitOffset(end.getKey().partition(), end.getValue().offset(), patience)) {
                    throw new KafkaStoreUnavailableException("this node could not read " + end.getKey() + " up to"
                            + " offset " + end.getValue().offset() + " within " + patience, null);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaStoreUnavailableException("could not read the ends of " + topics.events(), e);
        }
        replica.settleSnapshots();
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected,
                                                     List<NewEvent> events) {
        List<NewEvent> batch = AppendArguments.checkedBatch(session, expected, events);
        CompletableFuture<AppendResult> future = new CompletableFuture<>();
        int partition = Partitioning.partitionOf(session, topics.partitions());
        submission.readLock().lock();
        try {
            if (closed) {
                future.completeExceptionally(new StoreClosedException(description));
            } else if (!ownership.owns(partition)) {
                forwarder.forward(partition, session, expected, batch, future);
            } else if (!ownership.submit(new Work.Local(partition, session, expected, batch, future))) {
                future.completeExceptionally(new StoreBusyException(options.writerQueueCapacity()));
            }
        } finally {
            submission.readLock().unlock();
        }
        return future;
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1, was %s", fromSequence);
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        return replica.read(session, fromSequence, maxCount);
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        return replica.readLast(session, maxCount);
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        requireArgument(session != null, "session must not be null");
        requireArgument(projection != null, "projection must not be null");
        return replica.project(session, projection);
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return replica.summary(session);
    }

    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        requireArgument(query != null, "query must not be null");
        return replica.sessions(query);
    }

    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        requireArgument(request != null, "subscription request must not be null");
        requireArgument(listener != null, "listener must not be null");
        if (closed) {
            throw new StoreClosedException(description);
        }
        ReplicaSubscription[] self = new ReplicaSubscription[1];
        ReplicaSubscription subscription = new ReplicaSubscription(replica, request, listener,
                () -> subscriptions.remove(self[0]));
        self[0] = subscription;
        subscriptions.add(subscription);
        if (closed) { // close() ran between the check and the add, and has not seen this one
            subscription.close();
            throw new StoreClosedException(description);
        }
        subscription.start();
        return subscription;
    }

    @Override
    public SessionHandle session(SessionId session) {
        return new DefaultSessionHandle(this, session, options.clock(), options.failureClassifier(), views);
    }

    /**
     * Ends the overdue calls of the partitions this node owns with {@code ModelCallFailed(TIMEOUT)},
     * and waits until this node's reads show them.
     *
     * @throws StoreClosedException when the store is closed
     */
    @Override
    public int endOverdueCalls() {
        CompletableFuture<Integer> ended = ownership.run(ownership::endOverdueCalls);
        try {
            return ended.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The records of the events topic this node skipped (not the store's, damaged, out of place), oldest first. */
    public List<SkippedRecord> skippedRecords() {
        return replica.skippedRecords();
    }

    /** The partitions this node writes now (the others' appends are forwarded to their owners). */
    public List<Integer> ownedPartitions() {
        return ownership.ownedPartitions();
    }

    /** The store's partition count, fixed when its topics were created. */
    public int partitions() {
        return topics.partitions();
    }

    /** This node's id. */
    public String nodeId() {
        return options.nodeId();
    }

    /**
     * Writes the appends already accepted, then leaves the group (its partitions move to the other
     * nodes) and refuses new appends with {@link StoreClosedException}; idempotent.
     */
    @Override
    public void close() {
        submission.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            submission.writeLock().unlock();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        ownership.close();
        awaitForwarded();
        forwarder.close();
        subscriptions.forEach(ReplicaSubscription::close);
        replica.close();
        completionPool.shutdown();
        try {
            completionPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }

    /** Gives forwarded appends a moment to be answered before the forwarder gives up on them. */
    private void awaitForwarded() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (forwarder.hasPending() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void watchdogTick() {
        try {
            endOverdueCalls();
        } catch (SessionStoreException e) {
            // closed: this tick raced close(); otherwise the next tick tries again
        } catch (RuntimeException e) {
            System.getLogger(KafkaSessionStore.class.getName()).log(System.Logger.Level.WARNING,
                    "deadline watchdog failed", e);
        }
    }

    /** Runs completions on the pool, or on the caller once the pool has shut down, so none is lost. */
    private static Executor completionsOf(ExecutorService pool) {
        return task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException shutDown) {
                task.run();
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** How many records this node resumed from its durable copy of the events at open (for tests). */
    long resumedRecords() {
        return replica.resumedRecords();
    }

    /** The position after the newest event this node's replica holds of {@code partition} (for tests). */
    long replicaNextPosition(int partition) {
        return replica.nextPosition(partition);
    }

    /** The position at which the replica restored {@code partition}'s ledger from a snapshot; -1 when replayed (for tests). */
    long ledgerRestoredAt(int partition) {
        return replica.restoredAt(partition);
    }

    private static void closeQuietly(Forwarder forwarder, Replica replica, ExecutorService pool, Admin admin) {
        if (forwarder != null) {
            forwarder.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        admin.close(Duration.ofSeconds(1));
    }
}
