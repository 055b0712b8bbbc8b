package dev.sessionlog;

/**
 * A running subscription. Its listener runs on a thread of the store's, never the writer's, so a
 * slow or throwing listener cannot stop the store; a listener that throws is logged and its
 * subscription is cancelled.
 */
public interface Subscription extends AutoCloseable {

    /** Whether events are still delivered. */
    boolean isActive();

    /** The position of the last event delivered, or -1 before the first. */
    long lastDeliveredPosition();

    /**
     * Where a consumer resumes with {@link SubscriptionRequest#allFrom(StoreCursor)}: the cursor after
     * the last event delivered. Persist it after processing each event, and a restart neither loses
     * nor repeats one. The default knows only the last delivered position, so before the first
     * delivery it answers {@link StoreCursor#start()}; stores override it to answer the cursor the
     * subscription started from.
     */
    default StoreCursor cursor() {
        long last = lastDeliveredPosition();
        return last < 0 ? StoreCursor.start() : StoreCursor.start().withNextPosition(0, last + 1);
    }

    /** Stops delivery; idempotent. */
    @Override
    void close();
}
