package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.event.SessionEvent;

/**
 * An event to append together with its metadata.
 *
 * @param event the event
 * @param metadata its metadata, {@link EventMetadata#EMPTY} when null
 */
public record NewEvent(SessionEvent event, EventMetadata metadata) {

    /** Requires an event. */
    public NewEvent {
        requireArgument(event != null, "event must not be null");
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }

    /** An event without metadata. */
    public static NewEvent of(SessionEvent event) {
        return new NewEvent(event, EventMetadata.EMPTY);
    }
}
