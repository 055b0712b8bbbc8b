package dev.sessionlog.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one event as {@code {"type":…,"v":…,"data":{…}}} straight to a streaming generator: no
 * tree, no reflection. Null fields are left out. Maps are written in key order so that equal events
 * give equal bytes.
 */
final class EventWriter implements SessionEvent.Visitor<Void> {

    private final JsonGenerator out;

    private EventWriter(JsonGenerator out) {
        this.out = out;
    }

    static void write(JsonGenerator out, SessionEvent event) throws IOException {
        try {
            event.accept(new EventWriter(out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes a map of strings as an object, keys in order; the envelope's metadata uses it too. */
    static void writeStringMap(JsonGenerator out, String field, Map<String, String> map) throws IOException {
        out.writeObjectFieldStart(field);
        Map<String, String> ordered = map.size() > 1 ? new TreeMap<>(map) : map;
        for (Map.Entry<String, String> entry : ordered.entrySet()) {
            out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
    }

    @Override
    public Void sessionStarted(SessionStarted event) {
        return write(WireType.SESSION_STARTED, () -> {
            if (event.sessionKey() != null) {
                out.writeStringField("sessionKey", event.sessionKey().value());
            }
            optional("agentId", event.agentId());
            optional("channel", event.channel());
            optionalJson("origin", event.origin());
            out.writeStringField("reason", WireEnums.START_REASON.name(event.reason()));
            if (event.parentSession() != null) {
                out.writeStringField("parentSession", event.parentSession().value());
            }
        });
    }

    @Override
    public Void userMessageReceived(UserMessageReceived event) {
        return write(WireType.USER_MESSAGE_RECEIVED, () -> {
            optional("messageId", event.messageId());
            content("content", event.content());
            optionalJson("provenance", event.provenance());
        });
    }

    @Override
    public Void modelCallStarted(ModelCallStarted event) {
        return write(WireType.MODEL_CALL_STARTED, () -> {
            out.writeStringField("callId", event.callId().value());
            out.writeStringField("provider", event.provider());
            out.writeStringField("model", event.model());
            out.writeNumberField("attempt", event.attempt());
            if (event.deadline() != null) {
                out.writeStringField("deadline", Instants.format(event.deadline()));
            }
        });
    }

    @Override
    public Void modelCallCompleted(ModelCallCompleted event) {
        return write(WireType.MODEL_CALL_COMPLETED, () -> {
            out.writeStringField("callId", event.callId().value());
            content("content", event.content());
            usage(event.usage());
            out.writeStringField("stopReason", event.stopReason());
        });
    }

    @Override
    public Void modelCallFailed(ModelCallFailed event) {
        return write(WireType.MODEL_CALL_FAILED, () -> {
            out.writeStringField("callId", event.callId().value());
            optional("provider", event.provider());
            optional("model", event.model());
            out.writeStringField("kind", WireEnums.FAILURE_KIND.name(event.kind()));
            if (event.httpStatus() != null) {
                out.writeNumberField("httpStatus", event.httpStatus().intValue());
            }
            optional("providerErrorCode", event.providerErrorCode());
            if (event.retryAfter() != null) {
                out.writeNumberField("retryAfterMs", millis(event.retryAfter()));
            }
            optional("providerMessage", event.providerMessage());
            out.writeBooleanField("retryable", event.retryable());
        });
    }

    @Override
    public Void toolResultRecorded(ToolResultRecorded event) {
        return write(WireType.TOOL_RESULT_RECORDED, () -> {
            out.writeStringField("toolCallId", event.toolCallId());
            optional("toolName", event.toolName());
            content("content", event.content());
            out.writeBooleanField("isError", event.isError());
        });
    }

    @Override
    public Void settingsChanged(SettingsChanged event) {
        return write(WireType.SETTINGS_CHANGED, () -> {
            optional("provider", event.provider());
            optional("model", event.model());
            optional("thinkingLevel", event.thinkingLevel());
            if (!event.other().isEmpty()) {
                writeStringMap(out, "other", event.other());
            }
        });
    }

    @Override
    public Void transcriptCompacted(TranscriptCompacted event) {
        return write(WireType.TRANSCRIPT_COMPACTED, () -> {
            out.writeStringField("summary", event.summary());
            out.writeNumberField("firstKeptSequence", event.firstKeptSequence());
            out.writeNumberField("tokensBefore", event.tokensBefore());
        });
    }

    @Override
    public Void deliveryRecorded(DeliveryRecorded event) {
        return write(WireType.DELIVERY_RECORDED, () -> {
            out.writeStringField("deliveryId", event.deliveryId());
            optional("target", event.target());
            out.writeStringField("text", event.text());
        });
    }

    @Override
    public Void turnAborted(TurnAborted event) {
        return write(WireType.TURN_ABORTED, () -> {
            out.writeStringField("reason", WireEnums.ABORT_REASON.name(event.reason()));
            if (event.callId() != null) {
                out.writeStringField("callId", event.callId().value());
            }
        });
    }

    @Override
    public Void customEntryRecorded(CustomEntryRecorded event) {
        return write(WireType.CUSTOM_ENTRY_RECORDED, () -> {
            out.writeStringField("customType", event.customType());
            JsonText.write(out, "data", event.data());
        });
    }

    @Override
    public Void contextMessageAdded(ContextMessageAdded event) {
        return write(WireType.CONTEXT_MESSAGE_ADDED, () -> {
            out.writeStringField("source", event.source());
            content("content", event.content());
            out.writeBooleanField("display", event.display());
        });
    }

    @Override
    public Void sessionKeyAssigned(SessionKeyAssigned event) {
        return write(WireType.SESSION_KEY_ASSIGNED, () -> {
            out.writeStringField("sessionKey", event.sessionKey().value());
            optional("agentId", event.agentId());
            optional("channel", event.channel());
            optionalJson("origin", event.origin());
        });
    }

    @Override
    public Void sessionEnded(SessionEnded event) {
        return write(WireType.SESSION_ENDED,
                () -> out.writeStringField("reason", WireEnums.END_REASON.name(event.reason())));
    }

    private interface DataWriter {
        void write() throws IOException;
    }

    private Void write(WireType type, DataWriter data) {
        try {
            out.writeStartObject();
            out.writeStringField("type", type.wireName);
            out.writeNumberField("v", type.version);
            out.writeObjectFieldStart("data");
            data.write();
            out.writeEndObject();
            out.writeEndObject();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void optional(String field, String value) throws IOException {
        if (value != null) {
            out.writeStringField(field, value);
        }
    }

    private void optionalJson(String field, String json) throws IOException {
        if (json != null) {
            JsonText.write(out, field, json);
        }
    }

    private void usage(Usage usage) throws IOException {
        out.writeObjectFieldStart("usage");
        out.writeNumberField("inputTokens", usage.inputTokens());
        out.writeNumberField("outputTokens", usage.outputTokens());
        out.writeNumberField("cacheReadTokens", usage.cacheReadTokens());
        out.writeNumberField("cacheWriteTokens", usage.cacheWriteTokens());
        out.writeNumberField("totalTokens", usage.totalTokens());
        out.writeNumberField("costTotal", usage.costTotal());
        out.writeEndObject();
    }

    private void content(String field, List<ContentBlock> blocks) throws IOException {
        out.writeArrayFieldStart(field);
        for (ContentBlock block : blocks) {
            out.writeStartObject();
            if (block instanceof ContentBlock.Text text) {
                out.writeStringField("type", "text");
                out.writeStringField("text", text.text());
            } else if (block instanceof ContentBlock.Image image) {
                out.writeStringField("type", "image");
                out.writeStringField("mimeType", image.mimeType());
                optional("data", image.data());
                optional("ref", image.ref());
            } else if (block instanceof ContentBlock.Thinking thinking) {
                out.writeStringField("type", "thinking");
                out.writeStringField("thinking", thinking.thinking());
                optional("signature", thinking.signature());
            } else if (block instanceof ContentBlock.ToolCall call) {
                out.writeStringField("type", "tool_call");
                out.writeStringField("id", call.id());
                out.writeStringField("name", call.name());
                JsonText.write(out, "arguments", call.argumentsJson());
            } else {
                throw new IllegalStateException("no wire form for content block " + block.getClass().getName());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Whole milliseconds (rounded down); a duration too long for a long of milliseconds is refused. */
    private static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("retry-after of " + duration + " is too long to store", e);
        }
    }
}
