package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.CallId;
import java.util.List;
import java.util.Optional;

/**
 * The model answered: the assistant message of a call.
 *
 * @param callId the call
 * @param content the assistant message's blocks (text, thinking, tool calls); may be empty
 * @param usage tokens and cost
 * @param stopReason why the model stopped, as the provider said it ({@code stop}, {@code length},
 *     {@code toolUse}, …)
 */
public record ModelCallCompleted(CallId callId, List<ContentBlock> content, Usage usage, String stopReason)
        implements SessionEvent {

    /** Requires a call id; copies the content; usage defaults to none and stop reason to {@code stop}. */
    public ModelCallCompleted {
        requireArgument(callId != null, "call id must not be null");
        requireArgument(content != null, "content must not be null");
        content = List.copyOf(content);
        usage = usage == null ? Usage.NONE : usage;
        stopReason = stopReason == null ? "stop" : stopReason;
    }

    /** The terminal-event key: a call has one outcome, completed or failed. */
    @Override
    public Optional<String> idempotencyKey() {
        return Optional.of("call-end:" + callId.value());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.modelCallCompleted(this);
    }
}
