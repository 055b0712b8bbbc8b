package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.UUID;

/**
 * The unique id of one stored event, assigned by the store.
 *
 * @param value the id
 */
public record EventId(UUID value) {
    /** Rejects null. */
    public EventId {
        requireArgument(value != null, "event id must not be null");
    }

    /** A new random id. */
    public static EventId random() {
        return new EventId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; rejects anything else with {@link IllegalArgumentException}. */
    public static EventId parse(String value) {
        requireArgument(value != null && value.length() == 36, "event id must be a 36-character UUID");
        return new EventId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
