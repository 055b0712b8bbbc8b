package dev.sessionlog.codec;

import static dev.sessionlog.codec.Fields.bool;
import static dev.sessionlog.codec.Fields.instant;
import static dev.sessionlog.codec.Fields.integer;
import static dev.sessionlog.codec.Fields.json;
import static dev.sessionlog.codec.Fields.number;
import static dev.sessionlog.codec.Fields.oneOf;
import static dev.sessionlog.codec.Fields.optionalText;
import static dev.sessionlog.codec.Fields.required;
import static dev.sessionlog.codec.Fields.skip;
import static dev.sessionlog.codec.Fields.smallInteger;
import static dev.sessionlog.codec.Fields.stringMap;
import static dev.sessionlog.codec.Fields.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sessionlog.CallId;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the data object of the current version of each event type from a streaming parser. Fields
 * may come in any order; unknown fields are skipped; a missing required field, a value of the
 * wrong type or a value the event's constructor refuses makes the record malformed (the caller
 * maps the constructors' {@link IllegalArgumentException}s).
 */
final class EventReader {

    private EventReader() {}

    /** Reads the data; the parser stands on its {@code START_OBJECT} and is left on its end. */
    static SessionEvent read(WireType type, JsonParser in) throws IOException {
        return switch (type) {
            case SESSION_STARTED -> sessionStarted(in);
            case USER_MESSAGE_RECEIVED -> userMessageReceived(in);
            case MODEL_CALL_STARTED -> modelCallStarted(in);
            case MODEL_CALL_COMPLETED -> modelCallCompleted(in);
            case MODEL_CALL_FAILED -> modelCallFailed(in);
            case TOOL_RESULT_RECORDED -> toolResultRecorded(in);
            case SETTINGS_CHANGED -> settingsChanged(in);
            case TRANSCRIPT_COMPACTED -> transcriptCompacted(in);
            case DELIVERY_RECORDED -> deliveryRecorded(in);
            case TURN_ABORTED -> turnAborted(in);
            case CUSTOM_ENTRY_RECORDED -> customEntryRecorded(in);
            case CONTEXT_MESSAGE_ADDED -> contextMessageAdded(in);
            case SESSION_KEY_ASSIGNED -> sessionKeyAssigned(in);
            case SESSION_ENDED -> sessionEnded(in);
        };
    }

    private static SessionStarted sessionStarted(JsonParser in) throws IOException {
        String sessionKey = null;
        String agentId = null;
        String channel = null;
        String origin = null;
        String originText = null;
        String reason = null;
        String parentSession = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "sessionKey" -> sessionKey = optionalText(in, field);
                case "agentId" -> agentId = optionalText(in, field);
                case "channel" -> channel = optionalText(in, field);
                case "origin" -> origin = json(in, field);
                case "originText" -> originText = text(in, field);
                case "reason" -> reason = text(in, field);
                case "parentSession" -> parentSession = optionalText(in, field);
                default -> skip(in);
            }
        }
        return new SessionStarted(sessionKey == null ? null : new SessionKey(sessionKey), agentId, channel,
                oneOf(origin, originText, "origin"),
                WireEnums.START_REASON.value(required(reason, "reason"), "reason"),
                parentSession == null ? null : new SessionId(parentSession));
    }

    private static UserMessageReceived userMessageReceived(JsonParser in) throws IOException {
        String messageId = null;
        List<ContentBlock> content = null;
        String provenance = null;
        String provenanceText = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "messageId" -> messageId = optionalText(in, field);
                case "content" -> content = content(in, field);
                case "provenance" -> provenance = json(in, field);
                case "provenanceText" -> provenanceText = text(in, field);
                default -> skip(in);
            }
        }
        return new UserMessageReceived(messageId, required(content, "content"),
                oneOf(provenance, provenanceText, "provenance"));
    }

    private static ModelCallStarted modelCallStarted(JsonParser in) throws IOException {
        String callId = null;
        String provider = null;
        String model = null;
        Integer attempt = null;
        Instant deadline = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "callId" -> callId = text(in, field);
                case "provider" -> provider = text(in, field);
                case "model" -> model = text(in, field);
                case "attempt" -> attempt = smallInteger(in, field);
                case "deadline" -> deadline = instant(in, field);
                default -> skip(in);
            }
        }
        return new ModelCallStarted(new CallId(required(callId, "callId")), required(provider, "provider"),
                required(model, "model"), required(attempt, "attempt"), deadline);
    }

    private static ModelCallCompleted modelCallCompleted(JsonParser in) throws IOException {
        String callId = null;
        List<ContentBlock> content = null;
        Usage usage = null;
        String stopReason = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "callId" -> callId = text(in, field);
                case "content" -> content = content(in, field);
                case "usage" -> usage = usage(in, field);
                case "stopReason" -> stopReason = text(in, field);
                default -> skip(in);
            }
        }
        return new ModelCallCompleted(new CallId(required(callId, "callId")), required(content, "content"),
                required(usage, "usage"), required(stopReason, "stopReason"));
    }

    private static ModelCallFailed modelCallFailed(JsonParser in) throws IOException {
        String callId = null;
        String provider = null;
        String model = null;
        String kind = null;
        Integer httpStatus = null;
        String providerErrorCode = null;
        Duration retryAfter = null;
        String providerMessage = null;
        Boolean retryable = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "callId" -> callId = text(in, field);
                case "provider" -> provider = optionalText(in, field);
                case "model" -> model = optionalText(in, field);
                case "kind" -> kind = text(in, field);
                case "httpStatus" -> httpStatus = smallInteger(in, field);
                case "providerErrorCode" -> providerErrorCode = optionalText(in, field);
                case "retryAfterMs" -> retryAfter = Duration.ofMillis(integer(in, field));
                case "providerMessage" -> providerMessage = optionalText(in, field);
                case "retryable" -> retryable = bool(in, field);
                default -> skip(in);
            }
        }
        return new ModelCallFailed(new CallId(required(callId, "callId")), provider, model,
                WireEnums.FAILURE_KIND.value(required(kind, "kind"), "kind"), httpStatus, providerErrorCode,
                retryAfter, providerMessage, required(retryable, "retryable"));
    }

    private static ToolResultRecorded toolResultRecorded(JsonParser in) throws IOException {
        String toolCallId = null;
        String toolName = null;
        List<ContentBlock> content = null;
        Boolean isError = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "toolCallId" -> toolCallId = text(in, field);
                case "toolName" -> toolName = optionalText(in, field);
                case "content" -> content = content(in, field);
                case "isError" -> isError = bool(in, field);
                default -> skip(in);
            }
        }
        return new ToolResultRecorded(required(toolCallId, "toolCallId"), toolName, required(content, "content"),
                required(isError, "isError"));
    }

    private static SettingsChanged settingsChanged(JsonParser in) throws IOException {
        String provider = null;
        String model = null;
        String thinkingLevel = null;
        Map<String, String> other = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "provider" -> provider = optionalText(in, field);
                case "model" -> model = optionalText(in, field);
                case "thinkingLevel" -> thinkingLevel = optionalText(in, field);
                case "other" -> other = stringMap(in, field);
                default -> skip(in);
            }
        }
        return new SettingsChanged(provider, model, thinkingLevel, other);
    }

    private static TranscriptCompacted transcriptCompacted(JsonParser in) throws IOException {
        String summary = null;
        Long firstKeptSequence = null;
        Long tokensBefore = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "summary" -> summary = text(in, field);
                case "firstKeptSequence" -> firstKeptSequence = integer(in, field);
                case "tokensBefore" -> tokensBefore = integer(in, field);
                default -> skip(in);
            }
        }
        return new TranscriptCompacted(required(summary, "summary"), required(firstKeptSequence, "firstKeptSequence"),
                required(tokensBefore, "tokensBefore"));
    }

    private static DeliveryRecorded deliveryRecorded(JsonParser in) throws IOException {
        String deliveryId = null;
        String target = null;
        String text = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "deliveryId" -> deliveryId = text(in, field);
                case "target" -> target = optionalText(in, field);
                case "text" -> text = text(in, field);
                default -> skip(in);
            }
        }
        return new DeliveryRecorded(required(deliveryId, "deliveryId"), target, required(text, "text"));
    }

    private static TurnAborted turnAborted(JsonParser in) throws IOException {
        String reason = null;
        String callId = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "reason" -> reason = text(in, field);
                case "callId" -> callId = optionalText(in, field);
                default -> skip(in);
            }
        }
        return new TurnAborted(WireEnums.ABORT_REASON.value(required(reason, "reason"), "reason"),
                callId == null ? null : new CallId(callId));
    }

    private static CustomEntryRecorded customEntryRecorded(JsonParser in) throws IOException {
        String customType = null;
        String data = null;
        String dataText = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "customType" -> customType = text(in, field);
                case "data" -> data = json(in, field);
                case "dataText" -> dataText = text(in, field);
                default -> skip(in);
            }
        }
        return new CustomEntryRecorded(required(customType, "customType"),
                required(oneOf(data, dataText, "data"), "data"));
    }

    private static ContextMessageAdded contextMessageAdded(JsonParser in) throws IOException {
        String source = null;
        List<ContentBlock> content = null;
        Boolean display = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "source" -> source = text(in, field);
                case "content" -> content = content(in, field);
                case "display" -> display = bool(in, field);
                default -> skip(in);
            }
        }
        return new ContextMessageAdded(required(source, "source"), required(content, "content"),
                required(display, "display"));
    }

    private static SessionKeyAssigned sessionKeyAssigned(JsonParser in) throws IOException {
        String sessionKey = null;
        String agentId = null;
        String channel = null;
        String origin = null;
        String originText = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "sessionKey" -> sessionKey = text(in, field);
                case "agentId" -> agentId = optionalText(in, field);
                case "channel" -> channel = optionalText(in, field);
                case "origin" -> origin = json(in, field);
                case "originText" -> originText = text(in, field);
                default -> skip(in);
            }
        }
        return new SessionKeyAssigned(new SessionKey(required(sessionKey, "sessionKey")), agentId, channel,
                oneOf(origin, originText, "origin"));
    }

    private static SessionEnded sessionEnded(JsonParser in) throws IOException {
        String reason = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            if (field.equals("reason")) {
                reason = text(in, field);
            } else {
                skip(in);
            }
        }
        return new SessionEnded(WireEnums.END_REASON.value(required(reason, "reason"), "reason"));
    }

    private static Usage usage(JsonParser in, String field) throws IOException {
        Fields.startObject(in, field);
        long inputTokens = 0;
        long outputTokens = 0;
        long cacheReadTokens = 0;
        long cacheWriteTokens = 0;
        long totalTokens = 0;
        double costTotal = 0;
        for (String name = in.nextFieldName(); name != null; name = in.nextFieldName()) {
            switch (name) {
                case "inputTokens" -> inputTokens = integer(in, "usage.inputTokens");
                case "outputTokens" -> outputTokens = integer(in, "usage.outputTokens");
                case "cacheReadTokens" -> cacheReadTokens = integer(in, "usage.cacheReadTokens");
                case "cacheWriteTokens" -> cacheWriteTokens = integer(in, "usage.cacheWriteTokens");
                case "totalTokens" -> totalTokens = integer(in, "usage.totalTokens");
                case "costTotal" -> costTotal = number(in, "usage.costTotal");
                default -> skip(in);
            }
        }
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, totalTokens, costTotal);
    }

    private static List<ContentBlock> content(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.START_ARRAY) {
            throw Fields.unexpected(field, "an array", token);
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
            try {
                if (token != JsonToken.START_OBJECT) {
                    throw Fields.unexpected("", "an object", token);
                }
                blocks.add(block(in));
            } catch (DecodeException e) {
                // The path is built only for a failure: building it for every field cost more than reading it.
                throw e.within(field + "[" + blocks.size() + "]");
            }
        }
        return blocks;
    }

    /** Reads one block; failures name fields relative to the block, {@link #content} adds where it is. */
    private static ContentBlock block(JsonParser in) throws IOException {
        String type = null;
        String text = null;
        String mimeType = null;
        String data = null;
        String ref = null;
        String thinking = null;
        String signature = null;
        String id = null;
        String name = null;
        String arguments = null;
        String argumentsText = null;
        for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
            switch (field) {
                case "type" -> type = text(in, "type");
                case "text" -> text = text(in, "text");
                case "mimeType" -> mimeType = text(in, "mimeType");
                case "data" -> data = optionalText(in, "data");
                case "ref" -> ref = optionalText(in, "ref");
                case "thinking" -> thinking = text(in, "thinking");
                case "signature" -> signature = optionalText(in, "signature");
                case "id" -> id = text(in, "id");
                case "name" -> name = text(in, "name");
                case "arguments" -> arguments = json(in, "arguments");
                case "argumentsText" -> argumentsText = text(in, "argumentsText");
                default -> skip(in);
            }
        }
        return switch (required(type, "type")) {
            case "text" -> new ContentBlock.Text(required(text, "text"));
            case "image" -> new ContentBlock.Image(required(mimeType, "mimeType"), data, ref);
            case "thinking" -> new ContentBlock.Thinking(required(thinking, "thinking"), signature);
            case "tool_call" -> new ContentBlock.ToolCall(required(id, "id"), required(name, "name"),
                    oneOf(arguments, argumentsText, "arguments"));
            default -> throw DecodeException.malformed("type",
                    "unknown content block type " + DecodeException.describeValue(type));
        };
    }
}
