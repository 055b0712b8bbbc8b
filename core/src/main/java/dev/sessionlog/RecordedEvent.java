package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.event.SessionEvent;
import java.time.Instant;

/**
 * A stored event: the envelope the store adds around a {@link SessionEvent}.
 *
 * @param position the event's position in the store's log: increasing in append order across all
 *     sessions, not necessarily contiguous
 * @param sessionId the session
 * @param sequence the event's number in its session: 1, 2, 3 … with no gaps
 * @param eventId the event's unique id
 * @param recordedAt when the store appended it
 * @param event the event
 * @param metadata correlation, causation and source attributes
 */
public record RecordedEvent(long position, SessionId sessionId, long sequence, EventId eventId, Instant recordedAt,
                            SessionEvent event, EventMetadata metadata) {

    /** Requires every field; metadata defaults to empty. */
    public RecordedEvent {
        requireArgument(sessionId != null, "session id must not be null");
        requireArgument(sequence >= 1, "sequence must be at least 1, was %s", sequence);
        requireArgument(eventId != null, "event id must not be null");
        requireArgument(recordedAt != null, "recorded-at must not be null");
        requireArgument(event != null, "event must not be null");
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }
}
