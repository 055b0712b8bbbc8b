package dev.sessionlog.cli;

/** The store directory cannot be used: missing, not a store, unreadable. Exit code 3. */
final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message) {
        super(message);
    }

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
