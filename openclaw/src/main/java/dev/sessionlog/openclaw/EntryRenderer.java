package dev.sessionlog.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
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
import dev.sessionlog.failure.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one event into the OpenClaw entries that express it, without the structural fields
 * ({@code id}, {@code parentId}, {@code timestamp}, {@code message.timestamp}), which the writer
 * assigns. The reader renders every imported event too and stores where the original differs, so
 * the writer's output equals the original by construction.
 */
final class EntryRenderer {
    /** {@code source} of a {@link ContextMessageAdded} made from a {@code branch_summary} entry. */
    public static final String BRANCH_SUMMARY = "openclaw.branch_summary";
    /** {@code source} of a {@link ContextMessageAdded} made from a gateway-injected assistant message. */
    public static final String GATEWAY_INJECTED = "openclaw.gateway-injected";
    /** The provider OpenClaw names on the messages it writes itself. */
    public static final String GATEWAY_PROVIDER = "openclaw";
    /** The model of an outbound reply mirrored into the transcript. */
    public static final String DELIVERY_MIRROR = "delivery-mirror";
    /** The model of a message the gateway injected. */
    public static final String INJECTED = "gateway-injected";

    /** What rendering needs from the rest of the session. */
    public interface Context {
        /** The {@link ModelCallStarted} of {@code callId}, or null when it is not known. */
        ModelCallStarted started(CallId callId);

        /** The id of the entry that holds the event at {@code sequence}, or null. */
        String entryIdForSequence(long sequence);
    }

    private EntryRenderer() {}

    /** The entries {@code event} is written as: none for lifecycle-only events, normally one. */
    public static List<ObjectNode> render(SessionEvent event, Map<String, String> attributes, Context context) {
        return event.accept(new Visitor(attributes, context));
    }

    /** The content blocks as an OpenClaw content array. */
    public static ArrayNode content(List<ContentBlock> blocks) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ContentBlock block : blocks) {
            ObjectNode node = array.addObject();
            if (block instanceof ContentBlock.Text text) {
                node.put("type", "text").put("text", text.text());
            } else if (block instanceof ContentBlock.Image image) {
                node.put("type", "image");
                if (image.data() != null) {
                    node.put("data", image.data());
                } else {
                    node.put("url", image.ref());
                }
                node.put("mimeType", image.mimeType());
            } else if (block instanceof ContentBlock.Thinking thinking) {
                node.put("type", "thinking").put("thinking", thinking.thinking());
                if (thinking.signature() != null) {
                    node.put("thinkingSignature", thinking.signature());
                }
            } else if (block instanceof ContentBlock.ToolCall call) {
                node.put("type", "toolCall").put("id", call.id()).put("name", call.name());
                node.set("arguments", Json.parseLenient(call.argumentsJson()));
            } else {
                // ContentBlock is sealed; a new kind must be given its OpenClaw shape here
                throw new IllegalStateException("no OpenClaw shape for " + block.getClass().getSimpleName());
            }
        }
        return array;
    }

    /** The usage as an OpenClaw usage object. */
    public static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("input", usage.inputTokens()).put("output", usage.outputTokens())
                .put("cacheRead", usage.cacheReadTokens()).put("cacheWrite", usage.cacheWriteTokens())
                .put("totalTokens", usage.totalTokens());
        node.putObject("cost").set("total", Json.number(usage.costTotal()));
        return node;
    }

    private static final class Visitor implements SessionEvent.Visitor<List<ObjectNode>> {
        private final Map<String, String> attributes;
        private final Context context;

        Visitor(Map<String, String> attributes, Context context) {
            this.attributes = attributes;
            this.context = context;
        }

        private static ObjectNode entry(String type) {
            return Json.object().put("type", type);
        }

        private static ObjectNode message(ObjectNode entry, String role) {
            return entry.putObject("message").put("role", role);
        }

        private ObjectNode assistant(List<ContentBlock> content, String provider, String model) {
            ObjectNode entry = entry("message");
            ObjectNode message = message(entry, "assistant");
            message.set("content", content(content));
            String api = attributes.get(OpenClawAttributes.API);
            if (api != null) {
                message.put("api", api);
            }
            if (provider != null) {
                message.put("provider", provider);
            }
            if (model != null) {
                message.put("model", model);
            }
            return entry;
        }

        private static ObjectNode messageOf(ObjectNode entry) {
            return (ObjectNode) entry.get("message");
        }

        @Override
        public List<ObjectNode> sessionStarted(SessionStarted event) {
            return List.of();
        }

        @Override
        public List<ObjectNode> userMessageReceived(UserMessageReceived event) {
            ObjectNode entry = entry("message");
            ObjectNode message = message(entry, "user");
            message.set("content", content(event.content()));
            if (event.provenance() != null) {
                message.set("provenance", Json.parseLenient(event.provenance()));
            }
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> modelCallStarted(ModelCallStarted event) {
            return List.of();
        }

        @Override
        public List<ObjectNode> modelCallCompleted(ModelCallCompleted event) {
            ModelCallStarted started = context.started(event.callId());
            ObjectNode entry = assistant(event.content(), started == null ? null : started.provider(),
                    started == null ? null : started.model());
            messageOf(entry).set("usage", usage(event.usage()));
            messageOf(entry).put("stopReason", event.stopReason());
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> modelCallFailed(ModelCallFailed event) {
            ObjectNode entry = assistant(List.of(), event.provider(), event.model());
            ObjectNode message = messageOf(entry);
            message.set("usage", usage(Usage.NONE));
            message.put("stopReason", event.kind() == FailureKind.CANCELLED ? "aborted" : "error");
            message.put("errorMessage", event.providerMessage() != null ? event.providerMessage()
                    : event.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> toolResultRecorded(ToolResultRecorded event) {
            ObjectNode entry = entry("message");
            ObjectNode message = message(entry, "toolResult");
            message.put("toolCallId", event.toolCallId());
            if (event.toolName() != null) {
                message.put("toolName", event.toolName());
            }
            message.set("content", content(event.content()));
            message.put("isError", event.isError());
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> settingsChanged(SettingsChanged event) {
            if ("true".equals(attributes.get(OpenClawAttributes.FROM_HEADER))) {
                return List.of();
            }
            List<ObjectNode> entries = new ArrayList<>();
            if (event.provider() != null || event.model() != null) {
                ObjectNode entry = entry("model_change");
                if (event.provider() != null) {
                    entry.put("provider", event.provider());
                }
                if (event.model() != null) {
                    entry.put("modelId", event.model());
                }
                entries.add(entry);
            }
            if (event.thinkingLevel() != null) {
                entries.add(entry("thinking_level_change").put("thinkingLevel", event.thinkingLevel()));
            }
            if (!event.other().isEmpty()) {
                ObjectNode entry = entry("custom").put("customType", "sessionlog.settings");
                ObjectNode data = entry.putObject("data");
                event.other().forEach(data::put);
                entries.add(entry);
            }
            return entries;
        }

        @Override
        public List<ObjectNode> transcriptCompacted(TranscriptCompacted event) {
            ObjectNode entry = entry("compaction").put("summary", event.summary());
            String firstKept = context.entryIdForSequence(event.firstKeptSequence());
            if (firstKept != null) {
                entry.put("firstKeptEntryId", firstKept);
            }
            entry.put("tokensBefore", event.tokensBefore());
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> deliveryRecorded(DeliveryRecorded event) {
            ObjectNode entry = assistant(List.of(new ContentBlock.Text(event.text())), GATEWAY_PROVIDER, DELIVERY_MIRROR);
            ObjectNode message = messageOf(entry);
            message.set("usage", usage(Usage.NONE));
            message.put("stopReason", "stop");
            message.put("idempotencyKey", event.deliveryId());
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> turnAborted(TurnAborted event) {
            ObjectNode entry = assistant(List.of(), GATEWAY_PROVIDER, INJECTED);
            ObjectNode message = messageOf(entry);
            message.set("usage", usage(Usage.NONE));
            message.put("stopReason", "stop");
            ObjectNode abort = message.putObject("openclawAbort").put("aborted", true)
                    .put("origin", event.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (event.callId() != null) {
                abort.put("runId", event.callId().value());
            }
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> customEntryRecorded(CustomEntryRecorded event) {
            if ("true".equals(attributes.get(OpenClawAttributes.RAW))) {
                JsonNode raw = Json.parseLenient(event.data());
                if (raw.isObject()) {
                    return List.of(((ObjectNode) raw).deepCopy());
                }
            }
            ObjectNode entry = entry("custom").put("customType", event.customType());
            entry.set("data", Json.parseLenient(event.data()));
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> contextMessageAdded(ContextMessageAdded event) {
            if (event.source().equals(BRANCH_SUMMARY)) {
                StringBuilder summary = new StringBuilder();
                event.content().forEach(block -> {
                    if (block instanceof ContentBlock.Text text) {
                        summary.append(text.text());
                    }
                });
                return List.of(entry("branch_summary").put("summary", summary.toString()));
            }
            if (event.source().equals(GATEWAY_INJECTED)) {
                ObjectNode entry = assistant(event.content(), GATEWAY_PROVIDER, INJECTED);
                messageOf(entry).set("usage", usage(Usage.NONE));
                messageOf(entry).put("stopReason", "stop");
                return List.of(entry);
            }
            ObjectNode entry = entry("custom_message").put("customType", event.source());
            entry.set("content", content(event.content()));
            entry.put("display", event.display());
            return List.of(entry);
        }

        @Override
        public List<ObjectNode> sessionKeyAssigned(SessionKeyAssigned event) {
            return List.of(); // OpenClaw keeps keys in sessions.json, not in a transcript
        }

        @Override
        public List<ObjectNode> sessionEnded(SessionEnded event) {
            return List.of();
        }
    }
}
