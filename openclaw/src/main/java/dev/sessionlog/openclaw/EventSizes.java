package dev.sessionlog.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionStore;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.CustomEntryRecorded;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps an import within the stores' size limits ({@link SessionStore#MAX_EVENT_BYTES},
 * {@link SessionStore#MAX_APPEND_BYTES}): an entry too large for one event (a base64 image of
 * several MB) must not make the store refuse its whole session, so it becomes a placeholder that
 * names what was dropped; and an import's batches are cut by size as well as by count.
 *
 * <p>Sizes are estimates of the stored encoding from above: the codec's encoding of the event, plus
 * its metadata attributes, plus room for the envelope.
 */
final class EventSizes {
    /** The custom type of the placeholder stored instead of an entry too large for an event. */
    static final String DROPPED_TYPE = "openclaw.dropped";
    /** The largest event the importer writes, with room for the envelope. */
    static final int MAX_EVENT_BYTES = SessionStore.MAX_EVENT_BYTES - 16 * 1024;
    /** The most estimated bytes the importer puts in one append: half the limit, so estimates may err. */
    static final int MAX_BATCH_BYTES = SessionStore.MAX_APPEND_BYTES / 2;
    /**
     * Lines shorter than this cannot become events over {@link #MAX_EVENT_BYTES} (an event holds its
     * entry's content at most twice: once modelled, once in the overrides), so they are not measured.
     */
    static final int CHECK_ABOVE_LINE_BYTES = MAX_EVENT_BYTES / 3;
    /** Envelope fields and per-attribute quoting. */
    private static final int ENVELOPE_BYTES = 1024;

    private static final EventCodec CODEC = EventCodec.standard();

    private EventSizes() {}

    /** An estimate from above of {@code event}'s stored size in bytes. */
    static long of(NewEvent event) {
        long size = ENVELOPE_BYTES + CODEC.encodeEvent(event.event()).length;
        for (Map.Entry<String, String> attribute : event.metadata().attributes().entrySet()) {
            // JSON escaping can double a value; UTF-16 chars are at most 3 UTF-8 bytes
            size += 8 + 3L * attribute.getKey().length() + 3L * attribute.getValue().length();
        }
        return size;
    }

    /** The largest estimate among {@code events}. */
    static long largest(List<NewEvent> events) {
        long largest = 0;
        for (NewEvent event : events) {
            largest = Math.max(largest, of(event));
        }
        return largest;
    }

    /**
     * The event stored instead of an entry too large for one: a {@link #DROPPED_TYPE} custom entry
     * whose data names the entry (id, type, role, line, estimated size), with the entry's structural
     * attributes (id, parent, line, times) but none of its content.
     */
    static NewEvent placeholder(ObjectNode entry, String id, long lineNumber, long bytes, Map<String, String> attributes) {
        ObjectNode data = Json.object().put("entryId", id).put("type", Json.text(entry, "type"));
        JsonNode message = entry.get("message");
        if (message != null && message.isObject()) {
            data.put("role", Json.text(message, "role"));
        }
        data.put("line", lineNumber).put("bytes", bytes).put("limit", MAX_EVENT_BYTES)
                .put("reason", "the entry is too large for one event; its content was not imported");
        Map<String, String> kept = new HashMap<>();
        for (String name : List.of(OpenClawAttributes.ID, OpenClawAttributes.PARENT_ID, OpenClawAttributes.LINE,
                OpenClawAttributes.TIMESTAMP, OpenClawAttributes.MESSAGE_TIMESTAMP, EventMetadata.OCCURRED_AT)) {
            if (attributes.containsKey(name)) {
                kept.put(name, attributes.get(name));
            }
        }
        return new NewEvent(new CustomEntryRecorded(DROPPED_TYPE, Json.compact(data)), EventMetadata.attributes(kept));
    }
}
