package dev.sessionlog.spi;

import dev.sessionlog.SessionQuery;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.util.TextArena;
import java.time.Instant;

/**
 * A {@link SessionQuery}'s criteria applied to the rows of the session index, before any summary is
 * made: a row is selected exactly when {@link SessionQuery#matches} holds for its session's summary,
 * and never when its session was deleted. Compared as the row holds its values: instants as
 * nanosecond counts (an {@code Instant} only for the rare ones outside that range), the key in the
 * key arena without making a {@code String}, the failure and the state from the row's flags and open
 * calls, the provider and model in the row's shared {@link Profiles profile}. One listing, on its
 * thread.
 */
final class RowCriteria {
    private final SessionQuery query;
    private final SessionEntries entries;
    private final String key;
    /** The bounds as nanosecond counts; null when absent or outside that range (then compared as instants). */
    private final Long since;
    private final Long before;
    private final boolean byProfile;

    RowCriteria(SessionQuery query, SessionEntries entries) {
        this.query = query;
        this.entries = entries;
        this.key = query.sessionKey() == null ? null : query.sessionKey().value();
        this.since = query.updatedSince() == null ? null : SessionEntries.Row.nanosOrNull(query.updatedSince());
        this.before = query.updatedBefore() == null ? null : SessionEntries.Row.nanosOrNull(query.updatedBefore());
        this.byProfile = query.provider() != null || query.model() != null;
    }

    /**
     * Whether the query selects more than the sessions that were not deleted (and, without
     * {@code includeEnded}, have not ended): then few rows are likely to match, whatever the limit.
     */
    boolean narrowerThanEndedOrNot() {
        return key != null || query.keyPrefix() != null || byProfile || query.lastFailure() != null
                || query.updatedSince() != null || query.updatedBefore() != null || query.state() != null;
    }

    /** Whether the query selects {@code row}'s session. */
    boolean selects(SessionEntries.Row row) {
        SessionEnded.Reason end = row.endReason();
        if (end == SessionEnded.Reason.DELETED || (end != null && !query.includeEnded())) {
            return false;
        }
        if (query.lastFailure() != null && row.lastFailure() != query.lastFailure()) {
            return false;
        }
        if (query.state() != null && row.state() != query.state()) {
            return false;
        }
        if (query.updatedSince() != null && updatedBefore(row, since, query.updatedSince())) {
            return false;
        }
        if (query.updatedBefore() != null && !updatedBefore(row, before, query.updatedBefore())) {
            return false;
        }
        if (byProfile && !profileMatches(entries.profiles().get(row.profile))) {
            return false;
        }
        if (key != null && (row.key == TextArena.NULL || !entries.keys().contentEquals(row.key, key))) {
            return false;
        }
        return query.keyPrefix() == null || entries.keys().startsWith(row.key, query.keyPrefix());
    }

    private boolean profileMatches(Profiles.Profile profile) {
        return (query.provider() == null || query.provider().equals(profile.provider()))
                && (query.model() == null || query.model().equals(profile.model()));
    }

    /** Whether the row was last updated before {@code bound}, whose nanosecond count is {@code nanos} (null when it has none). */
    private static boolean updatedBefore(SessionEntries.Row row, Long nanos, Instant bound) {
        return nanos != null && row.updatedOutlier == null ? row.updatedAt < nanos : row.updatedAt().isBefore(bound);
    }
}
