package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallStarted;

/**
 * A model call started and not yet ended.
 *
 * @param session its session
 * @param started its start event
 * @param sequence the sequence of the start event
 */
public record OpenCall(SessionId session, ModelCallStarted started, long sequence) {

    /** Requires every field. */
    public OpenCall {
        requireArgument(session != null, "session must not be null");
        requireArgument(started != null, "start event must not be null");
        requireArgument(sequence >= 1, "sequence must be at least 1, was %s", sequence);
    }
}
