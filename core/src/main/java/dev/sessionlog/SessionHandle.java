package dev.sessionlog;

import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.UserNotice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a gateway calls for one session. Every method stores its event and returns once it is
 * stored (to the store's durability setting); errors are the store's typed
 * {@link SessionStoreException}s. No method waits on a model call: a call that hangs never stops
 * the next message from being stored.
 *
 * <p>The first event of a session is {@code SessionStarted}: call {@link #start} first, or let
 * {@link #receiveUserMessage} start the session without a key; a later {@link #start} records the key.
 */
public interface SessionHandle {

    /** The session. */
    SessionId id();

    /**
     * Starts the session with {@code started} as its first event. Never refused because the session
     * has already started, which a gateway cannot always know (its inbound paths race on a new
     * conversation, ADR 0012):
     * <ul>
     *   <li>when {@code started} is already the session's first event (a retry), or the session has
     *       a key already, or {@code started} names none, nothing is stored and the answer is a
     *       duplicate of the session's first event ({@code firstSequence = lastSequence = 1});</li>
     *   <li>when {@link #receiveUserMessage} started the session first, without a key, the key, agent,
     *       channel and origin of {@code started} are recorded as a
     *       {@link dev.sessionlog.event.SessionKeyAssigned}, and the session is listed under the key
     *       from then on; a retry of that is a duplicate of it.</li>
     * </ul>
     *
     * @throws SessionEndedException when the session was deleted, or ended before it got a key and
     *     {@code started} names one (nothing is appended after the end)
     */
    AppendResult start(SessionStarted started);

    /**
     * Stores a user message; {@code messageId} (the channel's id) makes a retry a no-op. On a session
     * that does not exist yet, a {@code SessionStarted} without a key goes first, in the same append.
     *
     * @throws InvalidEventException when {@code messageId} breaks the rule of idempotency keys (see
     *     {@link SessionStore#append}); nothing is stored, the session is not started
     */
    AppendResult receiveUserMessage(String messageId, List<ContentBlock> content);

    /** Stores a text user message. */
    default AppendResult receiveUserMessage(String messageId, String text) {
        return receiveUserMessage(messageId, List.of(new ContentBlock.Text(text)));
    }

    /**
     * Stores {@code ModelCallStarted} with a deadline of now + {@code timeout} and returns the call.
     * Nothing is held while the provider is called.
     */
    ModelCall startModelCall(String provider, String model, Duration timeout);

    /**
     * Like {@link #startModelCall(String, String, Duration)} for a retry or fallback, or for a gateway
     * that chooses its call ids. Calling it again with the same call id, provider, model and attempt
     * (after a lost acknowledgement, say) is answered as a duplicate and returns the same call: the
     * deadline is not compared, and the one first stored stands (see
     * {@link dev.sessionlog.event.ModelCallStarted}). The same call id with another provider, model or
     * attempt is refused with {@link InvalidEventException}.
     */
    ModelCall startModelCall(CallId callId, String provider, String model, int attempt, Duration timeout);

    /** Stores a tool's result. */
    AppendResult recordToolResult(String toolCallId, String toolName, List<ContentBlock> content, boolean isError);

    /** Stores a settings change. */
    AppendResult changeSettings(SettingsChanged change);

    /** Stores a compaction computed outside the store. */
    AppendResult compact(String summary, long firstKeptSequence, long tokensBefore);

    /** Mirrors an outbound reply; {@code deliveryId} (an idempotency key, see {@link SessionStore#append}) makes a retry a no-op. */
    AppendResult recordDelivery(String deliveryId, String target, String text);

    /** Stores that the current turn was stopped. */
    AppendResult abortTurn(TurnAborted.Reason reason, CallId callId);

    /** Ends the session; later appends fail with {@link SessionEndedException}. */
    AppendResult end(SessionEnded.Reason reason);

    /** The messages for the next prompt. */
    Transcript transcript();

    /** Where the session stands. */
    SessionStatus status();

    /** The notices to show the user, one per failed call, oldest first. */
    List<UserNotice> notices();

    /** The session's index entry. */
    Optional<SessionSummary> summary();

    /** The newest {@code maxCount} events. */
    List<RecordedEvent> lastEvents(int maxCount);
}
