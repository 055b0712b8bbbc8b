package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.util.TextArena;
import java.util.List;
import java.util.Optional;

/**
 * The session index, what replaces {@code sessions.json}: one entry per session, kept current one
 * event at a time with the rules of {@link SessionSummaries}, so updating or finding one session is
 * O(1) in the number of sessions (field failure 7). The entries are rows of {@link SessionEntries},
 * numbered by the sessions' {@link SessionSlots}; a {@link SessionSummary} is made when one is asked
 * for.
 *
 * <p>Threads: {@link #apply} and {@link #restore} belong to the writer of the {@link SessionLedger}
 * that owns the index; everything else may be called from any thread: a row is read consistently
 * (the seqlock of {@link SessionEntries}), and the entries are replaced only by a restore, through a
 * volatile field. A listing ({@link #sessions}) reads each row once, as it is at that moment, so
 * each summary it returns is one the session really had, the list is ordered by the values it
 * shows, and it does not change afterwards; a session changed while the listing runs may appear as
 * before or after the change.
 */
final class SessionIndex {
    /** How many rows a narrow listing makes room for at first. */
    private static final int FEW = 64;
    private final SessionSlots slots;
    /** Replaced only by {@link #restore}, which takes over loaded entries whole. */
    private volatile SessionEntries entries;
    /** The writer's scratch, reused by every {@link #apply}. */
    private final SessionEntries.Row scratch = new SessionEntries.Row();
    private final SessionSummaries.Draft draft = new SessionSummaries.Draft();

    SessionIndex(SessionSlots slots) {
        this.slots = slots;
        this.entries = new SessionEntries(slots);
    }

    /** The slot of {@code session}, -1 when it has none. Any thread. */
    int slotOf(SessionId session) {
        return slots.slotOf(session);
    }

    /** Brings the session's entry up to date with its next event; as the writer. */
    void apply(RecordedEvent event) {
        SessionEntries current = entries;
        int slot = slots.add(event.sessionId());
        SessionEntries.Row row = scratch;
        boolean existed = current.read(slot, row);
        draft.clear();
        if (existed) {
            Profiles.Profile profile = current.profiles().get(row.profile);
            draft.agentId = profile.agentId();
            draft.channel = profile.channel();
            draft.model = profile.model();
            draft.provider = profile.provider();
            draft.messageCount = row.messageCount;
            draft.openCalls = row.openCalls;
            draft.lastFailure = row.lastFailure();
            draft.totalTokens = row.totalTokens;
            draft.endReason = row.endReason();
        } else {
            row.flags = 0;
            row.key = TextArena.NULL;
            row.createdAt(event.occurredAt());
            row.updatedAt(event.occurredAt());
        }
        event.event().accept(draft);
        if (draft.keyChanged) {
            row.key = current.keys().add(draft.sessionKey == null ? null : draft.sessionKey.value());
        }
        row.profile = existed
                ? current.profiles().withChanges(row.profile, draft.agentId, draft.channel, draft.model, draft.provider)
                : current.profiles().intern(draft.agentId, draft.channel, draft.model, draft.provider);
        row.endReason(draft.endReason);
        row.lastFailure(draft.lastFailure);
        row.lastSequence = Math.toIntExact(event.sequence());
        row.messageCount = Math.toIntExact(draft.messageCount);
        row.openCalls = draft.openCalls;
        row.totalTokens = draft.totalTokens;
        row.updatedAtNoEarlier(event.occurredAt());
        row.lastPosition = event.position();
        current.write(slot, row);
    }

    /** Takes over {@code restored} into an empty index, whole when it can, else row by row; as the writer. */
    void restore(SessionEntries restored) {
        if (restored.canBeTakenOverFor(slots)) {
            entries = restored;
        } else {
            entries.copyRowsFrom(restored);
        }
    }

    /** Every entry, as a checkpoint holds them: a copy. As the writer. */
    SessionEntries export() {
        return entries.copy();
    }

    /**
     * Removes the session's entry (its slot stays, empty, so the position index sharing the slots is
     * untouched); as the writer.
     */
    void remove(SessionId session) {
        entries.remove(slots.slotOf(session));
    }

    boolean contains(int slot) {
        return entries.contains(slot);
    }

    boolean isEmpty() {
        return entries.count() == 0;
    }

    /** The session's last sequence, 0 when it does not exist. */
    long lastSequence(int slot) {
        return entries.lastSequence(slot);
    }

    /** The session's key, or null when it has none or does not exist. */
    SessionKey sessionKey(int slot) {
        SessionEntries current = entries;
        SessionEntries.Row row = new SessionEntries.Row();
        return current.read(slot, row) && row.key != TextArena.NULL ? new SessionKey(current.keys().get(row.key))
                : null;
    }

    /** Why the session ended, or null while it is open or when it does not exist. */
    SessionEnded.Reason endReason(int slot) {
        return entries.endReason(slot);
    }

    /** The session's summary; empty when it does not exist or was deleted. */
    Optional<SessionSummary> summary(SessionId session) {
        SessionEntries current = entries;
        SessionEntries.Row row = new SessionEntries.Row();
        if (!current.read(slots.slotOf(session), row) || row.endReason() == SessionEnded.Reason.DELETED) {
            return Optional.empty();
        }
        return Optional.of(current.summary(session, row));
    }

    /**
     * The sessions {@code query} selects, most recently updated first (the newest event's position
     * breaks ties); deleted ones never. One pass over the rows, applying the query's criteria to each
     * ({@link RowCriteria}) and keeping copies of the {@code limit} newest that match in a bounded heap
     * ({@link NewestFirst}), so the limit counts matching sessions; the list makes each summary when it
     * is read, from the row as it was in that pass, and none for a row that did not match.
     */
    List<SessionSummary> sessions(SessionQuery query) {
        requireArgument(query != null, "query must not be null");
        SessionEntries current = entries;
        RowCriteria criteria = new RowCriteria(query, current);
        // a narrow query keeps few rows whatever its limit: its arrays start small and grow
        int expected = criteria.narrowerThanEndedOrNot() ? Math.min(current.count(), FEW) : current.count();
        NewestFirst newest = new NewestFirst(query.limit(), expected);
        SessionEntries.Row row = new SessionEntries.Row();
        for (int slot = 0, n = slots.size(); slot < n; slot++) {
            if (current.read(slot, row) && criteria.selects(row) && newest.wouldKeep(row)) {
                newest.keep(row, slot);
            }
        }
        return newest.newestFirst(current);
    }
}
