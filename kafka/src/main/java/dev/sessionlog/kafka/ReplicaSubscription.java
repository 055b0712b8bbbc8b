package dev.sessionlog.kafka;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.spi.GuardedListener;
import dev.sessionlog.spi.Partitioning;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A subscription served from this node's replica, on a thread of its own: a slow or throwing
 * listener holds only itself. Across sessions it delivers each partition in order from the
 * request's cursor, taking turns between partitions (their events interleave); for one session,
 * that session's events from the requested sequence. Events are delivered as the replica applies
 * them: committed ones only.
 */
final class ReplicaSubscription implements Subscription {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int TURN = 256;
    private static final long IDLE_WAIT_MILLIS = 100;

    private final Replica replica;
    private final SubscriptionRequest request;
    private final GuardedListener listener;
    private final Runnable onClose;
    private final Thread thread;
    private volatile boolean active = true;

    ReplicaSubscription(Replica replica, SubscriptionRequest request, Consumer<RecordedEvent> listener,
                        Runnable onClose) {
        this.replica = replica;
        this.request = request;
        this.listener = new GuardedListener(listener, request.cursor());
        this.onClose = onClose;
        this.thread = new Thread(this::run, "sessionlog-kafka-subscription-" + IDS.incrementAndGet());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            if (request.session() != null) {
                followSession(request.session());
            } else {
                followAll();
            }
        } catch (InterruptedException | ReplicaStoppedException e) {
            close();
        }
    }

    private void followAll() throws InterruptedException {
        int partitions = replica.partitionCount();
        int[] next = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            next[p] = replica.log(p).indexOf(Math.max(listener.cursor().nextPosition(p), Positions.first(p)));
        }
        while (active) {
            long seen = replica.version();
            boolean delivered = false;
            for (int p = 0; p < partitions && active; p++) {
                PartitionLog log = replica.log(p);
                int end = Math.min(log.size(), next[p] + TURN);
                for (; next[p] < end && active; next[p]++) {
                    deliver(log.get(next[p]));
                    delivered = true;
                }
            }
            if (!delivered) {
                replica.awaitProgress(seen, IDLE_WAIT_MILLIS);
            }
        }
    }

    private void followSession(SessionId session) throws InterruptedException {
        SessionEvents events = null;
        long next = request.fromSequence() - 1;
        while (active) {
            long seen = replica.version();
            if (events == null) {
                events = replica.events(session);
            }
            int end = events == null ? 0 : events.size();
            boolean delivered = false;
            for (; next < end && active; next++) {
                deliver(events.get((int) next));
                delivered = true;
            }
            if (!delivered) {
                replica.awaitProgress(seen, IDLE_WAIT_MILLIS);
            }
        }
    }

    private void deliver(RecordedEvent event) {
        if (!listener.deliver(event)) {
            close();
        }
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public long lastDeliveredPosition() {
        return listener.lastDeliveredPosition();
    }

    @Override
    public StoreCursor cursor() {
        return listener.cursor();
    }

    @Override
    public void close() {
        if (active) {
            active = false;
            onClose.run();
        }
    }
}
