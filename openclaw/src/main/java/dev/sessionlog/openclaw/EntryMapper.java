package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one transcript entry (already migrated to the version 3 shape) to events. Throws
 * {@link IllegalArgumentException} when the entry cannot be the event its type names (an empty user
 * message, a model change that changes nothing); the reader then keeps it as a raw custom entry.
 */
final class EntryMapper {
    /** The custom type OpenClaw gives a failed prompt. */
    static final String PROMPT_ERROR = "openclaw:prompt-error";
    /** Prefix of the custom type of an entry kept whole ({@code openclaw.entry/label}). */
    static final String RAW_PREFIX = "openclaw.entry/";
    /** The model named when an assistant message names none. */
    static final String UNKNOWN = "unknown";

    private static final Pattern LEADING_STATUS = Pattern.compile("^\\s*(\\d{3})\\b");
    private static final Pattern ERROR_TYPE = Pattern.compile("\"error\"\\s*:\\s*\\{[^{}]*?\"(?:type|code)\"\\s*:\\s*\"([^\"]{1,100})\"");
    private static final Pattern STATUS_FIELD = Pattern.compile("\"(?:status|statusCode|code)\"\\s*:\\s*(\\d{3})\\b");

    private final FailureClassifier classifier;
    private final Set<String> deliveryIds = new HashSet<>();

    /** Classifies failures with {@code classifier}; one instance per file, as delivery ids must be unique in it. */
    EntryMapper(FailureClassifier classifier) {
        this.classifier = classifier;
    }

    /** What {@link #map} needs from the reader: keys derived from the entry and resolved sequences. */
    interface Entry {
        /** The entry's JSON, version 3 shape. */
        ObjectNode json();

        /** The idempotency key for this entry's events: {@code openclaw:<id>}, unique within the file. */
        String key();

        /** The sequence of the first event of the entry {@code firstKeptEntryId} names, or -1. */
        long sequenceOfEntry(String entryId);
    }

    /** The entry's events, in order; the last one carries the entry's metadata. */
    List<SessionEvent> map(Entry entry) {
        ObjectNode json = entry.json();
        String type = Json.text(json, "type");
        return switch (type) {
            case "message" -> message(entry);
            case "model_change" -> List.of(SettingsChanged.model(Json.text(json, "provider"), Json.text(json, "modelId")));
            case "thinking_level_change" -> List.of(SettingsChanged.thinkingLevel(requireText(json, "thinkingLevel")));
            case "compaction" -> List.of(compaction(entry));
            case "branch_summary" -> List.of(new ContextMessageAdded(EntryRenderer.BRANCH_SUMMARY,
                    List.of(new ContentBlock.Text(requireText(json, "summary"))), true));
            case "custom" -> custom(entry);
            case "custom_message" -> List.of(new ContextMessageAdded(requireText(json, "customType"),
                    blocks(json.get("content")), !json.has("display") || json.get("display").asBoolean(true)));
            default -> List.of(raw(json));
        };
    }

    /**
     * The entry kept whole (but for its id and parent) as a custom entry: what labels, session
     * names, bash executions and unknown types become.
     */
    static CustomEntryRecorded raw(ObjectNode json) {
        String type = Json.text(json, "type");
        JsonNode message = json.get("message");
        String role = message != null && message.isObject() ? Json.text(message, "role") : null;
        String name = (type == null ? "unknown" : type) + (role == null ? "" : "." + role);
        if (name.length() > 100) {
            name = name.substring(0, 100);
        }
        // id and parent are the metadata's (structural, like every entry's), so a version 1 entry and its
        // version 3 export import as the same event
        ObjectNode data = json.deepCopy();
        data.remove("id");
        data.remove("parentId");
        return new CustomEntryRecorded(RAW_PREFIX + name, Json.compact(data));
    }

    private List<SessionEvent> message(Entry entry) {
        JsonNode message = entry.json().get("message");
        if (message == null || !message.isObject()) {
            return List.of(raw(entry.json()));
        }
        String role = Json.text(message, "role");
        if (role == null) {
            return List.of(raw(entry.json()));
        }
        return switch (role) {
            case "user" -> List.of(new UserMessageReceived(entry.key(), blocks(message.get("content")),
                    message.has("provenance") && message.get("provenance").isObject()
                            ? Json.compact(message.get("provenance")) : null));
            case "assistant" -> assistant(entry, message);
            case "toolResult" -> List.of(new ToolResultRecorded(Json.text(message, "toolCallId"),
                    Json.text(message, "toolName"), blocks(message.get("content")),
                    message.path("isError").asBoolean(false)));
            case "custom" -> List.of(new ContextMessageAdded(requireText(message, "customType"),
                    blocks(message.get("content")), message.path("display").asBoolean(true)));
            default -> List.of(raw(entry.json()));
        };
    }

    private List<SessionEvent> assistant(Entry entry, JsonNode message) {
        String provider = Json.text(message, "provider");
        String model = Json.text(message, "model");
        List<ContentBlock> content = blocks(message.get("content"));
        if (EntryRenderer.GATEWAY_PROVIDER.equals(provider) && EntryRenderer.DELIVERY_MIRROR.equals(model)) {
            String key = Json.text(message, "idempotencyKey");
            // a mirror written twice under one key (a known OpenClaw bug) must not collapse into one
            // event: the store would skip the copy and every later sequence would shift
            String deliveryId = key != null && !key.isBlank() && deliveryIds.add(key) ? key : entry.key();
            return List.of(new DeliveryRecorded(deliveryId, null, text(content)));
        }
        if (EntryRenderer.GATEWAY_PROVIDER.equals(provider) && EntryRenderer.INJECTED.equals(model)) {
            JsonNode abort = message.get("openclawAbort");
            if (abort != null && abort.isObject() && abort.path("aborted").asBoolean(false)) {
                String origin = Json.text(abort, "origin");
                TurnAborted.Reason reason = origin != null && origin.toLowerCase(Locale.ROOT).contains("user")
                        ? TurnAborted.Reason.USER_STOP : TurnAborted.Reason.GATEWAY;
                return List.of(new TurnAborted(reason, null));
            }
            return List.of(new ContextMessageAdded(EntryRenderer.GATEWAY_INJECTED, content, true));
        }
        CallId callId = CallId.of(entry.key());
        String callProvider = provider == null || provider.isBlank() ? UNKNOWN : provider;
        String callModel = model == null || model.isBlank() ? UNKNOWN : model;
        ModelCallStarted started = new ModelCallStarted(callId, callProvider, callModel, 1, null);
        String stopReason = Json.text(message, "stopReason");
        String errorMessage = Json.text(message, "errorMessage");
        if ("error".equals(stopReason)) {
            return List.of(started, failure(callId, callProvider, callModel, errorMessage));
        }
        if ("aborted".equals(stopReason)) {
            return List.of(started, new ModelCallFailed(callId, callProvider, callModel, FailureKind.CANCELLED,
                    null, null, null, errorMessage, FailureKind.CANCELLED.retryable()));
        }
        return List.of(started, new ModelCallCompleted(callId, content, usage(message.get("usage")), stopReason));
    }

    private List<SessionEvent> custom(Entry entry) {
        ObjectNode json = entry.json();
        String customType = requireText(json, "customType");
        JsonNode data = json.get("data");
        if (customType.equals(PROMPT_ERROR) && data != null && data.isObject()) {
            CallId callId = CallId.of(entry.key());
            String provider = nonBlank(Json.text(data, "provider"));
            String model = nonBlank(Json.text(data, "model"));
            JsonNode error = data.get("error");
            String message = error == null || error.isNull() ? null : error.isTextual() ? error.asText() : Json.compact(error);
            return List.of(new ModelCallStarted(callId, provider, model, 1, null),
                    failure(callId, provider, model, message));
        }
        return List.of(new CustomEntryRecorded(customType, data == null ? "null" : Json.compact(data)));
    }

    private TranscriptCompacted compaction(Entry entry) {
        ObjectNode json = entry.json();
        String firstKept = Json.text(json, "firstKeptEntryId");
        long sequence = firstKept == null ? -1 : entry.sequenceOfEntry(firstKept);
        if (sequence < 1) {
            throw new IllegalArgumentException("compaction keeps from entry " + quote(firstKept)
                    + ", which is not an earlier entry");
        }
        JsonNode tokens = json.get("tokensBefore");
        return new TranscriptCompacted(requireText(json, "summary"), sequence,
                tokens != null && tokens.canConvertToLong() ? Math.max(0, tokens.asLong()) : 0);
    }

    private ModelCallFailed failure(CallId callId, String provider, String model, String message) {
        Integer status = null;
        String code = null;
        if (message != null) {
            Matcher leading = LEADING_STATUS.matcher(message);
            Matcher field = STATUS_FIELD.matcher(message);
            if (leading.find()) {
                status = Integer.valueOf(leading.group(1));
            } else if (field.find()) {
                status = Integer.valueOf(field.group(1));
            }
            Matcher type = ERROR_TYPE.matcher(message);
            code = type.find() ? type.group(1) : null;
        }
        FailureKind kind = classifier.classify(new ProviderError(provider, status, code, message, null, null));
        return new ModelCallFailed(callId, provider, model, kind, status, code, null, message, kind.retryable());
    }

    /** Content as blocks: a string is one text block; blocks of unknown shape are left out (the lossless overrides keep them). */
    static List<ContentBlock> blocks(JsonNode content) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            blocks.add(new ContentBlock.Text(content.asText()));
            return blocks;
        }
        if (!content.isArray()) {
            return blocks;
        }
        for (JsonNode block : content) {
            try {
                ContentBlock parsed = block(block);
                if (parsed != null) {
                    blocks.add(parsed);
                }
            } catch (IllegalArgumentException e) {
                // not a block we can model; the original content array is kept in the overrides
            }
        }
        return blocks;
    }

    private static ContentBlock block(JsonNode block) {
        String type = Json.text(block, "type");
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "text" -> Json.text(block, "text") == null ? null : new ContentBlock.Text(Json.text(block, "text"));
            case "image" -> new ContentBlock.Image(Json.text(block, "mimeType"), Json.text(block, "data"),
                    Json.text(block, "data") == null ? Json.text(block, "url") : null);
            case "thinking" -> Json.text(block, "thinking") == null ? null
                    : new ContentBlock.Thinking(Json.text(block, "thinking"), Json.text(block, "thinkingSignature"));
            case "toolCall" -> new ContentBlock.ToolCall(Json.text(block, "id"), Json.text(block, "name"),
                    block.has("arguments") ? Json.compact(block.get("arguments")) : null);
            default -> null;
        };
    }

    private static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        double cost = usage.path("cost").path("total").asDouble(0);
        return new Usage(count(usage, "input"), count(usage, "output"), count(usage, "cacheRead"),
                count(usage, "cacheWrite"), count(usage, "totalTokens"),
                Double.isFinite(cost) && cost >= 0 ? cost : 0);
    }

    private static long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() ? Math.max(0, value.asLong()) : 0;
    }

    private static String text(List<ContentBlock> content) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    private static String requireText(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the entry has no " + field);
        }
        return value;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
