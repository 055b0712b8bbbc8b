package dev.sessionlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Events in and out of the API, always through the {@link EventCodec}: a stored event goes out as
 * the codec's record with its {@code position} in front; an event coming in is decoded by the
 * codec, so an unknown type, a newer version or bad data is an {@code invalid-event} problem and
 * never reaches the store.
 */
final class WireEvents {
    private static final int RECENT_ENCODINGS = 4096;
    private static final byte[] POSITION_FIELD = "{\"position\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_TYPE = "\"event\":{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    private final EventCodec codec;
    private final String messageType;
    private final int messageVersion;
    private final String completedType;
    private final int completedVersion;
    private final ObjectNode noUsage;
    private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(RECENT_ENCODINGS);

    WireEvents(EventCodec codec) {
        this.codec = codec;
        JsonNode message = Json.parse(codec.encodeEvent(new UserMessageReceived("m",
                List.of(new ContentBlock.Text("t")), null)));
        JsonNode completed = Json.parse(codec.encodeEvent(new ModelCallCompleted(CallId.of("c"), List.of(),
                Usage.NONE, "stop")));
        this.messageType = message.get("type").textValue();
        this.messageVersion = message.get("v").intValue();
        this.completedType = completed.get("type").textValue();
        this.completedVersion = completed.get("v").intValue();
        this.noUsage = (ObjectNode) completed.get("data").get("usage");
    }

    /**
     * A stored event as the API shows it. The newest encodings are kept by position (unique in the
     * store): a hundred streams of one session then encode each event once, not a hundred times.
     */
    Encoded encode(RecordedEvent event) {
        int slot = (int) (event.position() & (recent.length() - 1));
        Encoded cached = recent.get(slot);
        if (cached != null && cached.position() == event.position()) {
            return cached;
        }
        Encoded fresh = encodeNow(event);
        recent.set(slot, fresh);
        return fresh;
    }

    private Encoded encodeNow(RecordedEvent event) {
        byte[] record = codec.encode(event);
        String position = Long.toString(event.position());
        // {"position":N, followed by the codec's record without its opening brace
        byte[] json = new byte[POSITION_FIELD.length + position.length() + 1 + record.length - 1];
        System.arraycopy(POSITION_FIELD, 0, json, 0, POSITION_FIELD.length);
        int at = POSITION_FIELD.length;
        for (int i = 0; i < position.length(); i++) {
            json[at++] = (byte) position.charAt(i);
        }
        json[at++] = ',';
        System.arraycopy(record, 1, json, at, record.length - 1);
        return new Encoded(event.position(), wireName(record), json);
    }

    /**
     * The wire name in a record, {@code …"event":{"type":"<name>",…}}: the first such text is the
     * event's, since the envelope before it holds only strings, where a quote is always escaped.
     */
    private static String wireName(byte[] record) {
        outer:
        for (int i = 0; i + EVENT_TYPE.length < record.length; i++) {
            for (int j = 0; j < EVENT_TYPE.length; j++) {
                if (record[i + j] != EVENT_TYPE[j]) {
                    continue outer;
                }
            }
            int start = i + EVENT_TYPE.length;
            int end = start;
            while (end < record.length && record[end] != '"') {
                end++;
            }
            return new String(record, start, end - start, StandardCharsets.US_ASCII);
        }
        throw new IllegalStateException("the codec wrote a record without an event type");
    }

    /**
     * The events of an append request: each an object in the codec's format, {@code {"type","v","data"}},
     * with an optional {@code metadata} object ({@code correlationId}, {@code causationId},
     * {@code attributes}).
     */
    List<NewEvent> decodeAll(JsonNode events, int maxEvents) {
        if (events == null) {
            throw ApiProblem.badRequest("the field \"events\" is required");
        }
        if (!events.isArray()) {
            throw Body.wrongType("events", "an array", events);
        }
        if (events.isEmpty() || events.size() > maxEvents) {
            throw ApiProblem.badRequest("the field \"events\" must hold 1 to " + maxEvents + " events, held "
                    + events.size());
        }
        List<NewEvent> decoded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode element = events.get(i);
            if (!(element instanceof ObjectNode object)) {
                throw Body.wrongType("events[" + i + "]", "an object", element);
            }
            EventMetadata metadata = metadata(object.get("metadata"), i);
            ObjectNode event = object;
            if (object.has("metadata")) {
                event = object.deepCopy();
                event.remove("metadata");
            }
            decoded.add(new NewEvent(decode(event, "events[" + i + "]"), metadata));
        }
        return decoded;
    }

    /** The content blocks of a user message or an answer, decoded as the codec decodes a message's. */
    List<ContentBlock> content(JsonNode content, String field) {
        if (!content.isArray()) {
            throw Body.wrongType(field, "an array of content blocks", content);
        }
        ObjectNode data = Json.MAPPER.createObjectNode().put("messageId", "content");
        data.set("content", content);
        SessionEvent event = decode(wrap(messageType, messageVersion, data), field);
        return ((UserMessageReceived) event).content();
    }

    /**
     * The outcome of a call, from {@code content} (or {@code text}), {@code usage} (the codec's
     * fields, any left out counting 0) and {@code stopReason} ({@code stop} when not given).
     */
    ModelCallCompleted completed(CallId callId, Body body) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("callId", callId.value());
        if (body.has("text") == body.has("content")) {
            throw ApiProblem.badRequest("give the answer as either \"text\" or \"content\" blocks");
        }
        if (body.has("text")) {
            data.set("content", Json.MAPPER.createArrayNode()
                    .add(Json.MAPPER.createObjectNode().put("type", "text").put("text", body.text("text"))));
        } else {
            data.set("content", body.node("content"));
        }
        ObjectNode usage = noUsage.deepCopy();
        if (body.has("usage")) {
            if (!body.node("usage").isObject()) {
                throw Body.wrongType("usage", "an object", body.node("usage"));
            }
            usage.setAll((ObjectNode) body.node("usage")); // counts not given are 0
        }
        data.set("usage", usage);
        String stopReason = body.optionalText("stopReason");
        data.put("stopReason", stopReason != null ? stopReason : "stop");
        return (ModelCallCompleted) decode(wrap(completedType, completedVersion, data), "body");
    }

    private static ObjectNode wrap(String type, int version, ObjectNode data) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", type).put("v", version);
        event.set("data", data);
        return event;
    }

    private SessionEvent decode(ObjectNode event, String where) {
        Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(Json.bytes(event));
        if (decoded.isLeft()) {
            DecodeFailure failure = decoded.getLeft();
            ApiProblem problem = ApiProblem.of("invalid-event", 422, "Invalid event", where + ": " + failure.describe());
            if (failure instanceof DecodeFailure.UnknownType unknown) {
                problem.with("eventType", unknown.type());
            } else if (failure instanceof DecodeFailure.UnsupportedVersion version) {
                problem.with("eventType", version.type()).with("newestVersion", version.newestKnown());
            }
            throw problem;
        }
        return decoded.get();
    }

    private static EventMetadata metadata(JsonNode metadata, int index) {
        if (metadata == null || metadata.isNull()) {
            return EventMetadata.EMPTY;
        }
        String field = "events[" + index + "].metadata";
        if (!metadata.isObject()) {
            throw Body.wrongType(field, "an object", metadata);
        }
        Map<String, String> attributes = new HashMap<>();
        JsonNode given = metadata.get("attributes");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw Body.wrongType(field + ".attributes", "an object of strings", given);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw Body.wrongType(field + ".attributes." + entry.getKey(), "a string", entry.getValue());
                }
                attributes.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return new EventMetadata(text(metadata, "correlationId", field), text(metadata, "causationId", field),
                attributes);
    }

    private static String text(JsonNode object, String name, String field) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Body.wrongType(field + "." + name, "a string", value);
        }
        return value.textValue();
    }

    /** A stored event in the API's JSON, with its position and its wire name for an SSE {@code event:} line. */
    record Encoded(long position, String wireName, byte[] json) {
    }
}
