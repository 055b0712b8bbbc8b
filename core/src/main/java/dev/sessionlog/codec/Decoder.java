package dev.sessionlog.codec;

import static dev.sessionlog.codec.Fields.required;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Reads records and events from bytes, upcasting old schema versions. Reads the current version
 * with the streaming parser alone; only old versions (and data that comes before its type) go
 * through a tree, which is what upcasters rewrite.
 */
final class Decoder {

    /** Keyed by {@link #key}. */
    private final Map<String, Upcaster> upcasters;

    /**
     * The session of the last record decoded. Reads decode runs of records of one session, and an id
     * already validated need not be validated and lower-cased again. Shared by all threads without a
     * lock: a {@code SessionId} is immutable, so whichever recent one a thread sees is correct.
     */
    private SessionId lastSession;

    Decoder(Map<String, Upcaster> upcasters) {
        this.upcasters = Map.copyOf(upcasters);
    }

    /** The id that {@code new SessionId(value)} makes, reusing the last one when it is equal. */
    private SessionId session(String value) {
        SessionId last = lastSession;
        if (last != null && last.value().equals(value)) {
            return last;
        }
        SessionId id = new SessionId(value);
        lastSession = id;
        return id;
    }

    static String key(String type, int fromVersion) {
        return type + "@" + fromVersion;
    }

    SessionEvent event(byte[] bytes) throws IOException {
        try (JsonParser in = Json.RECORDS.createParser(bytes)) {
            Fields.startObject(in, "event");
            SessionEvent event = event(in);
            requireEnd(in);
            return event;
        }
    }

    RecordedEvent record(long position, byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser in = Json.RECORDS.createParser(bytes, offset, length)) {
            Fields.startObject(in, "record");
            String sessionId = null;
            Long sequence = null;
            String eventId = null;
            Instant recordedAt = null;
            EventMetadata metadata = null;
            SessionEvent event = null;
            for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
                switch (field) {
                    case "sessionId" -> sessionId = Fields.text(in, field);
                    case "sequence" -> sequence = Fields.integer(in, field);
                    case "eventId" -> eventId = Fields.text(in, field);
                    case "recordedAt" -> recordedAt = Fields.instant(in, field);
                    case "metadata" -> metadata = metadata(in);
                    case "event" -> {
                        Fields.startObject(in, field);
                        event = event(in);
                    }
                    default -> Fields.skip(in);
                }
            }
            requireEnd(in);
            return new RecordedEvent(position, session(required(sessionId, "sessionId")),
                    required(sequence, "sequence"), EventId.parse(required(eventId, "eventId")),
                    required(recordedAt, "recordedAt"), required(event, "event"), metadata);
        }
    }

    private static EventMetadata metadata(JsonParser in) throws IOException {
        Fields.startObject(in, "metadata");
        String correlationId = null;
        String causationId = null;
        Map<String, String> attributes = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "correlationId" -> correlationId = Fields.optionalText(in, "metadata.correlationId");
                case "causationId" -> causationId = Fields.optionalText(in, "metadata.causationId");
                case "attributes" -> attributes = Fields.stringMap(in, "metadata.attributes");
                default -> Fields.skip(in);
            }
        }
        return new EventMetadata(correlationId, causationId, attributes);
    }

    /** Reads {@code {"type":…,"v":…,"data":{…}}}; the parser stands on its start and is left on its end. */
    private SessionEvent event(JsonParser in) throws IOException {
        String type = null;
        Integer version = null;
        SessionEvent event = null;
        ObjectNode early = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "type" -> type = Fields.text(in, "type");
                case "v" -> version = Fields.smallInteger(in, "v");
                case "data" -> {
                    Fields.startObject(in, "data");
                    if (type != null && version != null) {
                        event = data(type, version, in);
                    } else {
                        early = tree(in);
                    }
                }
                default -> Fields.skip(in);
            }
        }
        required(type, "type");
        required(version, "v");
        if (early != null) {
            event = dataFromTree(type, version, early);
        }
        return required(event, "data");
    }

    private SessionEvent data(String typeName, int version, JsonParser in) throws IOException {
        WireType type = knownType(typeName, version);
        if (version < type.version) {
            return dataFromTree(typeName, version, tree(in));
        }
        return readCurrent(type, in);
    }

    private SessionEvent dataFromTree(String typeName, int version, ObjectNode data) throws IOException {
        WireType type = knownType(typeName, version);
        ObjectNode current = data;
        for (int from = version; from < type.version; from++) {
            current = upcast(type, from, current);
        }
        try (JsonParser tree = current.traverse()) {
            tree.nextToken();
            return readCurrent(type, tree);
        }
    }

    private static WireType knownType(String typeName, int version) {
        WireType type = WireType.byWireName(typeName);
        if (type == null) {
            throw new DecodeException(new DecodeFailure.UnknownType(typeName));
        }
        if (version > type.version) {
            throw new DecodeException(new DecodeFailure.UnsupportedVersion(typeName, version, type.version));
        }
        if (version < 1) {
            throw DecodeException.malformed("v", "schema versions start at 1, found " + version);
        }
        return type;
    }

    /**
     * Upcasters may be user code: whatever they throw on a record they cannot read makes that record
     * malformed instead of escaping from a decoder that promises not to throw.
     */
    private ObjectNode upcast(WireType type, int from, ObjectNode data) {
        Upcaster upcaster = upcasters.get(key(type.wireName, from));
        if (upcaster == null) {
            throw DecodeException.malformed("v", "no upcaster reads " + type.wireName + " v" + from);
        }
        ObjectNode next;
        try {
            next = upcaster.upcast(data);
        } catch (RuntimeException e) {
            throw DecodeException.malformed("data", "upcasting " + type.wireName + " v" + from + " failed: "
                    + DecodeException.shorten(e.getMessage()));
        }
        if (next == null) {
            throw DecodeException.malformed("data", "the upcaster of " + type.wireName + " v" + from + " returned null");
        }
        return next;
    }

    /** Reads the data, naming the event type in every failure. */
    private static SessionEvent readCurrent(WireType type, JsonParser in) throws IOException {
        try {
            return EventReader.read(type, in);
        } catch (DecodeException e) {
            if (e.failure() instanceof DecodeFailure.Malformed malformed) {
                throw new DecodeException(new DecodeFailure.Malformed(type.wireName + "." + malformed.reason()));
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DecodeException(new DecodeFailure.Malformed(type.wireName + ": "
                    + DecodeException.shorten(e.getMessage())));
        }
    }

    private static ObjectNode tree(JsonParser in) throws IOException {
        JsonNode node = Json.TREES.readTree(in);
        if (!(node instanceof ObjectNode object)) {
            throw DecodeException.malformed("data", "expected an object");
        }
        return object;
    }

    /** Bytes after the record mean it is not the record that was written. */
    private static void requireEnd(JsonParser in) throws IOException {
        JsonToken after = in.nextToken();
        if (after != null) {
            throw DecodeException.malformed("record", "unexpected content after the end: " + after);
        }
    }
}
