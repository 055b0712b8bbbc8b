package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.Partitioning;
import io.vavr.control.Either;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Which partitions this node writes, and the writing: the node's member of the store's consumer
 * group and the {@link PartitionWriter} of every partition the group assigned it.
 *
 * <h2>Design notes</h2>
 *
 * <p>The group assigns the partitions of the requests topic; partition {@code p} of it goes with
 * partition {@code p} of the events topic, so the assignment is the ownership: an owner consumes
 * the appends forwarded to its partitions, and writes them. When a partition is assigned, its
 * writer {@linkplain PartitionWriter#takeOver takes over} before any request of it is processed;
 * when it is revoked or lost, the writer is closed. Cooperative rebalancing keeps the writers of
 * partitions that stay.
 *
 * <p>One thread, the owner thread, runs it in a loop: poll the group (forwarded requests, and the
 * rebalance callbacks), take the appends made on this node from a bounded queue, write each
 * partition's share as one transaction, then run queued tasks (the watchdog). An append made on
 * this node wakes the thread out of its poll. The batch is whatever arrived since the last loop:
 * under load, many appends share one transaction, whose commit costs milliseconds.
 *
 * <p>The partitions' transactions of one loop are committed concurrently: the owner thread plans
 * and sends each partition's batch (the ledgers' rules, in order), hands the transaction to the
 * writer's own commit thread, goes on with the next partition's, then waits for all the commits.
 * Every partition has its own transactional producer, so the commits are independent, and a loop
 * over many partitions costs about one commit instead of one per partition. An append completes
 * as soon as its own partition's transaction committed (and the replica holds it); a failed
 * transaction fails only its own partition's appends, and is handled on the owner thread once
 * every commit of the loop ended. No writer is used, revoked or closed while its commit is in
 * flight.
 *
 * <p>An append queued for a partition that is no longer owned when its turn comes is forwarded to
 * the new owner. An append whose transaction failed because another node's writer fenced this one
 * fails with {@link PartitionOwnershipLostException}; any other failed transaction fails its appends
 * with {@link AppendNotConfirmedException}, and the partition is taken over again from the log. The
 * requests of a failed transaction are read again (their offsets were not committed).
 *
 * <p>A fenced partition is left to the group, which normally assigns it elsewhere at once. If the
 * group still assigns it to this node a group session timeout after the fence, the fence came from
 * outside the group's decisions (a producer with the store's {@code transactional.id}, or a
 * takeover that won a race with a broker's ambiguous answer), and this node takes the partition
 * over again, so that no partition stays without a writer until the next rebalance. A node that
 * lost its membership (frozen past its session) hears so at its next poll, which is before the
 * retake is due, and releases the partition instead.
 *
 * <p>A store that starts alone in its group (no other node is a member: the whole store
 * restarted) ends the calls left open in its partitions as {@code INTERRUPTED}; a partition taken
 * from another node keeps its calls open until their deadline, when the watchdog of its new owner
 * ends them as {@code TIMEOUT} (the gateway running a call may be alive on any node).
 *
 * <h2>Threads</h2>
 *
 * <p>{@link #owns}, {@link #submit}, {@link #run(Callable)} and {@link #close} from any thread; all
 * else on the owner thread, except each partition's commit: {@code commitTransaction} (with the
 * consumed requests' offsets) and the completion of that partition's appends run on the partition
 * writer's commit thread ({@link PartitionWriter#commit}); the owner thread does not touch a writer
 * whose commit is in flight, and waits for every commit of the loop before it polls or uses any
 * writer again. {@link #owned} is atomic; the writers and the consumer belong to the owner thread
 * ({@code wakeup} aside): no commit thread touches the consumer, the group metadata a commit sends
 * is taken from it on the owner thread. At an assignment the new writers are made at once, each in
 * a thread of its own (its producer fences the previous owner, then it reads the partition's state
 * from the replica), and handed to the owner thread before anything uses them.
 */
final class Ownership implements ConsumerRebalanceListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Ownership.class.getName());
    private static final int MAX_LOCAL_PER_LOOP = 2000;
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final long RETAKE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most partitions taken over at once. */
    private static final int MAX_PARALLEL_TAKEOVERS = 16;

    private final String nodeId;
    private final String groupId;
    private final Topics topics;
    private final Clients clients;
    private final Admin admin;
    private final Replica replica;
    private final Forwarder forwarder;
    private final EventCodec codec;
    private final Clock clock;
    private final Duration patience;
    private final Executor completions;
    private final long snapshotInterval;
    private final long fencedRetakeNanos;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final ArrayBlockingQueue<Work.Local> local;
    private final ConcurrentLinkedQueue<Task<?>> tasks = new ConcurrentLinkedQueue<>();
    /** 1 for each partition whose writer is ready. */
    private final AtomicIntegerArray owned;
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private volatile boolean polling;
    private volatile boolean stopping;
    private volatile boolean stopped;

    // Owner thread only.
    private final Map<Integer, PartitionWriter> writers = new HashMap<>();
    /** Assigned partitions whose takeover failed: retried, their requests paused meanwhile. */
    private final Set<Integer> awaitingTakeover = new HashSet<>();
    /** Fenced partitions still assigned here, with when the fence was seen: retaken a session timeout later. */
    private final Map<Integer, Long> fencedAt = new HashMap<>();
    private boolean assignedBefore;
    private long lastRetake;

    private record Task<T>(Callable<T> action, CompletableFuture<T> future) {}

    Ownership(String nodeId, String groupId, Topics topics, Clients clients, Admin admin, Replica replica,
              Forwarder forwarder, EventCodec codec, Clock clock, Duration patience, Executor completions,
              int queueCapacity, long snapshotInterval, Duration groupSessionTimeout) {
        this.nodeId = nodeId;
        this.groupId = groupId;
        this.topics = topics;
        this.clients = clients;
        this.admin = admin;
        this.replica = replica;
        this.forwarder = forwarder;
        this.codec = codec;
        this.clock = clock;
        this.patience = patience;
        this.completions = completions;
        this.snapshotInterval = snapshotInterval;
        this.fencedRetakeNanos = groupSessionTimeout.toNanos();
        this.local = new ArrayBlockingQueue<>(queueCapacity);
        this.owned = new AtomicIntegerArray(topics.partitions());
        this.consumer = new KafkaConsumer<>(clients.member());
        this.thread = new Thread(this::loop, "sessionlog-kafka-owner " + nodeId);
        thread.setDaemon(true);
    }

    /** Joins the group; returns once the first assignment is taken over, or {@code patience} ran out. */
    void start() throws InterruptedException {
        thread.start();
        firstAssignment.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this node writes {@code partition} now. */
    boolean owns(int partition) {
        return owned.get(partition) == 1;
    }

    /** The partitions this node writes now. */
    List<Integer> ownedPartitions() {
        List<Integer> mine = new ArrayList<>();
        for (int p = 0; p < owned.length(); p++) {
            if (owned.get(p) == 1) {
                mine.add(p);
            }
        }
        return mine;
    }

    /** Queues an append of a partition this node owns; false when the queue is full. */
    boolean submit(Work.Local append) {
        if (!local.offer(append)) {
            return false;
        }
        if (polling) {
            consumer.wakeup();
        }
        if (stopped) { // the thread ended between the caller's check and the add: nobody will write it
            releaseLocal();
        }
        return true;
    }

    /** Runs {@code action} on the owner thread, between batches. */
    <T> CompletableFuture<T> run(Callable<T> action) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (stopped) {
            future.completeExceptionally(new StoreClosedException("on Kafka"));
            return future;
        }
        tasks.add(new Task<>(action, future));
        if (polling) {
            consumer.wakeup();
        }
        if (stopped) { // the thread ended between the check and the add: nobody will run it
            failTasks();
        }
        return future;
    }

    /** Ends the overdue calls of every partition this node owns; on the owner thread. */
    int endOverdueCalls() throws InterruptedException {
        int ended = 0;
        for (PartitionWriter writer : List.copyOf(writers.values())) {
            ended += endCalls(writer, writer.overdueCalls(), FailureKind.TIMEOUT);
        }
        return ended;
    }

    // ------------------------------------------------------------------ the owner thread

    private void loop() {
        try {
            consumer.subscribe(List.of(topics.requests()), this);
            while (!(stopping && local.isEmpty() && tasks.isEmpty())) {
                replica.requireRunning(); // a stopped replica would hand a takeover an old ledger: leave the group
                ConsumerRecords<byte[], byte[]> records = stopping ? ConsumerRecords.empty() : poll();
                Map<Integer, List<Work>> batches = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    batches.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(request(record));
                }
                for (int i = 0; i < MAX_LOCAL_PER_LOOP; i++) {
                    Work.Local append = local.poll();
                    if (append == null) {
                        break;
                    }
                    batches.computeIfAbsent(append.partition(), p -> new ArrayList<>()).add(append);
                }
                write(batches);
                runTasks();
                retakeFailed();
            }
            awaitReplicaOfWrites();
        } catch (InterruptedException | InterruptException e) {
            LOG.log(System.Logger.Level.WARNING, "the owner thread was interrupted; this node writes no more");
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the owner thread failed; this node writes no more", e);
        } finally {
            stopped = true;
            try {
                consumer.close(Duration.ofSeconds(5)); // leaves the group; revokes, so the writers close
            } catch (KafkaException e) { // a wakeup that came after the last poll, or a broker that is gone
                LOG.log(System.Logger.Level.WARNING, "leaving the group failed", e);
            }
            writers.values().forEach(PartitionWriter::close);
            writers.clear();
            for (int p = 0; p < owned.length(); p++) {
                owned.set(p, 0);
            }
            releaseLocal();
            failTasks();
        }
    }

    /**
     * The appends still queued for the owner thread once it ended: failed when the store closes,
     * else (the thread ended because this node's replica stopped) forwarded to the partitions' new
     * owners, as any append of a partition this node does not own.
     */
    private void releaseLocal() {
        Work.Local left;
        while ((left = local.poll()) != null) {
            Work.Local append = left;
            if (stopping) {
                completions.execute(() -> append.future().completeExceptionally(new StoreClosedException("on Kafka")));
            } else {
                forwarder.forward(append.partition(), append.session(), append.expected(), append.events(),
                        append.future());
            }
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        polling = true;
        try {
            return consumer.poll(local.isEmpty() && tasks.isEmpty() && !stopping ? IDLE_POLL : Duration.ZERO);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } finally {
            polling = false;
        }
    }

    private Work request(ConsumerRecord<byte[], byte[]> record) {
        Either<String, AppendRequest> request = AppendRequest.read(codec, record.value());
        if (request.isRight()
                && Partitioning.partitionOf(request.get().session(), topics.partitions()) == record.partition()) {
            return new Work.Forwarded(record.partition(), request.get(), record.offset());
        }
        String reason = request.isLeft() ? request.getLeft() : "its session belongs to another partition";
        LOG.log(System.Logger.Level.WARNING, "skipped the record at offset " + record.offset() + " of "
                + topics.requests() + "-" + record.partition() + ": " + reason);
        return new Work.Unreadable(record.partition(), record.offset());
    }

    /**
     * Writes each partition's batch as one transaction: sends every batch on this thread, then waits
     * while the partitions' commit threads commit them at once. Each append completes as soon as its
     * own partition's transaction committed; a failed transaction is handled here, after the wait.
     */
    private void write(Map<Integer, List<Work>> batches) throws InterruptedException {
        if (batches.isEmpty()) {
            return;
        }
        ConsumerGroupMetadata group = consumer.groupMetadata();
        List<Sent> sent = new ArrayList<>(batches.size());
        for (Map.Entry<Integer, List<Work>> entry : batches.entrySet()) {
            int partition = entry.getKey();
            List<Work> batch = entry.getValue();
            PartitionWriter writer = writers.get(partition);
            if (writer == null) {
                notOwned(partition, batch);
                continue;
            }
            try {
                List<PartitionWriter.Outcome> outcomes = writer.send(batch);
                sent.add(new Sent(writer, batch, writer.commit(group, () -> complete(batch, outcomes))));
            } catch (PartitionWriter.WriteFailed failed) {
                fail(writer, batch, failed);
            }
        }
        for (Sent transaction : sent) { // every commit ends before the writers are used again
            try {
                transaction.committed().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PartitionWriter.WriteFailed failed) {
                    fail(transaction.writer(), transaction.batch(), failed);
                } else if (e.getCause() instanceof RuntimeException unexpected) {
                    throw unexpected;
                } else {
                    throw (Error) e.getCause();
                }
            }
        }
    }

    /** A batch sent in a transaction, and the commit of it. */
    private record Sent(PartitionWriter writer, List<Work> batch, CompletableFuture<Void> committed) {}

    /** Completes the batch's own appends, with their outcomes; on the partition's commit thread. */
    private void complete(List<Work> batch, List<PartitionWriter.Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Work.Local append) {
                complete(append, outcomes.get(i));
            }
        }
    }

    /** Drops the writer of a failed transaction and fails the batch's own appends; its requests are read again. */
    private void fail(PartitionWriter writer, List<Work> batch, PartitionWriter.WriteFailed failed) {
        int partition = writer.partition();
        lose(writer, failed);
        rereadRequests(partition, batch);
        for (Work work : batch) {
            if (work instanceof Work.Local append) {
                SessionStoreException error = failed.fenced()
                        ? new PartitionOwnershipLostException(partition, failed.getCause())
                        : new AppendNotConfirmedException("Kafka did not commit its transaction", failed.getCause());
                completions.execute(() -> append.future().completeExceptionally(error));
            }
        }
    }

    /** Completes the append once this node's replica holds what its answer was decided on. */
    private void complete(Work.Local append, PartitionWriter.Outcome outcome) {
        Either<RuntimeException, AppendResult> answer = outcome.answer();
        replica.reached(append.partition(), outcome.seenPosition())
                .completeOnTimeout(null, patience.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reached, replicaStopped) -> { // the answer stands: reads here now fail
                    if (answer.isRight()) {
                        append.future().complete(answer.get());
                    } else {
                        append.future().completeExceptionally(answer.getLeft());
                    }
                }, completions);
    }

    /** A batch of a partition this node does not write: its own appends go to the owner, requests wait. */
    private void notOwned(int partition, List<Work> batch) {
        rereadRequests(partition, batch);
        for (Work work : batch) {
            if (work instanceof Work.Local append) {
                forwarder.forward(partition, append.session(), append.expected(), append.events(), append.future());
            }
        }
    }

    /** Makes the consumer read the batch's requests again, once the partition has a writer. */
    private void rereadRequests(int partition, List<Work> batch) {
        for (Work work : batch) {
            long offset = work instanceof Work.Forwarded f ? f.offset()
                    : work instanceof Work.Unreadable u ? u.offset() : -1;
            if (offset >= 0) {
                TopicPartition requests = new TopicPartition(topics.requests(), partition);
                if (consumer.assignment().contains(requests)) {
                    consumer.seek(requests, offset);
                    consumer.pause(List.of(requests));
                }
                return;
            }
        }
    }

    /** Drops a writer whose transaction failed; unless it was fenced, the partition is taken over again. */
    private void lose(PartitionWriter writer, PartitionWriter.WriteFailed failed) {
        int partition = writer.partition();
        LOG.log(System.Logger.Level.WARNING, failed.fenced()
                ? "another node's writer fenced this node's writer of partition " + partition
                : "a transaction of partition " + partition + " failed; taking the partition over again",
                failed.getCause());
        owned.set(partition, 0);
        writers.remove(partition);
        writer.close();
        TopicPartition requests = new TopicPartition(topics.requests(), partition);
        if (consumer.assignment().contains(requests)) {
            consumer.pause(List.of(requests));
        }
        if (failed.fenced()) {
            fencedAt.put(partition, System.nanoTime()); // the group will say who owns it; see the class notes
        } else {
            awaitingTakeover.add(partition);
        }
    }

    private int endCalls(PartitionWriter writer, List<OpenCall> calls, FailureKind kind)
            throws InterruptedException {
        try {
            int ended = writer.endCalls(calls, kind, consumer.groupMetadata());
            awaitReplica(writer);
            return ended;
        } catch (PartitionWriter.WriteFailed failed) {
            lose(writer, failed);
            return 0;
        }
    }

    private void awaitReplica(PartitionWriter writer) throws InterruptedException {
        try {
            replica.reached(writer.partition(), writer.lastPosition()).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "the replica did not reach this node's writes of partition "
                    + writer.partition() + " within " + patience);
        }
    }

    /** At close: waits until the replica holds every write, so every append's future is completed. */
    private void awaitReplicaOfWrites() throws InterruptedException {
        for (PartitionWriter writer : writers.values()) {
            if (writer.lastPosition() >= Positions.first(writer.partition())) {
                awaitReplica(writer);
            }
        }
    }

    private void runTasks() {
        Task<?> task;
        while ((task = tasks.poll()) != null) {
            runTask(task);
        }
    }

    private static <T> void runTask(Task<T> task) {
        try {
            task.future().complete(task.action().call());
        } catch (Exception e) {
            task.future().completeExceptionally(e);
        }
    }

    private void failTasks() {
        Task<?> task;
        while ((task = tasks.poll()) != null) {
            task.future().completeExceptionally(new StoreClosedException("on Kafka"));
        }
    }

    private void retakeFailed() throws InterruptedException {
        if ((awaitingTakeover.isEmpty() && fencedAt.isEmpty())
                || System.nanoTime() - lastRetake < RETAKE_INTERVAL_NANOS) {
            return;
        }
        lastRetake = System.nanoTime();
        for (Map.Entry<Integer, Long> fenced : List.copyOf(fencedAt.entrySet())) {
            if (lastRetake - fenced.getValue() >= fencedRetakeNanos) {
                fencedAt.remove(fenced.getKey());
                awaitingTakeover.add(fenced.getKey()); // still assigned here a session later: the group's choice
            }
        }
        for (int partition : List.copyOf(awaitingTakeover)) {
            if (consumer.assignment().contains(new TopicPartition(topics.requests(), partition))) {
                takeOver(partition, false);
            } else {
                awaitingTakeover.remove(partition);
            }
        }
    }

    private void takeOver(int partition, boolean interruptOpenCalls) throws InterruptedException {
        Takeover takeover = newWriter(partition);
        if (takeover.writer() != null) {
            install(partition, takeover.writer(), interruptOpenCalls);
        } else {
            takeOverFailed(partition, takeover.failure());
        }
    }

    /** A takeover Kafka refused: the partition's requests wait, and the takeover is tried again. */
    private void takeOverFailed(int partition, KafkaException failure) {
        LOG.log(System.Logger.Level.WARNING, "could not take over partition " + partition + "; will retry", failure);
        awaitingTakeover.add(partition);
        consumer.pause(List.of(new TopicPartition(topics.requests(), partition)));
    }

    /** Makes {@code writer} the partition's, on the owner thread, and reads the partition's requests. */
    private void install(int partition, PartitionWriter writer, boolean interruptOpenCalls) throws InterruptedException {
        TopicPartition requests = new TopicPartition(topics.requests(), partition);
        writers.put(partition, writer);
        if (interruptOpenCalls) {
            endCalls(writer, writer.openCalls(), FailureKind.INTERRUPTED);
            if (!writers.containsKey(partition)) {
                return; // the transaction failed: lose() has arranged the retry
            }
        }
        awaitingTakeover.remove(partition);
        owned.set(partition, 1);
        consumer.resume(List.of(requests));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        try {
            boolean alone = !assignedBefore && !partitions.isEmpty() && aloneInGroup();
            List<Integer> assigned = partitions.stream().map(TopicPartition::partition).toList();
            Map<Integer, Takeover> taken = newWriters(assigned);
            for (int partition : assigned) {
                Takeover takeover = taken.get(partition);
                if (takeover.writer() != null) {
                    install(partition, takeover.writer(), alone);
                } else {
                    takeOverFailed(partition, takeover.failure());
                }
            }
            assignedBefore = true;
            firstAssignment.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /** A partition's new writer, or why it could not be made (one Kafka refused: retried later). */
    private record Takeover(PartitionWriter writer, KafkaException failure) {}

    /**
     * New writers of {@code partitions}, made at once, each in a thread of its own: a writer's
     * transactional producer fences the previous owner in a round trip or more to the transaction
     * coordinator, and a node given twelve partitions took 1.4 s to open when they were made one
     * after another. Any other failure closes the writers made and is thrown.
     */
    private Map<Integer, Takeover> newWriters(List<Integer> partitions) throws InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(partitions.size(), MAX_PARALLEL_TAKEOVERS),
                r -> {
                    Thread t = new Thread(r, "sessionlog-kafka-takeover " + nodeId);
                    t.setDaemon(true);
                    return t;
                });
        try {
            Map<Integer, Future<Takeover>> pending = new HashMap<>();
            for (int partition : partitions) {
                pending.put(partition, pool.submit(() -> newWriter(partition)));
            }
            Map<Integer, Takeover> made = new HashMap<>();
            Throwable failed = null;
            for (Map.Entry<Integer, Future<Takeover>> next : pending.entrySet()) {
                try {
                    made.put(next.getKey(), next.getValue().get());
                } catch (ExecutionException e) {
                    failed = failed == null ? e.getCause() : failed;
                }
            }
            if (failed != null) {
                made.values().stream().filter(t -> t.writer() != null).forEach(t -> t.writer().close());
                if (failed instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
            }
            return made;
        } finally {
            pool.shutdownNow();
        }
    }

    private Takeover newWriter(int partition) throws InterruptedException {
        try {
            return new Takeover(PartitionWriter.takeOver(partition, topics, clients.writer(partition), admin, replica,
                    codec, clock, patience, groupId, snapshotInterval), null);
        } catch (KafkaException e) {
            return new Takeover(null, e);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            release(tp.partition());
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        LOG.log(System.Logger.Level.WARNING, "this node lost partitions " + partitions + " (its group session expired)");
        onPartitionsRevoked(partitions);
    }

    private void release(int partition) {
        owned.set(partition, 0);
        awaitingTakeover.remove(partition);
        fencedAt.remove(partition);
        PartitionWriter writer = writers.remove(partition);
        if (writer != null) {
            writer.close();
        }
    }

    /** Whether this node is the only member of the group: the whole store is starting, not one node. */
    private boolean aloneInGroup() throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS).members().size() <= 1;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "could not count the group's members; open calls are left to"
                    + " their deadlines", e);
            return false;
        }
    }

    /** Writes the appends already queued, leaves the group and closes the writers. */
    @Override
    public void close() {
        stopping = true;
        if (polling) {
            consumer.wakeup();
        }
        try {
            thread.join(patience.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
