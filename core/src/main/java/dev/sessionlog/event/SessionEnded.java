package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * The session is over; the store refuses any later append with
 * {@link dev.sessionlog.SessionEndedException}. After {@link Reason#DELETED} its events are no
 * longer readable through the API.
 *
 * @param reason why
 */
public record SessionEnded(Reason reason) implements SessionEvent {

    /** Why a session ended. */
    public enum Reason { RESET, DELETED, EXPIRED, ARCHIVED }

    /** Requires a reason. */
    public SessionEnded {
        requireArgument(reason != null, "end reason must not be null");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sessionEnded(this);
    }
}
