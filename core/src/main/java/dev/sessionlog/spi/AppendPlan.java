package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.AppendResult.Outcome;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SessionLedger#plan} decided for one append: either events to write (with sequences,
 * ids and times assigned, position still {@code -1}) or, when every event was already stored, the
 * duplicate result to answer with.
 *
 * @param session the session
 * @param toWrite the events to write, in order; empty for a duplicate
 * @param duplicateResult the answer when nothing is to be written; null otherwise
 * @param expectedLastSequence the session's last sequence when the plan was made: a plan applies
 *     only to that state
 * @param outcomes what becomes of each event of the append, in the order given: the sequence it is
 *     written at, or the sequence of the event already stored under its key
 */
public record AppendPlan(SessionId session, List<RecordedEvent> toWrite, AppendResult duplicateResult,
                         long expectedLastSequence, List<Outcome> outcomes) {

    /** Requires exactly one of events to write and a duplicate result, and an outcome per event. */
    public AppendPlan {
        requireArgument(session != null, "session must not be null");
        toWrite = List.copyOf(toWrite);
        requireArgument(toWrite.isEmpty() == (duplicateResult != null),
                "a plan either writes events or answers with a duplicate result");
        outcomes = List.copyOf(outcomes);
        requireArgument(!outcomes.isEmpty(), "a plan needs an outcome per event");
    }

    /** Whether nothing is to be written. */
    public boolean isDuplicate() {
        return duplicateResult != null;
    }

    /** The events to write, given the log positions they were written at. */
    public List<RecordedEvent> positioned(long[] positions) {
        requireArgument(positions.length == toWrite.size(), "%s positions for %s events",
                positions.length, toWrite.size());
        List<RecordedEvent> result = new ArrayList<>(toWrite.size());
        for (int i = 0; i < positions.length; i++) {
            RecordedEvent e = toWrite.get(i);
            result.add(new RecordedEvent(positions[i], e.sessionId(), e.sequence(), e.eventId(), e.recordedAt(),
                    e.event(), e.metadata()));
        }
        return result;
    }
}
