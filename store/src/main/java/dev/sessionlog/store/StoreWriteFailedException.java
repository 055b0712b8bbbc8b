package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;

/**
 * Writing to the log failed inside Chronicle Queue (an I/O error, or a fault in the memory-mapped
 * file such as a disk that filled up between the free-space check and the write). The append was
 * rolled back and not acknowledged; the store reopened its log and accepts appends again.
 */
public final class StoreWriteFailedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /** @param directory the store directory; @param cause what Chronicle threw */
    public StoreWriteFailedException(String directory, Throwable cause) {
        super("writing to the store " + directory + " failed (" + cause.getClass().getSimpleName()
                + "); the append was rolled back and the log reopened", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
