package dev.sessionlog;

/** The writer's queue is full; the append was refused at once, not stored. Retry after a short pause. */
public final class StoreBusyException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    /** @param capacity the writer queue's capacity */
    public StoreBusyException(int capacity) {
        super("the store's writer queue is full (" + capacity + " pending appends); retry shortly");
        this.capacity = capacity;
    }

    /** The writer queue's capacity. */
    public int capacity() {
        return capacity;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
