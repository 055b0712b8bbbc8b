package dev.sessionlog;

import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;

/**
 * One entry of the session index, the replacement for {@code sessions.json}: kept up to date by the
 * store as events are appended, so reading or updating one costs O(1) in the number of sessions.
 *
 * @param sessionId the session
 * @param sessionKey its key, or null when it has none (an import without sessions.json)
 * @param agentId the agent, or null
 * @param channel the channel, or null
 * @param state active, awaiting a model, or ended
 * @param lastSequence the sequence of its newest event
 * @param messageCount user messages plus completed model calls
 * @param openCalls model calls started and not yet ended
 * @param lastFailure the kind of the newest failed call, or null when the newest call succeeded or none ran
 * @param model the model in use (the last override or call), or null
 * @param provider the provider in use, or null: the provider of the last call or the last provider override,
 *     whichever came later, as for {@code model} (an override that names only a model keeps the provider)
 * @param totalTokens tokens used by completed calls
 * @param createdAt when its first event happened ({@link RecordedEvent#occurredAt()}: the original time of an
 *     imported session, else when it was recorded)
 * @param updatedAt the latest time any of its events happened, likewise
 * @param endReason why it ended, or null while it is not ended
 */
public record SessionSummary(SessionId sessionId, SessionKey sessionKey, String agentId, String channel,
                             State state, long lastSequence, long messageCount, int openCalls,
                             FailureKind lastFailure, String model, String provider, long totalTokens,
                             Instant createdAt, Instant updatedAt, SessionEnded.Reason endReason) {

    /**
     * An entry without a provider: the constructor of the versions before the index kept the
     * provider, for code that builds entries itself (test doubles, other stores). Same as the
     * canonical constructor with a null {@code provider}.
     *
     * @param sessionId the session
     * @param sessionKey its key, or null
     * @param agentId the agent, or null
     * @param channel the channel, or null
     * @param state active, awaiting a model, or ended
     * @param lastSequence the sequence of its newest event
     * @param messageCount user messages plus completed model calls
     * @param openCalls model calls started and not yet ended
     * @param lastFailure the kind of the newest failed call, or null
     * @param model the model in use, or null
     * @param totalTokens tokens used by completed calls
     * @param createdAt when its first event happened
     * @param updatedAt the latest time any of its events happened
     * @param endReason why it ended, or null while it is not ended
     */
    public SessionSummary(SessionId sessionId, SessionKey sessionKey, String agentId, String channel, State state,
                          long lastSequence, long messageCount, int openCalls, FailureKind lastFailure, String model,
                          long totalTokens, Instant createdAt, Instant updatedAt, SessionEnded.Reason endReason) {
        this(sessionId, sessionKey, agentId, channel, state, lastSequence, messageCount, openCalls, lastFailure, model,
                null, totalTokens, createdAt, updatedAt, endReason);
    }

    /** Where a session stands. */
    public enum State {
        /** Accepting events, no model call open. */
        IDLE,
        /** At least one model call is open. */
        AWAITING_MODEL,
        /** Ended: no more events. */
        ENDED
    }

    /** Whether the session has ended. */
    public boolean ended() {
        return state == State.ENDED;
    }
}
