package dev.sessionlog.server;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionStore;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import java.time.Duration;

/**
 * {@code GET /v1/stream}: every session's events from a cursor, fed by a store subscription of its
 * own, each event's {@code id:} the encoded cursor after it. The subscription's thread (one per
 * subscription, the store's) waits at most the stall limit for room in the stream's queue: that is
 * the back-pressure while a client catches up, and a client that takes nothing for that long is
 * disconnected (it resumes from its last id).
 */
final class StoreStream {
    private final EventStream stream;
    private final WireEvents wire;
    private final Duration stallLimit;
    private StoreCursor cursor;

    StoreStream(EventStream stream, WireEvents wire, StoreCursor from, Duration stallLimit) {
        this.stream = stream;
        this.wire = wire;
        this.cursor = from;
        this.stallLimit = stallLimit;
    }

    /** Subscribes (a refusal throws before anything is sent), then starts the response. */
    void open(SessionStore store) {
        Subscription subscription = store.subscribe(SubscriptionRequest.allFrom(cursor), this::deliver);
        stream.onClose(subscription::close);
        stream.start();
    }

    /** On the subscription's thread, in log order. */
    private void deliver(RecordedEvent event) {
        cursor = cursor.after(event);
        byte[] frame = EventStream.frame(cursor.encode(), wire.encode(event));
        try {
            if (!stream.offer(frame, stallLimit)) {
                stream.close(new EventStream.ClientTooSlowException("the client read nothing for " + stallLimit));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close(e);
        }
    }
}
