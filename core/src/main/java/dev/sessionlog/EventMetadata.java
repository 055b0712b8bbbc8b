package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.Map;

/**
 * What is known about an event besides the event itself: correlation and causation ids, and
 * source attributes (an import keeps the original entry's id, parent and timestamp here so that
 * export can give them back).
 *
 * @param correlationId the conversation turn or request this event belongs to, or null
 * @param causationId the id of the event or command that caused it, or null
 * @param attributes further attributes by name, such as {@code openclaw.id}
 */
public record EventMetadata(String correlationId, String causationId, Map<String, String> attributes) {
    /** No metadata. */
    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

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
}
