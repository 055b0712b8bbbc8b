package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.spi.AppendLimits;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Sends appends to the owner of their partition through the requests topic, and gives each caller
 * the owner's answer from the replies topic: the same result, or the same typed refusal, as an
 * append made on the owner. A result completes the caller's future only once this node's replica
 * holds what the owner's answer was decided on (the events, the originals of a duplicate, the
 * session as it refused), so a read after the append sees it here too.
 *
 * <p>Each node reads one partition of the replies topic, chosen by its id (several nodes may
 * share one and skip each other's replies), from its end at start: replies to an earlier process
 * of this node are of no use. A request without an answer within the store's patience fails with
 * {@link AppendNotConfirmedException}.
 *
 * <p>Threads: {@link #forward} from any thread; the replies are read on this forwarder's thread;
 * futures are completed on the store's completion executor.
 */
final class Forwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());

    private final String nodeId;
    private final Topics topics;
    private final Replica replica;
    private final EventCodec codec;
    private final Executor completions;
    private final int capacity;
    private final Duration patience;
    private final Producer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> replies;
    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private record Pending(int partition, CompletableFuture<AppendResult> future, long deadline) {}

    Forwarder(String nodeId, Topics topics, Clients clients, Replica replica, EventCodec codec, Executor completions,
              int capacity, Duration patience) {
        this.nodeId = nodeId;
        this.topics = topics;
        this.replica = replica;
        this.codec = codec;
        this.completions = completions;
        this.capacity = capacity;
        this.patience = patience;
        Properties readerSettings = clients.reader("replies");
        this.replies = new KafkaConsumer<>(readerSettings);
        TopicPartition mine = new TopicPartition(topics.replies(), replyPartition(nodeId, topics.partitions()));
        replies.assign(List.of(mine));
        replies.seekToEnd(List.of(mine));
        replies.position(mine, patience); // fixes the start before any request is sent
        this.producer = new KafkaProducer<>(clients.forwarder());
        this.thread = new Thread(this::readReplies, "sessionlog-kafka-replies " + nodeId);
        thread.setDaemon(true);
        thread.start();
    }

    /** The partition of the replies topic that {@code nodeId} reads. */
    static int replyPartition(String nodeId, int partitions) {
        return Math.floorMod(nodeId.hashCode(), partitions);
    }

    /** Sends the append to the owner of {@code partition}; {@code future} gets the owner's answer. */
    void forward(int partition, SessionId session, ExpectedSequence expected, List<NewEvent> events,
                 CompletableFuture<AppendResult> future) {
        if (pending.size() >= capacity) {
            future.completeExceptionally(new StoreBusyException(capacity));
            return;
        }
        UUID id = UUID.randomUUID();
        byte[] value;
        try {
            value = new AppendRequest(id, nodeId, session, expected, events).write(codec);
        } catch (IllegalArgumentException refused) {
            future.completeExceptionally(refused);
            return;
        }
        if (value.length > Clients.MAX_REQUEST_BYTES - 64 * 1024) {
            // Far past what the owner would store: refused here, so that it is never sent.
            future.completeExceptionally(new InvalidEventException(session, "the append encodes to more than "
                    + value.length / 2 + " bytes, more than the " + AppendLimits.MAX_APPEND_BYTES
                    + " one append may take"));
            return;
        }
        pending.put(id, new Pending(partition, future, System.nanoTime() + patience.toNanos()));
        try {
            producer.send(new ProducerRecord<>(topics.requests(), partition, EventRecords.key(session), value),
                    (metadata, error) -> {
                        if (error != null) {
                            fail(id, new AppendNotConfirmedException("it could not be forwarded to the owner of"
                                    + " partition " + partition, error));
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            fail(id, new AppendNotConfirmedException("it could not be forwarded to the owner of partition "
                    + partition, e));
        }
    }

    private void fail(UUID id, RuntimeException error) {
        Pending waiting = pending.remove(id);
        if (waiting != null) {
            completions.execute(() -> waiting.future().completeExceptionally(error));
        }
    }

    private void readReplies() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : replies.poll(Duration.ofMillis(100))) {
                        answer(record);
                    }
                } catch (WakeupException | InterruptException e) {
                    continue;
                } catch (KafkaException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not read the replies topic; retrying", e);
                }
                expire();
            }
        } finally {
            replies.close(Duration.ofSeconds(5));
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> record) {
        UUID id = AppendReply.requestIdOf(record.value());
        Pending waiting = id == null ? null : pending.remove(id);
        if (waiting == null) {
            return; // another node's reply, or one this node gave up on
        }
        Either<String, AppendReply> reply = AppendReply.read(record.value());
        if (reply.isLeft()) {
            completions.execute(() -> waiting.future().completeExceptionally(new AppendNotConfirmedException(
                    "the owner's answer could not be read (" + reply.getLeft() + ")", null)));
            return;
        }
        Either<RuntimeException, AppendResult> outcome = reply.get().outcome();
        replica.reached(waiting.partition(), reply.get().seenPosition())
                .completeOnTimeout(null, patience.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reached, replicaStopped) -> { // the answer stands: reads here now fail
                    if (outcome.isRight()) {
                        waiting.future().complete(outcome.get());
                    } else {
                        waiting.future().completeExceptionally(outcome.getLeft());
                    }
                }, completions);
    }

    private void expire() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        pending.forEach((id, waiting) -> {
            if (now - waiting.deadline() > 0) {
                fail(id, new AppendNotConfirmedException("the owner of partition " + waiting.partition()
                        + " did not answer within " + patience.toSeconds() + " s", null));
            }
        });
    }

    /** Whether forwarded appends still wait for their answers. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Stops; appends still waiting for an answer fail with {@link AppendNotConfirmedException}. */
    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (UUID id : List.copyOf(pending.keySet())) {
            fail(id, new AppendNotConfirmedException("the store closed before the owner answered", null));
        }
        producer.close(Duration.ofSeconds(5));
    }
}
