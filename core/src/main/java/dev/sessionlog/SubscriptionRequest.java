package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * What a subscription delivers: the stored events from a starting point (catch-up), then every new
 * one as it is appended (live), in log order.
 *
 * @param session only this session's events, or null for every session
 * @param fromPosition for all sessions: deliver events at or after this log position (partition 0's
 *     next position of {@code cursor})
 * @param fromSequence for one session: deliver events at or after this sequence
 * @param cursor for all sessions: where to start in each partition; null for one session
 */
public record SubscriptionRequest(SessionId session, long fromPosition, long fromSequence, StoreCursor cursor) {

    /**
     * Bounds the starting points. For all sessions, a missing cursor is the one at
     * {@code fromPosition}; a given one must agree with it.
     */
    public SubscriptionRequest {
        requireArgument(fromPosition >= 0, "from position must not be negative");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1");
        if (session != null) {
            requireArgument(cursor == null, "a subscription to one session starts from a sequence, not a cursor");
        } else if (cursor == null) {
            cursor = StoreCursor.start().withNextPosition(0, fromPosition);
        } else {
            requireArgument(cursor.nextPosition(0) == fromPosition,
                    "from position %s is not the cursor's next position %s", fromPosition, cursor.nextPosition(0));
        }
    }

    /** The request without a cursor argument: for all sessions, the cursor at {@code fromPosition}. */
    public SubscriptionRequest(SessionId session, long fromPosition, long fromSequence) {
        this(session, fromPosition, fromSequence, null);
    }

    /** Every session, from the beginning of the log. */
    public static SubscriptionRequest allFromStart() {
        return new SubscriptionRequest(null, 0, 1);
    }

    /** Every session, from {@code position} (of a store with one partition). */
    public static SubscriptionRequest allFrom(long position) {
        return new SubscriptionRequest(null, position, 1);
    }

    /** Every session, from {@code cursor}: what a consumer resumes from after persisting {@link Subscription#cursor()}. */
    public static SubscriptionRequest allFrom(StoreCursor cursor) {
        requireArgument(cursor != null, "cursor must not be null");
        return new SubscriptionRequest(null, cursor.nextPosition(0), 1, cursor);
    }

    /** One session, from {@code sequence}. */
    public static SubscriptionRequest session(SessionId session, long sequence) {
        requireArgument(session != null, "session must not be null");
        return new SubscriptionRequest(session, 0, sequence);
    }

    /** Whether {@code event} is selected by this request. */
    public boolean matches(RecordedEvent event) {
        return session == null ? cursor.includes(event.partition(), event.position())
                : session.equals(event.sessionId()) && event.sequence() >= fromSequence;
    }
}
