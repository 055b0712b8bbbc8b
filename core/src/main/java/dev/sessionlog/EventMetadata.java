package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about an event besides the event itself: correlation and causation ids, and
 * source attributes (an import keeps the original entry's id, parent and timestamp here so that
 * export can give them back).
 *
 * <p>One attribute has a meaning every view shares: {@link #OCCURRED_AT}, the event's own time when it
 * happened before the store recorded it (an imported transcript's entries). It never changes
 * {@link RecordedEvent#recordedAt()}, which stays the store's time; {@link RecordedEvent#occurredAt()}
 * and the session index ({@link SessionSummary#createdAt()}, {@link SessionSummary#updatedAt()})
 * use it.
 *
 * @param correlationId the conversation turn or request this event belongs to, or null
 * @param causationId the id of the event or command that caused it, or null
 * @param attributes further attributes by name, such as {@code openclaw.id}
 */
public record EventMetadata(String correlationId, String causationId, Map<String, String> attributes) {
    /** No metadata. */
    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

    /**
     * The attribute holding the event's own time, an ISO-8601 instant ({@code 2026-04-13T09:41:05.012Z}),
     * when it differs from the time the store records it: set by imports to the source's timestamp.
     */
    public static final String OCCURRED_AT = "occurredAt";

    /** The most attributes one event may carry. */
    public static final int MAX_ATTRIBUTES = 64;

    /** Copies the attributes; bounds their number. */
    public EventMetadata {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        requireArgument(attributes.size() <= MAX_ATTRIBUTES, "at most %s metadata attributes, got %s",
                MAX_ATTRIBUTES, attributes.size());
    }

    /** Metadata with only attributes. */
    public static EventMetadata attributes(Map<String, String> attributes) {
        return new EventMetadata(null, null, attributes);
    }

    /** Metadata with only a correlation id. */
    public static EventMetadata correlatedWith(String correlationId) {
        return new EventMetadata(correlationId, null, Map.of());
    }

    /**
     * The event's own time, from {@link #OCCURRED_AT}; empty when the attribute is absent or is not
     * an ISO-8601 instant (an unreadable value is ignored rather than refused: it came from a source
     * outside the store).
     */
    public Optional<Instant> occurredAt() {
        String value = attributes.get(OCCURRED_AT);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** This metadata with {@link #OCCURRED_AT} set to {@code time}. */
    public EventMetadata withOccurredAt(Instant time) {
        requireArgument(time != null, "time must not be null");
        Map<String, String> with = new HashMap<>(attributes);
        with.put(OCCURRED_AT, time.toString());
        return new EventMetadata(correlationId, causationId, with);
    }
}
