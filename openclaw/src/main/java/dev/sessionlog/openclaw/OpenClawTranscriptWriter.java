package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionStarted;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a session as an OpenClaw version 3 JSONL transcript: the header first, then one entry per
 * event that has one ({@code ModelCallStarted}, {@code SessionStarted} and {@code SessionEnded}
 * have none), chained by {@code parentId} with {@code null} on the first, each with an ISO-8601
 * {@code timestamp} and, on messages, an epoch-millisecond {@code message.timestamp}.
 *
 * <p>Events imported by {@link OpenClawTranscriptReader} are written back as the entries they came
 * from: the same ids, parents, timestamps and fields. Other events get fresh 8-hex ids derived
 * from their session and sequence, so exporting twice writes the same file. A {@code parentId}
 * that names no entry written before is written as {@code null} (the reader treated it as a root),
 * and a tool result whose call is in no earlier assistant message is written as a {@code custom}
 * entry, never as an orphan tool result. Stateless; thread-safe.
 */
public final class OpenClawTranscriptWriter {
    /** The custom type an orphan tool result is exported under. */
    public static final String ORPHAN_TOOL_RESULT = "sessionlog.orphan-tool-result";
    /** The format version written. */
    public static final int VERSION = 3;

    private OpenClawTranscriptWriter() {}

    /**
     * Writes {@code events} (one session's, in sequence order, normally starting with
     * {@code SessionStarted}) to {@code out}. Does not close {@code out}.
     */
    public static ExportSummary write(List<RecordedEvent> events, Writer out) throws IOException {
        requireArgument(events != null, "events must not be null");
        requireArgument(out != null, "writer must not be null");
        return new Export(events, out).run();
    }

    /** One export's state: the ids written, the calls started, the sequences each entry covers. */
    private static final class Export implements EntryRenderer.Context {
        private final List<RecordedEvent> events;
        private final Writer out;
        private final Map<CallId, ModelCallStarted> started = new HashMap<>();
        private final TreeMap<Long, String> idOfSequence = new TreeMap<>();
        private final List<Long> pendingSequences = new ArrayList<>();
        private final Set<String> writtenIds = new HashSet<>();
        private final Set<String> toolCalls = new HashSet<>();
        private String lastId;
        private long entries;
        private long orphans;

        Export(List<RecordedEvent> events, Writer out) {
            this.events = events;
            this.out = out;
        }

        ExportSummary run() throws IOException {
            if (events.isEmpty()) {
                return new ExportSummary(0, 0);
            }
            writeLine(header(events.get(0)));
            for (RecordedEvent event : events) {
                if (event.event() instanceof ModelCallStarted call) {
                    started.put(call.callId(), call);
                }
                Map<String, String> attributes = event.metadata().attributes();
                List<ObjectNode> rendered = EntryRenderer.render(event.event(), attributes, this);
                pendingSequences.add(event.sequence());
                for (int i = 0; i < rendered.size(); i++) {
                    ObjectNode body = rendered.get(i);
                    boolean imported = i == 0 && attributes.containsKey(OpenClawAttributes.ID);
                    if (imported) {
                        Overrides.apply(body, attributes);
                    }
                    writeEntry(event, body, imported, i);
                }
            }
            return new ExportSummary(entries, orphans);
        }

        private ObjectNode header(RecordedEvent first) {
            SessionId session = first.sessionId();
            String original = first.metadata().attributes().get(OpenClawAttributes.HEADER);
            ObjectNode header = Json.object();
            header.put("type", "session");
            header.put("version", VERSION);
            JsonNode parsed = original == null ? null : Json.parseLenient(original);
            if (parsed != null && parsed.isObject()) {
                parsed.properties().forEach(field -> {
                    if (!field.getKey().equals("type") && !field.getKey().equals("version")) {
                        header.set(field.getKey(), field.getValue());
                    }
                });
            }
            String id = Json.text(header, "id");
            if (id == null || !id.equalsIgnoreCase(baseId(session.value(), first))) {
                header.put("id", baseId(session.value(), first));
            }
            if (!header.has("timestamp")) {
                header.put("timestamp", first.recordedAt().toString());
            }
            if (first.event() instanceof SessionStarted started && started.parentSession() != null
                    && !header.has("parentSession") && !header.has("branchedFrom")) {
                header.put("parentSession", started.parentSession().value() + ".jsonl");
            }
            return header;
        }

        /** An archive's session id carries its suffix; its header names the session it archived. */
        private static String baseId(String session, RecordedEvent first) {
            String original = first.metadata().attributes().get(OpenClawAttributes.HEADER);
            if (original != null) {
                JsonNode parsed = Json.parseLenient(original);
                String id = parsed.isObject() ? Json.text(parsed, "id") : null;
                if (id != null && session.startsWith(id.toLowerCase(java.util.Locale.ROOT))) {
                    return id;
                }
            }
            return session;
        }

        private void writeEntry(RecordedEvent event, ObjectNode body, boolean imported, int index) throws IOException {
            Map<String, String> attributes = event.metadata().attributes();
            String id = imported ? attributes.get(OpenClawAttributes.ID) : null;
            if (id == null || writtenIds.contains(id)) {
                id = freshId(event, index);
            }
            String parentId;
            if (lastId == null) {
                parentId = null;
            } else if (imported) {
                String original = attributes.get(OpenClawAttributes.PARENT_ID);
                parentId = original != null && writtenIds.contains(original) ? original : null;
            } else {
                parentId = lastId;
            }
            String timestamp = imported && attributes.containsKey(OpenClawAttributes.TIMESTAMP)
                    ? attributes.get(OpenClawAttributes.TIMESTAMP) : event.occurredAt().toString();

            ObjectNode entry = Json.object();
            entry.set("type", body.get("type"));
            entry.put("id", id);
            entry.put("parentId", parentId);
            // an imported entry whose timestamp was not an ISO string keeps what it had
            entry.set("timestamp", body.has("timestamp") ? body.get("timestamp") : JsonNodeFactory.instance.textNode(timestamp));
            body.properties().forEach(field -> {
                if (!entry.has(field.getKey())) {
                    entry.set(field.getKey(), field.getValue());
                }
            });
            JsonNode message = entry.get("message");
            if (message != null && message.isObject()) {
                ObjectNode messageNode = (ObjectNode) message;
                if (!messageNode.has("timestamp")) {
                    messageNode.put("timestamp", messageTimestamp(attributes, imported, timestamp, event));
                }
                if (!pairToolCalls(messageNode)) {
                    orphans++;
                    entry.remove("message");
                    entry.put("type", "custom");
                    entry.put("customType", ORPHAN_TOOL_RESULT);
                    entry.set("data", messageNode);
                }
            }
            writeLine(entry);
            entries++;
            writtenIds.add(id);
            lastId = id;
            for (Long sequence : pendingSequences) {
                idOfSequence.put(sequence, id);
            }
            pendingSequences.clear();
        }

        /** Records the calls an assistant message makes; false for a tool result whose call was never made. */
        private boolean pairToolCalls(ObjectNode message) {
            String role = Json.text(message, "role");
            if ("assistant".equals(role) && message.path("content").isArray()) {
                message.get("content").forEach(block -> {
                    if ("toolCall".equals(Json.text(block, "type")) && Json.text(block, "id") != null) {
                        toolCalls.add(Json.text(block, "id"));
                    }
                });
            }
            return !"toolResult".equals(role) || toolCalls.contains(Json.text(message, "toolCallId"));
        }

        private static long messageTimestamp(Map<String, String> attributes, boolean imported, String timestamp,
                                             RecordedEvent event) {
            String original = imported ? attributes.get(OpenClawAttributes.MESSAGE_TIMESTAMP) : null;
            if (original != null) {
                try {
                    return Long.parseLong(original);
                } catch (NumberFormatException e) {
                    // not a number after all: fall back to the entry's time
                }
            }
            try {
                return Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeParseException e) {
                return event.recordedAt().toEpochMilli();
            }
        }

        /** 8 hex characters from the session and sequence: the same export writes the same ids. */
        private String freshId(RecordedEvent event, int index) {
            String seed = event.sessionId().value() + ":" + event.sequence() + ":" + index;
            int hash = 0x811c9dc5;
            for (int i = 0; i < seed.length(); i++) {
                hash = (hash ^ seed.charAt(i)) * 0x01000193;
            }
            String id = Json.hex8(hash);
            while (writtenIds.contains(id)) {
                hash++;
                id = Json.hex8(hash);
            }
            return id;
        }

        private void writeLine(ObjectNode node) throws IOException {
            out.write(Json.compact(node));
            out.write('\n');
        }

        @Override
        public ModelCallStarted started(CallId callId) {
            return started.get(callId);
        }

        @Override
        public String entryIdForSequence(long sequence) {
            Map.Entry<Long, String> entry = idOfSequence.ceilingEntry(sequence);
            return entry == null ? null : entry.getValue();
        }
    }
}
