package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.CallId;

/**
 * A turn was stopped before it finished.
 *
 * @param reason why
 * @param callId the model call it cut, or null
 */
public record TurnAborted(Reason reason, CallId callId) implements SessionEvent {

    /** Why a turn was aborted. */
    public enum Reason { USER_STOP, SUPERSEDED, GATEWAY }

    /** Requires a reason. */
    public TurnAborted {
        requireArgument(reason != null, "abort reason must not be null");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.turnAborted(this);
    }
}
