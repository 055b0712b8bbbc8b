package dev.sessionlog.store;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.spi.GuardedListener;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One subscription: its own thread with a tailer per partition it follows (tailers are bound to one
 * thread), reading each partition's log in order from the requested point and then following it,
 * also when another process writes. The partitions take turns, a few records each, so each is
 * delivered in its log order and they interleave. Headers are checked before anything is decoded, so
 * following one session does not decode the others. The events a turn finds are delivered after the
 * partition's queue is released, so a slow listener never holds up a writer that reopens its log. A
 * listener that throws is logged and its subscription closed; the store is unaffected.
 *
 * <p>Threads: the delivery thread reads and delivers; {@link #cursor()}, {@link #isActive()},
 * {@link #lastDeliveredPosition()} and {@link #close()} may be called from any thread.
 */
final class LogSubscription implements Subscription {
    private static final AtomicLong THREAD_IDS = new AtomicLong();
    private static final long IDLE_PARK_NANOS = 1_000_000;
    /** The most records one partition's turn reads, so that every partition it follows moves on. */
    private static final int RECORDS_PER_TURN = 64;

    private final List<Source> sources = new ArrayList<>();
    private final SubscriptionRequest request;
    private final GuardedListener listener;
    private final Thread thread;
    private volatile boolean active = true;

    /** A subscription following {@code partitions}; call {@link #start()} to begin delivering. */
    LogSubscription(List<Partition> partitions, SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        this.request = request;
        this.listener = new GuardedListener(listener, request.cursor());
        for (Partition partition : partitions) {
            sources.add(new Source(partition));
        }
        this.thread = new Thread(this::run, "sessionlog-subscription-" + THREAD_IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /** Starts the delivery thread. */
    void start() {
        thread.start();
    }

    private void run() {
        List<RecordedEvent> found = new ArrayList<>();
        try {
            while (active) {
                boolean moved = false;
                for (Source source : sources) {
                    if (!active) {
                        return;
                    }
                    try {
                        moved |= source.turn(found);
                    } catch (RuntimeException | InternalError e) {
                        if (source.partition.queue().isClosed()) {
                            close();
                            return;
                        }
                        // the writer reopened the log under this tailer (after an Error, or a compaction), or a
                        // fault in a damaged day file: resume after the last record handled
                        source.dropTailer();
                        LockSupport.parkNanos(IDLE_PARK_NANOS * 10);
                    }
                    for (int i = 0; i < found.size() && active; i++) {
                        deliver(found.get(i));
                    }
                    found.clear();
                }
                if (!moved) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
        } finally {
            sources.forEach(Source::dropTailer);
        }
    }

    private void deliver(RecordedEvent event) {
        if (!listener.deliver(event)) {
            close();
        }
    }

    /** One partition followed: its tailer, kept between turns while its queue stays the same, and how far it got. */
    private final class Source {
        final Partition partition;
        /** Where reading starts: a record at or before the first event the request selects, -1 for the start. */
        private final long first;
        /** The Chronicle index of the last record handled; {@code Long.MIN_VALUE} before the first. */
        private long after = Long.MIN_VALUE;
        private ExcerptTailer tailer;
        private long tailerGeneration;

        Source(Partition partition) {
            this.partition = partition;
            this.first = startIndex();
        }

        private long startIndex() {
            if (request.session() == null) {
                long from = partition.positions().toLog(request.cursor().nextPosition(partition.number()));
                return from == 0 || from == Long.MAX_VALUE ? -1 : Positions.index(from);
            }
            long position = partition.index().session(request.session())
                    .map(p -> p.position(request.fromSequence())).orElse(-1L);
            return position < 0 ? -1 : Positions.index(position);
        }

        /**
         * Reads up to {@value #RECORDS_PER_TURN} records after the last one handled, adding the
         * events the request selects to {@code found}; returns whether it read any.
         */
        boolean turn(List<RecordedEvent> found) {
            QueueHandle queue = partition.queue();
            return queue.withQueue(q -> {
                if (tailer == null || tailerGeneration != queue.generation()) {
                    dropTailer();
                    tailer = q.createTailer();
                    tailerGeneration = queue.generation();
                    boolean positioned = after == Long.MIN_VALUE ? first >= 0 && tailer.moveToIndex(first)
                            : tailer.moveToIndex(after);
                    if (!positioned) {
                        tailer.toStart();
                    }
                }
                int read = 0;
                while (read < RECORDS_PER_TURN && readNext(found)) {
                    read++;
                }
                return read > 0;
            });
        }

        /** Handles the next document unless it was handled already; false when the log has nothing new. */
        private boolean readNext(List<RecordedEvent> found) {
            RecordFormat.Frame frame = null;
            long recordIndex;
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return false;
                }
                recordIndex = document.index();
                if (document.isData() && recordIndex > after) {
                    frame = RecordFormat.parse(LogReader.copy(document)).getOrNull();
                }
            }
            if (frame != null && selected(frame)) {
                for (int slot = 0; slot < frame.count(); slot++) {
                    RecordedEvent event = partition.reader().decode(Positions.of(recordIndex, slot), frame.payload(slot))
                            .map(partition.positions()::publish).getOrNull();
                    if (event != null && request.matches(event)) {
                        found.add(event);
                    }
                }
            }
            after = Math.max(recordIndex, after);
            return true;
        }

        private boolean selected(RecordFormat.Frame frame) {
        if (frame.erased()) {
            return false;
        }
            if (request.session() != null && !request.session().equals(frame.session())) {
                return false;
            }
            return partition.index().session(frame.session()).map(p -> !p.deleted()).orElse(true);
        }

        /** Closes the tailer, if any; the next turn creates one and resumes after the last record handled. */
        void dropTailer() {
            if (tailer != null) {
                try {
                    tailer.close();
                } catch (RuntimeException | Error ignored) {
                    // a tailer of a closed or faulted queue may fail to close; it is dropped either way
                }
                tailer = null;
            }
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

    /**
     * {@inheritDoc} Before the first delivery, the cursor the subscription started from (for a
     * subscription to one session, {@link StoreCursor#start()}); after, exactly the cursor after the
     * last event delivered.
     */
    @Override
    public StoreCursor cursor() {
        return listener.cursor();
    }

    @Override
    public void close() {
        active = false;
    }
}
