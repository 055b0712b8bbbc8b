package dev.sessionlog.store.index;

import dev.sessionlog.SessionId;

/**
 * Events of one session the log no longer holds: sequences {@code fromSequence} to
 * {@code toSequence}, both included.
 *
 * @param session the session
 * @param fromSequence the first lost sequence
 * @param toSequence the last lost sequence
 */
public record LostEvents(SessionId session, long fromSequence, long toSequence) {
}
