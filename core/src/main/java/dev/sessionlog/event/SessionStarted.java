package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;

/**
 * The first event of a session. It carries the key, agent and origin so that the session index
 * can always be rebuilt from the log and no session is ever orphaned.
 *
 * @param sessionKey the conversation bucket, or null when unknown (an import without sessions.json)
 * @param agentId the agent, such as {@code main}, or null
 * @param channel the channel, such as {@code telegram}, or null
 * @param origin free-form origin details as a JSON object text, or null
 * @param reason why the session started
 * @param parentSession the session this one was forked from, or null
 */
public record SessionStarted(SessionKey sessionKey, String agentId, String channel, String origin,
                             Reason reason, SessionId parentSession) implements SessionEvent {

    /** Why a session started. */
    public enum Reason { INITIAL, RESET, FORK, IMPORT }

    /** Requires a reason. */
    public SessionStarted {
        requireArgument(reason != null, "start reason must not be null");
    }

    /** A new conversation under {@code key}. */
    public static SessionStarted initial(SessionKey key, String agentId, String channel) {
        return new SessionStarted(key, agentId, channel, null, Reason.INITIAL, null);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sessionStarted(this);
    }
}
