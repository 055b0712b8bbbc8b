package dev.sessionlog.server;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * {@code GET /v1/sessions/{id}/stream}: one session's events from a sequence, each event's {@code id:}
 * its sequence. It reads stored events page by page as the client takes them (catch-up), and takes
 * new ones from the {@link LiveFeed} (live).
 *
 * <p>Design notes. Sequences are gapless, so the stream needs no ordering between the two sources:
 * it sends exactly the event whose sequence is {@code next}, from the feed's queue when it is there,
 * else from the store. An event the feed delivered before the stream registered is read from the
 * store; one it delivers twice, or that the store already gave, has a sequence below {@code next}
 * and is dropped; a gap before a feed event is filled from the store, and when the store does not
 * show the missing event yet, the stream reads again a millisecond later. The feed's thread only
 * queues: all the work runs on the server's pool, one run at a time per stream
 * ({@code scheduled} counts requests, the run that takes it from 0 drains them). A client so far
 * behind that live events pile up past the queue's bound is disconnected and resumes later.
 */
final class SessionStream {
    private static final int PAGE = 256;
    private static final long RETRY_MILLIS = 1;

    private final EventStream stream;
    private final WireEvents wire;
    private final SessionStore store;
    private final SessionId session;
    private final Executor executor;
    private final Scheduler scheduler;
    private final int maxPending;
    private final ConcurrentLinkedQueue<RecordedEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicInteger scheduled = new AtomicInteger();
    private long next;
    private boolean caughtUp;

    SessionStream(EventStream stream, WireEvents wire, SessionStore store, SessionId session, long from,
                  Executor executor, Scheduler scheduler, int maxPending) {
        this.stream = stream;
        this.wire = wire;
        this.store = store;
        this.session = session;
        this.next = from;
        this.executor = executor;
        this.scheduler = scheduler;
        this.maxPending = maxPending;
    }

    /** Registers with the feed, then starts the response and the catch-up. */
    void open(LiveFeed feed) {
        AutoCloseable registration = feed.register(session, this::onLive);
        stream.onClose(() -> {
            try {
                registration.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stream.onRoom(this::schedule);
        stream.start();
        schedule();
    }

    /** On the feed's thread: queue and schedule, never block. */
    private void onLive(RecordedEvent event) {
        if (pendingCount.incrementAndGet() > maxPending) {
            stream.close(new EventStream.ClientTooSlowException("the client fell " + maxPending
                    + " events behind the live ones"));
            return;
        }
        pending.add(event);
        schedule();
    }

    private void schedule() {
        if (!stream.isClosed() && scheduled.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            try {
                advance();
            } catch (RuntimeException e) {
                stream.close(e);
                return;
            }
        } while (scheduled.decrementAndGet() > 0);
    }

    /** Sends what the client has room for: the next sequence, from the feed's queue or the store. */
    private void advance() {
        while (!stream.isClosed() && stream.room() > 0) {
            RecordedEvent head = pending.peek();
            while (head != null && head.sequence() < next) {
                take();
                head = pending.peek();
            }
            if (head != null && head.sequence() == next) {
                take();
                send(head);
                continue;
            }
            if (caughtUp && head == null) {
                return; // live, and nothing new: the feed schedules the next run
            }
            List<RecordedEvent> page = store.read(session, next, Math.min(PAGE, stream.room()));
            if (page.isEmpty()) {
                if (head == null) {
                    caughtUp = true;
                } else {
                    scheduler.schedule(this::schedule, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            page.forEach(this::send);
        }
    }

    private void take() {
        pending.poll();
        pendingCount.decrementAndGet();
    }

    private void send(RecordedEvent event) {
        if (event.sequence() != next) {
            return;
        }
        if (stream.offer(EventStream.frame(Long.toString(event.sequence()), wire.encode(event)))) {
            next = event.sequence() + 1;
        }
    }
}
