package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * What a subscription delivers: the stored events from a starting point (catch-up), then every new
 * one as it is appended (live), in log order.
 *
 * @param session only this session's events, or null for every session
 * @param fromPosition for all sessions: deliver events at or after this log position
 * @param fromSequence for one session: deliver events at or after this sequence
 */
public record SubscriptionRequest(SessionId session, long fromPosition, long fromSequence) {

    /** Bounds the starting points. */
    public SubscriptionRequest {
        requireArgument(fromPosition >= 0, "from position must not be negative");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1");
    }

    /** Every session, from the beginning of the log. */
    public static SubscriptionRequest allFromStart() {
        return new SubscriptionRequest(null, 0, 1);
    }

    /** Every session, from {@code position}. */
    public static SubscriptionRequest allFrom(long position) {
        return new SubscriptionRequest(null, position, 1);
    }

    /** One session, from {@code sequence}. */
    public static SubscriptionRequest session(SessionId session, long sequence) {
        requireArgument(session != null, "session must not be null");
        return new SubscriptionRequest(session, 0, sequence);
    }

    /** Whether {@code event} is selected by this request. */
    public boolean matches(RecordedEvent event) {
        return session == null ? event.position() >= fromPosition
                : session.equals(event.sessionId()) && event.sequence() >= fromSequence;
    }
}
