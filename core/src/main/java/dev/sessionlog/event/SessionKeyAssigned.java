package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionKey;
import java.util.Optional;

/**
 * A session that started without a key was given one: what {@link dev.sessionlog.SessionHandle#start}
 * records when a user message started the session first (the message's path starts a session without
 * a key, and a gateway's two inbound paths race on a new conversation; ADR 0012). From this event on,
 * the session belongs to {@link #sessionKey()} exactly as if its {@link SessionStarted} had named it.
 *
 * <p>The store accepts it only on a session whose key is not set yet, once: its idempotency key is
 * the same for every assignment of a session, so an identical retry is a duplicate and a different
 * second assignment is refused.
 *
 * @param sessionKey the key, not null
 * @param agentId the agent, or null to keep the session's
 * @param channel the channel, or null to keep the session's
 * @param origin free-form origin details as a JSON object text, or null
 */
public record SessionKeyAssigned(SessionKey sessionKey, String agentId, String channel, String origin)
        implements SessionEvent {

    /** Requires a key. */
    public SessionKeyAssigned {
        requireArgument(sessionKey != null, "session key must not be null");
    }

    /** The key, agent, channel and origin of {@code started}, which names a key. */
    public static SessionKeyAssigned of(SessionStarted started) {
        requireArgument(started != null, "start event must not be null");
        return new SessionKeyAssigned(started.sessionKey(), started.agentId(), started.channel(), started.origin());
    }

    /** One key per session: every assignment shares this idempotency key. */
    @Override
    public Optional<String> idempotencyKey() {
        return Optional.of("session-key");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sessionKeyAssigned(this);
    }
}
