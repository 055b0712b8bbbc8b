package dev.sessionlog.server;

import dev.sessionlog.SessionSummary;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The filters of {@code GET /v1/sessions} beyond the exact key: a key prefix, the state, the kind of
 * the newest failure, the model, the provider, and a window on the last update. Each is optional;
 * given ones must all match. The model and provider match exactly; a provider is never blank (a call
 * must name one), so a blank one is refused rather than matching nothing.
 */
record SessionFilter(String keyPrefix, SessionSummary.State state, FailureKind failure, String model,
                     String provider, Instant updatedAfter, Instant updatedBefore) {

    static SessionFilter of(Query query) {
        return new SessionFilter(query.text("keyPrefix"), state(query.text("state")), failure(query.text("failure")),
                query.text("model"), provider(query.text("provider")), instant(query, "updatedAfter"),
                instant(query, "updatedBefore"));
    }

    boolean selectsAll() {
        return keyPrefix == null && state == null && failure == null && model == null && provider == null
                && updatedAfter == null && updatedBefore == null;
    }

    boolean matches(SessionSummary summary) {
        return (keyPrefix == null || summary.sessionKey() != null && summary.sessionKey().value().startsWith(keyPrefix))
                && (state == null || summary.state() == state)
                && (failure == null || summary.lastFailure() == failure)
                && (model == null || model.equals(summary.model()))
                && (provider == null || provider.equals(summary.provider()))
                && (updatedAfter == null || summary.updatedAt().isAfter(updatedAfter))
                && (updatedBefore == null || summary.updatedAt().isBefore(updatedBefore));
    }

    private static String provider(String text) {
        if (text != null && text.isBlank()) {
            throw ApiProblem.badRequest("the parameter \"provider\" must not be blank, was "
                    + dev.sessionlog.util.Preconditions.quote(text));
        }
        return text;
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
                    + dev.sessionlog.util.Preconditions.quote(text));
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
                    + "2026-11-24T21:00:00Z, was " + dev.sessionlog.util.Preconditions.quote(text));
        }
    }
}
