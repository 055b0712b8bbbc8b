package dev.sessionlog;

/** The store was opened read-only; appends are refused. */
public final class StoreReadOnlyException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** For the store at {@code description}. */
    public StoreReadOnlyException(String description) {
        super("the store " + description + " is open read-only; appends are refused");
    }
}
