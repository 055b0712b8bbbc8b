package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.Preconditions;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which sessions {@link SessionStore#sessions(SessionQuery)} lists, newest update first: every
 * criterion given must hold ({@link #matches}), and the limit counts the sessions that match. A
 * criterion left null selects every session. Built from {@link #all()}, {@link #active()} or
 * {@link #byKey} and narrowed with the methods named for a criterion, each of which returns a new
 * query:
 * <pre>{@code
 * SessionQuery limited = SessionQuery.active().provider("anthropic").lastFailure(FailureKind.RATE_LIMITED).limit(50);
 * }</pre>
 *
 * <p>A store applies the criteria to its index before it makes a summary, so a narrow query over
 * many sessions makes only the summaries it returns.
 *
 * <p>Build a query from the factories and the methods named for a criterion: the canonical
 * constructor gains a parameter whenever a criterion is added (the four-argument constructor of the
 * first version stays).
 *
 * @param sessionKey only sessions under exactly this key, or null for all
 * @param includeEnded whether ended sessions are listed
 * @param updatedSince only sessions updated at or after this instant, or null
 * @param limit the most sessions returned, from 1 to {@value #MAX_LIMIT}
 * @param keyPrefix only sessions whose key's text starts with this, or null; lower-cased as keys are
 *     ({@link SessionKey}); a session without a key never matches it
 * @param provider only sessions whose {@link SessionSummary#provider()} is exactly this, or null
 * @param model only sessions whose {@link SessionSummary#model()} is exactly this, or null
 * @param lastFailure only sessions whose newest call failed this way ({@link SessionSummary#lastFailure()}), or null
 * @param updatedBefore only sessions updated before this instant (exclusive), or null
 * @param state only sessions in this state ({@link SessionSummary#state()}), or null; with
 *     {@code includeEnded} false, {@link SessionSummary.State#ENDED} selects nothing
 */
public record SessionQuery(SessionKey sessionKey, boolean includeEnded, Instant updatedSince, int limit,
                           String keyPrefix, String provider, String model, FailureKind lastFailure,
                           Instant updatedBefore, SessionSummary.State state) {
    /** The most sessions one query returns. */
    public static final int MAX_LIMIT = 1_000_000;

    /**
     * The longest provider or model a query may name: {@link SessionStore#MAX_EVENT_BYTES}, since
     * each is stored inside one event, which holds no more characters than bytes.
     */
    public static final int MAX_NAME_LENGTH = SessionStore.MAX_EVENT_BYTES;

    /**
     * Bounds the limit; lower-cases the key prefix; refuses a key prefix, provider or model that is
     * blank, holds control characters or is longer than a stored one can be ({@link SessionKey#MAX_LENGTH}
     * for the prefix, {@link #MAX_NAME_LENGTH} for the names), with {@link IllegalArgumentException}.
     */
    public SessionQuery {
        requireArgument(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and %s, was %s", MAX_LIMIT, limit);
        // lower-cased before the checks, as SessionKey does: a key meets its rules once lower-cased
        keyPrefix = keyPrefix == null ? null
                : Preconditions.requireText(keyPrefix.toLowerCase(Locale.ROOT), "key prefix", SessionKey.MAX_LENGTH);
        provider = provider == null ? null : Preconditions.requireText(provider, "provider", MAX_NAME_LENGTH);
        model = model == null ? null : Preconditions.requireText(model, "model", MAX_NAME_LENGTH);
    }

    /**
     * A query without the criteria added since (key prefix, provider, model, last failure, updated
     * before, state): the constructor of the versions before them. Same as the canonical constructor
     * with those null.
     *
     * @param sessionKey only sessions under exactly this key, or null for all
     * @param includeEnded whether ended sessions are listed
     * @param updatedSince only sessions updated at or after this instant, or null
     * @param limit the most sessions returned, from 1 to {@value #MAX_LIMIT}
     */
    public SessionQuery(SessionKey sessionKey, boolean includeEnded, Instant updatedSince, int limit) {
        this(sessionKey, includeEnded, updatedSince, limit, null, null, null, null, null, null);
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
        return new SessionQuery(sessionKey, includeEnded, updatedSince, max, keyPrefix, provider, model, lastFailure,
                updatedBefore, state);
    }

    /** This query listing ended sessions too ({@code true}) or leaving them out ({@code false}). */
    public SessionQuery includeEnded(boolean include) {
        return new SessionQuery(sessionKey, include, updatedSince, limit, keyPrefix, provider, model, lastFailure,
                updatedBefore, state);
    }

    /** This query restricted to sessions updated at or after {@code since}; null removes the bound. */
    public SessionQuery updatedSince(Instant since) {
        return new SessionQuery(sessionKey, includeEnded, since, limit, keyPrefix, provider, model, lastFailure,
                updatedBefore, state);
    }

    /**
     * This query restricted to sessions updated before {@code before} (exclusive): with
     * {@link #updatedSince(Instant)}, a window {@code [since, before)} on the last update, which is
     * empty when {@code since} is not before {@code before}. Null removes the bound.
     */
    public SessionQuery updatedBefore(Instant before) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, keyPrefix, provider, model, lastFailure,
                before, state);
    }

    /**
     * This query restricted to sessions whose key's text starts with {@code prefix}, lower-cased as
     * keys are: {@code agent:main:telegram:} finds {@code agent:main:telegram:direct:111}, and
     * {@code agent:ma} finds {@code agent:main:…} and {@code agent:mars:…} alike (a prefix of the text,
     * not of the {@code :}-separated parts). A session without a key never matches. Null removes the
     * criterion.
     *
     * @throws IllegalArgumentException when {@code prefix} is blank, holds control characters or is
     *     longer than a key ({@value SessionKey#MAX_LENGTH} characters)
     */
    public SessionQuery keyPrefix(String prefix) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, prefix, provider, model, lastFailure,
                updatedBefore, state);
    }

    /**
     * This query restricted to sessions whose provider ({@link SessionSummary#provider()}: of the last
     * call or provider override) is exactly {@code name}, case included. A session with no provider
     * yet never matches. Null removes the criterion.
     *
     * @throws IllegalArgumentException when {@code name} is blank, holds control characters or is
     *     longer than {@link #MAX_NAME_LENGTH}
     */
    public SessionQuery provider(String name) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, keyPrefix, name, model, lastFailure,
                updatedBefore, state);
    }

    /**
     * This query restricted to sessions whose model ({@link SessionSummary#model()}: of the last call
     * or model override) is exactly {@code name}, case included. A session with no model yet never
     * matches. Null removes the criterion.
     *
     * @throws IllegalArgumentException when {@code name} is blank, holds control characters or is
     *     longer than {@link #MAX_NAME_LENGTH}
     */
    public SessionQuery model(String name) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, keyPrefix, provider, name, lastFailure,
                updatedBefore, state);
    }

    /**
     * This query restricted to sessions whose newest model call failed with {@code kind}
     * ({@link SessionSummary#lastFailure()}: a session whose newest call succeeded, or that made none,
     * never matches). Null removes the criterion.
     */
    public SessionQuery lastFailure(FailureKind kind) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, keyPrefix, provider, model, kind,
                updatedBefore, state);
    }

    /**
     * This query restricted to sessions in {@code wanted} ({@link SessionSummary#state()}): for
     * example {@link SessionSummary.State#AWAITING_MODEL}, the sessions waiting on a model call now.
     * Null removes the criterion.
     */
    public SessionQuery state(SessionSummary.State wanted) {
        return new SessionQuery(sessionKey, includeEnded, updatedSince, limit, keyPrefix, provider, model, lastFailure,
                updatedBefore, wanted);
    }

    /**
     * Whether {@code summary} is selected by this query, ignoring the limit: every criterion given
     * holds. This is the definition of what a query selects; a store lists the summaries it matches.
     */
    public boolean matches(SessionSummary summary) {
        SessionKey key = summary.sessionKey();
        return (sessionKey == null || sessionKey.equals(key))
                && (includeEnded || !summary.ended())
                && (updatedSince == null || !summary.updatedAt().isBefore(updatedSince))
                && (updatedBefore == null || summary.updatedAt().isBefore(updatedBefore))
                && (keyPrefix == null || key != null && key.value().startsWith(keyPrefix))
                && (provider == null || provider.equals(summary.provider()))
                && (model == null || model.equals(summary.model()))
                && (lastFailure == null || lastFailure == summary.lastFailure())
                && (state == null || state == summary.state());
    }

    /** The key filter, if any. */
    public Optional<SessionKey> key() {
        return Optional.ofNullable(sessionKey);
    }
}
