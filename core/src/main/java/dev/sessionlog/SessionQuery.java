package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.time.Instant;
import java.util.Optional;

/**
 * Which sessions {@link SessionStore#sessions(SessionQuery)} lists, newest update first.
 *
 * @param sessionKey only sessions under this key, or null for all
 * @param includeEnded whether ended sessions are listed
 * @param updatedSince only sessions updated at or after this instant, or null
 * @param limit the most sessions returned
 */
public record SessionQuery(SessionKey sessionKey, boolean includeEnded, Instant updatedSince, int limit) {
    /** The most sessions one query returns. */
    public static final int MAX_LIMIT = 1_000_000;

    /** Bounds the limit. */
    public SessionQuery {
        requireArgument(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and %s, was %s", MAX_LIMIT, limit);
    }

    /** Every session, ended ones included. */
    public static SessionQuery all() {
        return new SessionQuery(null, true, null, MAX_LIMIT);
    }

    /** Sessions that have not ended. */
    public static SessionQuery active() {
        return new SessionQuery(null, false, null, MAX_LIMIT);
    }

    /** Sessions under {@code key}, ended ones included (the history of a conversation). */
    public static SessionQuery byKey(SessionKey key) {
        return new SessionQuery(key, true, null, MAX_LIMIT);
    }

    /** This query with a limit. */
    public SessionQuery limit(int max) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, max);
    }

    /** This query restricted to sessions updated at or after {@code since}. */
    public SessionQuery updatedSince(Instant since) {
        return new SessionQuery(sessionKey, includeEnded, since, limit);
    }

    /** Whether {@code summary} is selected by this query (ignoring the limit). */
    public boolean matches(SessionSummary summary) {
        return (sessionKey == null || sessionKey.equals(summary.sessionKey()))
                && (includeEnded || !summary.ended())
                && (updatedSince == null || !summary.updatedAt().isBefore(updatedSince));
    }

    /** The key filter, if any. */
    public Optional<SessionKey> key() {
        return Optional.ofNullable(sessionKey);
    }
}
