package dev.sessionlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.AppendResult;
import dev.sessionlog.CallId;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.TranscriptMessage;
import dev.sessionlog.projection.UserNotice;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of what the API returns besides events: append results, summaries and the shipped
 * projections. Enums are lower-case wire names and instants ISO-8601, as in the event codec;
 * content blocks are written by the codec itself.
 */
final class Views {
    private final EventCodec codec;

    Views(EventCodec codec) {
        this.codec = codec;
    }

    /** An append's result, with what became of each event in the order given ({@code outcomes}). */
    static ObjectNode appendResult(AppendResult result) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("session", result.session().value())
                .put("firstSequence", result.firstSequence())
                .put("lastSequence", result.lastSequence())
                .put("position", result.position())
                .put("duplicate", result.duplicate());
        ArrayNode outcomes = node.putArray("outcomes");
        for (AppendResult.Outcome outcome : result.outcomes()) {
            outcomes.addObject().put("sequence", outcome.sequence()).put("duplicate", outcome.duplicate());
        }
        return node;
    }

    static ObjectNode summary(SessionSummary summary) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("sessionId", summary.sessionId().value());
        node.put("sessionKey", summary.sessionKey() == null ? null : summary.sessionKey().value());
        node.put("agentId", summary.agentId());
        node.put("channel", summary.channel());
        node.put("state", wire(summary.state()));
        node.put("lastSequence", summary.lastSequence());
        node.put("messageCount", summary.messageCount());
        node.put("openCalls", summary.openCalls());
        node.put("lastFailure", wire(summary.lastFailure()));
        node.put("model", summary.model());
        node.put("provider", summary.provider());
        node.put("totalTokens", summary.totalTokens());
        node.put("createdAt", instant(summary.createdAt()));
        node.put("updatedAt", instant(summary.updatedAt()));
        node.put("endReason", wire(summary.endReason()));
        return node;
    }

    /** An open model call: which session and call, where it is, and its deadline. */
    static ObjectNode openCall(SessionSummary summary, OpenCalls.OpenCall call) {
        return Json.MAPPER.createObjectNode()
                .put("sessionId", summary.sessionId().value())
                .put("callId", call.started().callId().value())
                .put("provider", call.started().provider())
                .put("model", call.started().model())
                .put("sequence", call.recorded().sequence())
                .put("startedAt", instant(call.recorded().recordedAt()))
                .put("deadline", instant(call.started().deadline()));
    }

    static ObjectNode status(SessionStatus status) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("state", wire(status.state()));
        node.put("openCall", status.openCall() == null ? null : status.openCall().value());
        node.put("awaitingSince", instant(status.awaitingSince()));
        node.put("lastFailure", wire(status.lastFailure()));
        node.put("provider", status.provider());
        node.put("model", status.model());
        node.put("thinkingLevel", status.thinkingLevel());
        node.put("inputTokens", status.inputTokens());
        node.put("outputTokens", status.outputTokens());
        node.put("totalTokens", status.totalTokens());
        node.put("cost", status.cost());
        node.put("abortedLastRun", status.abortedLastRun());
        node.put("updatedAt", instant(status.updatedAt()));
        return node;
    }

    static ObjectNode notices(List<UserNotice> notices) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (UserNotice notice : notices) {
            array.add(notice(notice));
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("notices", array);
        return node;
    }

    static ObjectNode notice(UserNotice notice) {
        return Json.MAPPER.createObjectNode()
                .put("sequence", notice.sequence())
                .put("callId", notice.callId().value())
                .put("kind", wire(notice.kind()))
                .put("text", notice.text())
                .put("at", instant(notice.at()));
    }

    /**
     * The transcript's messages, or only its newest {@code last} when given (a console shows the end
     * of a long session without moving all of it), with {@code messageCount}, how many it has in all.
     */
    ObjectNode transcript(Transcript transcript, Long last) {
        ArrayNode messages = Json.MAPPER.createArrayNode();
        List<TranscriptMessage> all = transcript.messages();
        List<TranscriptMessage> shown = last == null || last >= all.size() ? all
                : all.subList(all.size() - last.intValue(), all.size());
        for (TranscriptMessage message : shown) {
            ObjectNode node = Json.MAPPER.createObjectNode()
                    .put("role", wire(message.role()))
                    .put("sequence", message.sequence());
            node.set("content", content(message.content()));
            if (message.toolCallId() != null) {
                node.put("toolCallId", message.toolCallId());
                node.put("toolName", message.toolName());
                node.put("isError", message.isError());
            }
            messages.add(node);
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("messages", messages);
        node.put("messageCount", all.size());
        return node;
    }

    /** Content blocks as the codec writes them: encoded inside an answer and taken out again. */
    private JsonNode content(List<ContentBlock> blocks) {
        JsonNode answer = Json.parse(codec.encodeEvent(new ModelCallCompleted(CallId.of("content"), blocks,
                Usage.NONE, "stop")));
        return answer.get("data").get("content");
    }

    /** An enum's wire name: lower case, as the codec writes enums. */
    static String wire(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
