package dev.sessionlog.store;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.spi.GuardedListener;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One subscription: its own thread with its own tailer (tailers are bound to one thread), reading
 * the log in order from the requested point and then following it, also when another process
 * writes. Headers are checked before anything is decoded, so following one session does not decode
 * the others. A listener that throws is logged and its subscription closed; the store is unaffected.
 */
final class LogSubscription implements Subscription {
    private static final AtomicLong THREAD_IDS = new AtomicLong();
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final QueueHandle queue;
    private final PositionIndex index;
    private final LogReader reader;
    private final SubscriptionRequest request;
    private final GuardedListener listener;
    private final Thread thread;
    private volatile boolean active = true;
    private volatile long lastDelivered = -1;

    /** A subscription; call {@link #start()} to begin delivering. */
    LogSubscription(QueueHandle queue, PositionIndex index, LogReader reader, SubscriptionRequest request,
                           Consumer<RecordedEvent> listener) {
        this.queue = queue;
        this.index = index;
        this.reader = reader;
        this.request = request;
        this.listener = new GuardedListener(listener);
        this.thread = new Thread(this::run, "sessionlog-subscription-" + THREAD_IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /** Starts the delivery thread. */
    void start() {
        thread.start();
    }

    private void run() {
        long first = startIndex();
        long after = Long.MIN_VALUE;
        while (active) {
            try {
                after = follow(first, after);
            } catch (RuntimeException | InternalError e) {
                if (queue.isClosed()) {
                    close();
                    return;
                }
                // the writer reopened the log under this tailer (after an Error, or a compaction), or a
                // fault in a damaged day file: resume after the last record handled
                LockSupport.parkNanos(IDLE_PARK_NANOS * 10);
            }
        }
    }

    /** Where reading starts: a record at or before the first event the request selects, -1 for the start. */
    private long startIndex() {
        if (request.session() == null) {
            return request.fromPosition() == 0 ? -1 : Positions.index(request.fromPosition());
        }
        long position = index.session(request.session()).map(p -> p.position(request.fromSequence())).orElse(-1L);
        return position < 0 ? -1 : Positions.index(position);
    }

    /**
     * Delivers records after index {@code after} ({@code Long.MIN_VALUE}: from {@code first}) until
     * the log has nothing new; returns the index of the last record handled. The tailer lives only
     * for this call, so the queue's read lock is released whenever the subscription is idle.
     */
    private long follow(long first, long after) {
        return queue.withQueue(q -> {
            long last = after;
            try (ExcerptTailer tailer = q.createTailer()) {
                boolean positioned = after == Long.MIN_VALUE ? first >= 0 && tailer.moveToIndex(first)
                        : tailer.moveToIndex(after);
                if (!positioned) {
                    tailer.toStart();
                }
                while (active) {
                    long handled = deliverNext(tailer, last);
                    if (handled < 0) {
                        return last;
                    }
                    last = handled;
                }
            }
            return last;
        });
    }

    /**
     * Handles the next document unless its index is at most {@code after} (already handled); returns
     * its index, or -1 after a short pause when the log has nothing new.
     */
    private long deliverNext(ExcerptTailer tailer, long after) {
        RecordFormat.Frame frame = null;
        long recordIndex;
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                recordIndex = -1;
            } else {
                recordIndex = document.index();
                if (document.isData() && recordIndex > after) {
                    frame = RecordFormat.parse(LogReader.copy(document)).getOrNull();
                }
            }
        }
        if (recordIndex < 0) {
            LockSupport.parkNanos(IDLE_PARK_NANOS);
            return -1;
        }
        if (frame != null && selected(frame)) {
            for (int slot = 0; slot < frame.count() && active; slot++) {
                long position = Positions.of(recordIndex, slot);
                RecordedEvent event = reader.decode(position, frame.payload(slot)).getOrNull();
                if (event != null && request.matches(event)) {
                    deliver(event);
                }
            }
        }
        return Math.max(recordIndex, after);
    }

    private boolean selected(RecordFormat.Frame frame) {
        if (request.session() != null && !request.session().equals(frame.session())) {
            return false;
        }
        return index.session(frame.session()).map(p -> !p.deleted()).orElse(true);
    }

    private void deliver(RecordedEvent event) {
        if (listener.deliver(event)) {
            lastDelivered = event.position();
        } else {
            close();
        }
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public long lastDeliveredPosition() {
        return lastDelivered;
    }

    @Override
    public void close() {
        active = false;
    }
}
