package dev.sessionlog.kafka;

import dev.sessionlog.SessionStoreException;

/**
 * A node could not open because the Kafka cluster did not answer, or did not let it catch up with
 * the store, within the store's patience. Nothing was changed; opening again later may succeed.
 */
public final class KafkaStoreUnavailableException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what what could not be done, for people
     * @param cause what Kafka answered, or null
     */
    public KafkaStoreUnavailableException(String what, Throwable cause) {
        super(what, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
