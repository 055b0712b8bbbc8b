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

    /** Stops delivery; idempotent. */
    @Override
    void close();
}
