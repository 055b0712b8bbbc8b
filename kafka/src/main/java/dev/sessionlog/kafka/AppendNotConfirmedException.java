package dev.sessionlog.kafka;

import dev.sessionlog.SessionStoreException;

/**
 * Kafka did not confirm an append: the transaction that held it failed for a reason other than a
 * rule (the brokers were unreachable, a forwarded append got no answer from the partition's owner
 * within the store's patience). The append may or may not have been stored. Retrying is safe for
 * events with idempotency keys (messages, deliveries, model calls): a stored one is answered as a
 * duplicate; read the session first before retrying events without one.
 */
public final class AppendNotConfirmedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what what happened, for people
     * @param cause what Kafka answered, or null
     */
    public AppendNotConfirmedException(String what, Throwable cause) {
        super("the append was not confirmed: " + what + "; it may or may not be stored", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
