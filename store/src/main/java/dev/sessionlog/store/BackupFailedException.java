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
    private final boolean destinationRefused;

    /**
     * @param destination the backup's destination
     * @param reason why, for people
     * @param destinationRefused whether the destination itself was refused (it exists, cannot be
     *     created, lies inside the store) before anything was copied
     */
    public BackupFailedException(String destination, String reason, boolean destinationRefused) {
        super("cannot back up to " + destination + ": " + reason);
        this.destination = destination;
        this.reason = reason;
        this.destinationRefused = destinationRefused;
    }

    /** Whether the destination was refused before anything was copied: another destination may work. */
    public boolean destinationRefused() {
        return destinationRefused;
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
