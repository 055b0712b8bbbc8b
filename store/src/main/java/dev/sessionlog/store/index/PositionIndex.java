package dev.sessionlog.store.index;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.RecordFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-session event positions for the whole log, plus the last Chronicle index it covers. Written by
 * one thread (the writer, or a read-only store's refresher under its lock), read by any.
 */
public final class PositionIndex {
    private final ConcurrentHashMap<SessionId, SessionPositions> sessions = new ConcurrentHashMap<>();
    private volatile long lastIndex = -1;

    /**
     * Records the events of one record. Returns false, changing nothing, when the record repeats
     * sequences already indexed (a duplicated or out-of-order record is skipped, never indexed). A
     * record that starts after a gap (the records between were damaged) is indexed, and the missing
     * sequences are marked absent, so one bad record never hides the rest of its session. An erased
     * record holds nothing to index: false.
     */
    public boolean addRecord(RecordFormat.Frame record, long index) {
        if (record.erased()) {
            return false;
        }
        return addRecord(record.session(), record.firstSequence(), record.count(), record.deletesSession(), index);
    }

    /** Like {@link #addRecord(RecordFormat.Frame, long)}, from the record's header fields. */
    public boolean addRecord(SessionId session, long firstSequence, int count, boolean deletesSession, long index) {
        SessionPositions positions = sessions.computeIfAbsent(session, id -> new SessionPositions());
        if (firstSequence <= positions.size()) {
            return false;
        }
        while (positions.size() + 1L < firstSequence) {
            positions.add(Positions.ABSENT);
        }
        for (int slot = 0; slot < count; slot++) {
            positions.add(Positions.of(index, slot));
        }
        if (deletesSession) {
            positions.markDeleted();
        }
        return true;
    }

    /**
     * Whether the record at {@code index} is the one this index holds for its session's sequences;
     * an erased record belongs to no session and is held by every index of its log (its session was
     * removed from the index when it was erased).
     */
    boolean holds(RecordFormat.Frame record, long index) {
        if (record.erased()) {
            return true;
        }
        SessionPositions positions = sessions.get(record.session());
        return positions != null && positions.position(record.firstSequence()) == Positions.of(index, 0);
    }

    /** Forgets a session whose records were removed from the log. */
    public void remove(SessionId session) {
        sessions.remove(session);
    }

    /** The session's positions, if it has any. */
    public Optional<SessionPositions> session(SessionId session) {
        return Optional.ofNullable(sessions.get(session));
    }

    /** Every session's positions (a live view). */
    public Map<SessionId, SessionPositions> sessions() {
        return sessions;
    }

    /**
     * Every session's positions and the last index covered, at one moment, for a checkpoint; by the
     * index's writer, so that nothing changes while it is taken. O(sessions): no position is copied.
     */
    public Snapshot snapshot() {
        Map<SessionId, SessionPositions.Snapshot> copy = new HashMap<>(sessions.size() * 4 / 3 + 1);
        sessions.forEach((session, positions) -> copy.put(session, positions.snapshot()));
        return new Snapshot(lastIndex, copy);
    }

    /**
     * The index at one moment.
     *
     * @param lastIndex the Chronicle index of the last record it covers
     * @param sessions every session's positions
     */
    public record Snapshot(long lastIndex, Map<SessionId, SessionPositions.Snapshot> sessions) {}

    /** The Chronicle index of the last record scanned into this index, -1 before any. */
    public long lastIndex() {
        return lastIndex;
    }

    /** Notes that every record up to {@code index} has been scanned. */
    public void coveredUpTo(long index) {
        lastIndex = Math.max(lastIndex, index);
    }

    /** Records a session's positions loaded from a checkpoint. */
    void put(SessionId session, SessionPositions positions) {
        sessions.put(session, positions);
    }
}
