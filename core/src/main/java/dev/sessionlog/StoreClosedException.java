package dev.sessionlog;

/** The store has been closed; open it again to use it. */
public final class StoreClosedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** For the store at {@code description}. */
    public StoreClosedException(String description) {
        super("the store " + description + " is closed");
    }
}
