package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionSummary;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link SessionLedger} knows, as plain values: what {@link SessionLedger#export()}
 * hands a checkpoint and {@link SessionLedger#restore} takes back, so that a store can open without
 * replaying every stored event. The key fingerprints are those of the ledger's key hash function: a
 * checkpoint written with one function must not be restored into a ledger using another (the
 * store's checkpoint format version pins it). A transfer object, not a value: the session entries
 * and the key arrays are neither copied nor compared by content (a million sessions are tens of
 * megabytes).
 *
 * @param sessions every session's index entry, deleted ones included, as rows ({@link SessionImage}
 *     writes and reads them without an object per session)
 * @param keyFingerprints the 32-bit fingerprint of every remembered idempotency key, parallel to
 *     {@code keySequences}
 * @param keySequences the sequence of the event holding each key of {@code keyFingerprints}
 * @param collidedKeys keys whose fingerprint another key already held, by "session id, newline, key"
 * @param openCalls model calls started and not ended, oldest first
 */
public record LedgerState(SessionEntries sessions, int[] keyFingerprints, int[] keySequences,
                          Map<String, Long> collidedKeys, List<OpenCall> openCalls) {

    /**
     * One session's index entry, as a value.
     *
     * @param summary the entry
     * @param lastPosition the log position of its newest event (orders entries updated at the same instant)
     */
    public record Session(SessionSummary summary, long lastPosition) {
        /** Requires the summary. */
        public Session {
            requireArgument(summary != null, "summary must not be null");
        }
    }

    /** Requires every field, and as many key sequences as key fingerprints; copies the lists and map. */
    public LedgerState {
        requireArgument(sessions != null, "sessions must not be null");
        requireArgument(keyFingerprints != null && keySequences != null,
                "key fingerprints and sequences must not be null");
        requireArgument(keyFingerprints.length == keySequences.length, "%s key fingerprints but %s key sequences",
                keyFingerprints.length, keySequences.length);
        requireArgument(collidedKeys != null, "collided keys must not be null");
        requireArgument(openCalls != null, "open calls must not be null");
        collidedKeys = Map.copyOf(collidedKeys);
        openCalls = List.copyOf(openCalls);
    }

    /**
     * A state whose sessions are given as values, numbered by slots of their own.
     *
     * @throws IllegalArgumentException as {@link SessionEntries#of} and the canonical constructor
     */
    public LedgerState(List<Session> sessions, int[] keyFingerprints, int[] keySequences,
                       Map<String, Long> collidedKeys, List<OpenCall> openCalls) {
        this(SessionEntries.of(sessions, new SessionSlots()), keyFingerprints, keySequences, collidedKeys, openCalls);
    }
}
