package dev.sessionlog;

/**
 * The base of every error the store reports. Store errors are their own types, never a
 * {@code ModelCallFailed} and never text that reads like a provider failure, so a gateway's
 * failover cannot mistake a local problem for a model's.
 */
public abstract class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    protected SessionStoreException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    protected SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same append may succeed if tried again unchanged. */
    public boolean retryable() {
        return false;
    }
}
