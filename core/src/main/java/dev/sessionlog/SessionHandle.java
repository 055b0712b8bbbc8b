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
 * {@link #receiveUserMessage} start the session without a key.
 */
public interface SessionHandle {

    /** The session. */
    SessionId id();

    /** Starts the session; a no-op (duplicate) when it has already started. */
    AppendResult start(SessionStarted started);

    /** Stores a user message; {@code messageId} (the channel's id) makes a retry a no-op. */
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

    /** Like {@link #startModelCall(String, String, Duration)} for a retry or fallback. */
    ModelCall startModelCall(CallId callId, String provider, String model, int attempt, Duration timeout);

    /** Stores a tool's result. */
    AppendResult recordToolResult(String toolCallId, String toolName, List<ContentBlock> content, boolean isError);

    /** Stores a settings change. */
    AppendResult changeSettings(SettingsChanged change);

    /** Stores a compaction computed outside the store. */
    AppendResult compact(String summary, long firstKeptSequence, long tokensBefore);

    /** Mirrors an outbound reply; {@code deliveryId} makes a retry a no-op. */
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
