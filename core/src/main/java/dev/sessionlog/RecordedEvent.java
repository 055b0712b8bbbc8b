package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.event.SessionEvent;
import java.time.Instant;

/**
 * A stored event: the envelope the store adds around a {@link SessionEvent}.
 *
 * @param position the event's position, unique in the store: increasing in append order within its
 *     partition, not necessarily contiguous (with one partition, across the whole store)
 * @param sessionId the session
 * @param sequence the event's number in its session: 1, 2, 3 … with no gaps
 * @param eventId the event's unique id
 * @param recordedAt when the store appended it (an imported event's own time is {@link #occurredAt()})
 * @param event the event
 * @param metadata correlation, causation and source attributes
 * @param partition the partition that holds the event (0 in a store of one partition): a session's
 *     events are all in one partition, and order across sessions is total within a partition only
 */
public record RecordedEvent(long position, SessionId sessionId, long sequence, EventId eventId, Instant recordedAt,
                            SessionEvent event, EventMetadata metadata, int partition) {

    /** Requires every field; metadata defaults to empty. */
    public RecordedEvent {
        requireArgument(partition >= 0 && partition < StoreCursor.MAX_PARTITIONS,
                "partition must be between 0 and %s, was %s", StoreCursor.MAX_PARTITIONS - 1, partition);
        requireArgument(sessionId != null, "session id must not be null");
        requireArgument(sequence >= 1, "sequence must be at least 1, was %s", sequence);
        requireArgument(eventId != null, "event id must not be null");
        requireArgument(recordedAt != null, "recorded-at must not be null");
        requireArgument(event != null, "event must not be null");
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }

    /** An event of partition 0: what every event of a store with one partition is. */
    public RecordedEvent(long position, SessionId sessionId, long sequence, EventId eventId, Instant recordedAt,
                         SessionEvent event, EventMetadata metadata) {
        this(position, sessionId, sequence, eventId, recordedAt, event, metadata, 0);
    }

    /**
     * When the event happened: its {@link EventMetadata#OCCURRED_AT} time when it has one (an event
     * imported from a transcript keeps the transcript's time there), otherwise {@link #recordedAt()}.
     * What views show as the event's time and what the session index's dates come from.
     */
    public Instant occurredAt() {
        return metadata.occurredAt().orElse(recordedAt);
    }
}
