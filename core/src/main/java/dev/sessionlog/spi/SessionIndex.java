package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session index, what replaces {@code sessions.json}: one {@link SessionSummary} per session,
 * kept current one event at a time ({@link SessionSummaries#apply}), so updating or finding one
 * session is O(1) in the number of sessions (field failure 7).
 *
 * <p>Threads: {@link #apply} and {@link #restore} belong to the writer of the {@link SessionLedger}
 * that owns the index; everything else may be called from any thread, since the index is a
 * concurrent map of immutable entries.
 */
final class SessionIndex {
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparing((Entry e) -> e.summary().updatedAt())
                    .thenComparingLong(Entry::lastPosition)
                    .reversed();

    private final Map<SessionId, Entry> entries = new ConcurrentHashMap<>();

    /** A session's entry and the log position of its last event. */
    record Entry(SessionSummary summary, long lastPosition) {}

    /** Brings the session's entry up to date with its next event; as the writer. */
    void apply(RecordedEvent event) {
        entries.compute(event.sessionId(), (session, previous) -> new Entry(
                SessionSummaries.apply(previous == null ? null : previous.summary(), event), event.position()));
    }

    /**
     * The entries a checkpoint's {@code sessions} describe, for {@link #restore}.
     *
     * @throws IllegalArgumentException when a session appears twice
     */
    static Map<SessionId, Entry> entriesOf(List<LedgerState.Session> sessions) {
        Map<SessionId, Entry> restored = new HashMap<>();
        for (LedgerState.Session session : sessions) {
            Entry previous = restored.put(session.summary().sessionId(),
                    new Entry(session.summary(), session.lastPosition()));
            requireArgument(previous == null, "session %s appears twice", session.summary().sessionId());
        }
        return restored;
    }

    /** Takes over {@code restored} into an empty index; as the writer. */
    void restore(Map<SessionId, Entry> restored) {
        entries.putAll(restored);
    }

    /** Every entry, as a checkpoint holds them. */
    List<LedgerState.Session> export() {
        return entries.values().stream()
                .map(entry -> new LedgerState.Session(entry.summary(), entry.lastPosition()))
                .toList();
    }

    /** The session's entry, deleted sessions included; null when the session does not exist. */
    Entry get(SessionId session) {
        return entries.get(session);
    }

    /** Removes the session's entry; as the writer. */
    void remove(SessionId session) {
        entries.remove(session);
    }

    boolean contains(SessionId session) {
        return entries.containsKey(session);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The session's last sequence, 0 when it does not exist. */
    long lastSequence(SessionId session) {
        Entry entry = entries.get(session);
        return entry == null ? 0 : entry.summary().lastSequence();
    }

    /** The session's key, or null when it has none or does not exist. */
    SessionKey sessionKey(SessionId session) {
        Entry entry = entries.get(session);
        return entry == null ? null : entry.summary().sessionKey();
    }

    /** Why the session ended, or null while it is open or when it does not exist. */
    SessionEnded.Reason endReason(SessionId session) {
        Entry entry = entries.get(session);
        return entry == null ? null : entry.summary().endReason();
    }

    /** The session's summary; empty when it does not exist or was deleted. */
    Optional<SessionSummary> summary(SessionId session) {
        Entry entry = entries.get(session);
        return entry == null || isDeleted(entry) ? Optional.empty() : Optional.of(entry.summary());
    }

    /** The sessions {@code query} selects, most recently updated first; deleted ones never. */
    List<SessionSummary> sessions(SessionQuery query) {
        requireArgument(query != null, "query must not be null");
        return entries.values().stream()
                .filter(e -> !isDeleted(e) && query.matches(e.summary()))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .map(Entry::summary)
                .toList();
    }

    /** Every session's entry, in no order. */
    Collection<Entry> all() {
        return entries.values();
    }

    static boolean isDeleted(Entry entry) {
        return entry.summary().endReason() == SessionEnded.Reason.DELETED;
    }
}
