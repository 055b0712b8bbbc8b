package dev.sessionlog;

/**
 * What an append stored.
 *
 * @param session the session
 * @param firstSequence the sequence of the first event appended (or of the original, for a duplicate)
 * @param lastSequence the sequence of the last event appended
 * @param position the log position of the last event appended
 * @param duplicate true when every event was already stored (a retry): nothing new was written
 */
public record AppendResult(SessionId session, long firstSequence, long lastSequence, long position,
                           boolean duplicate) {
}
