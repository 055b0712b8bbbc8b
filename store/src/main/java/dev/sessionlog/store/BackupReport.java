package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * What {@link ChronicleSessionStore#backup} copied and checked.
 *
 * @param destination the backup: a store directory, opened like any other
 * @param records the records (appends) copied
 * @param events the events they hold, erased records' excluded
 * @param verification the verification of the copy, which found no problem
 */
public record BackupReport(String destination, long records, long events, StoreVerification verification) {
    /** Requires the destination and the verification. */
    public BackupReport {
        requireArgument(destination != null, "destination must not be null");
        requireArgument(verification != null, "verification must not be null");
    }
}
