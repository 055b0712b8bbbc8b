package dev.sessionlog.server;

import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.Preconditions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * What {@code GET /v1/sessions} selects, read from its parameters: the {@link SessionQuery} that the
 * store's index applies ({@code key}, {@code active}, {@code keyPrefix}, {@code state},
 * {@code failure}, {@code model}, {@code provider}, {@code updatedAfter}, {@code updatedBefore}; its
 * limit is the page's business). A malformed parameter is a {@code bad-request} naming it; a blank
 * name is refused rather than matching nothing.
 */
final class SessionFilter {
    private SessionFilter() {}

    static SessionQuery of(Query parameters) {
        String key = parameters.text("key");
        SessionQuery query = key == null ? SessionQuery.all() : SessionQuery.byKey(SessionKey.of(key));
        if (Boolean.TRUE.equals(parameters.bool("active"))) {
            query = query.includeEnded(false);
        }
        query = text(query, parameters, "keyPrefix", SessionQuery::keyPrefix);
        query = query.state(state(parameters.text("state")));
        query = query.lastFailure(failure(parameters.text("failure")));
        query = text(query, parameters, "model", SessionQuery::model);
        query = text(query, parameters, "provider", SessionQuery::provider);
        Instant after = instant(parameters, "updatedAfter");
        query = query.updatedBefore(instant(parameters, "updatedBefore"));
        if (after != null) {
            // after is exclusive, since inclusive: the next nanosecond on (nothing is after Instant.MAX)
            query = after.equals(Instant.MAX) ? query.updatedBefore(Instant.MIN) : query.updatedSince(after.plusNanos(1));
        }
        return query;
    }

    /** The query with the criterion of a text parameter, when it is given. */
    private static SessionQuery text(SessionQuery query, Query parameters, String name,
                                     BiFunction<SessionQuery, String, SessionQuery> criterion) {
        String text = parameters.text(name);
        if (text == null) {
            return query;
        }
        if (text.isBlank()) {
            throw ApiProblem.badRequest("the parameter \"" + name + "\" must not be blank, was "
                    + Preconditions.quote(text));
        }
        try {
            return criterion.apply(query, text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the parameter \"" + name + "\" is refused: " + e.getMessage());
        }
    }

    private static SessionSummary.State state(String text) {
        return text == null ? null : named(SessionSummary.State.class, "state", text);
    }

    private static FailureKind failure(String text) {
        return text == null ? null : named(FailureKind.class, "failure", text);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String parameter, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E value : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(Views.wire(value));
            }
            throw ApiProblem.badRequest("the parameter \"" + parameter + "\" must be one of " + names + ", was "
                    + Preconditions.quote(text));
        }
    }

    private static Instant instant(Query query, String parameter) {
        String text = query.text(parameter);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("the parameter \"" + parameter + "\" must be an ISO-8601 instant such as "
                    + "2026-11-24T21:00:00Z, was " + Preconditions.quote(text));
        }
    }
}
