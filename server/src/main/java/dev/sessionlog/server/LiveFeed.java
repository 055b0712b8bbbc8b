package dev.sessionlog.server;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.store.ChronicleSessionStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One store subscription shared by every session stream: new events, dispatched by session to the
 * streams registered for it. A hundred clients tailing sessions then cost the store one
 * subscription, and each event is read and decoded once. Listeners run on the subscription's
 * thread and must not block (a {@link SessionStream} only queues).
 *
 * <p>The feed starts, on the first registration, at the newest event stored then: older events are
 * what a stream reads from the store while it catches up.
 */
final class LiveFeed implements AutoCloseable {
    private final SessionStore store;
    private final Map<SessionId, List<Consumer<RecordedEvent>>> listeners = new ConcurrentHashMap<>();
    private Subscription subscription;
    private boolean closed;

    LiveFeed(SessionStore store) {
        this.store = store;
    }

    /** Delivers {@code session}'s new events to {@code listener} until the returned handle is closed. */
    AutoCloseable register(SessionId session, Consumer<RecordedEvent> listener) {
        listeners.computeIfAbsent(session, s -> new CopyOnWriteArrayList<>()).add(listener);
        start();
        return () -> listeners.computeIfPresent(session, (s, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    private synchronized void start() {
        if (subscription == null && !closed) {
            subscription = store.subscribe(SubscriptionRequest.allFrom(newest()), this::dispatch);
        }
    }

    /**
     * The cursor at the end of every partition. Starting a little early is harmless (streams skip
     * what they sent), starting late is not: a partition must never start past an event a stream has
     * not read yet. The Chronicle store knows each partition's end; for another store, a partition's
     * newest event is the last of the most recently updated session in it (read once, on the first
     * registration), and a partition without sessions starts at its beginning.
     */
    private StoreCursor newest() {
        if (store instanceof ChronicleSessionStore chronicle) {
            return chronicle.cursorAtEnd();
        }
        StoreCursor cursor = StoreCursor.start();
        Set<Integer> seen = new HashSet<>();
        for (SessionSummary summary : store.sessions(SessionQuery.all().limit(SessionQuery.MAX_LIMIT))) {
            List<RecordedEvent> last = store.readLast(summary.sessionId(), 1);
            if (!last.isEmpty() && seen.add(last.get(0).partition())) {
                cursor = cursor.withNextPosition(last.get(0).partition(), last.get(0).position());
            }
        }
        return cursor;
    }

    private void dispatch(RecordedEvent event) {
        List<Consumer<RecordedEvent>> interested = listeners.get(event.sessionId());
        if (interested != null) {
            for (Consumer<RecordedEvent> listener : interested) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // one stream's fault must not end the feed of all the others
                    System.err.println("sessionlog serve: a stream failed to take an event: " + e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}
