package dev.sessionlog.spi;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import java.util.Optional;

/**
 * Reads one stored event back for the {@link SessionLedger}: the ledger keeps only a 64-bit hash of
 * each idempotency key, and confirms a hash hit against the stored event. Called on the writer
 * thread only. Deleted sessions' events must still be found.
 */
@FunctionalInterface
public interface EventLookup {

    /** The event of {@code session} at {@code sequence}, or empty when there is none. */
    Optional<RecordedEvent> find(SessionId session, long sequence);
}
