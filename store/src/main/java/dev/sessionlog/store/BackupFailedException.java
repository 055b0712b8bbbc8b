package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;

/**
 * A backup was refused or did not complete: the destination exists, cannot be written, lies inside
 * the store, or the copy did not verify. Nothing is left at the destination, and the store is
 * unchanged.
 */
public final class BackupFailedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final String destination;
    private final String reason;

    /**
     * @param destination the backup's destination
     * @param reason why, for people
     */
    public BackupFailedException(String destination, String reason) {
        super("cannot back up to " + destination + ": " + reason);
        this.destination = destination;
        this.reason = reason;
    }

    /** The backup's destination. */
    public String destination() {
        return destination;
    }

    /** Why the backup failed, for people. */
    public String reason() {
        return reason;
    }
}
