package dev.sessionlog.testing;

import dev.sessionlog.CallId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.TranscriptMessage;
import java.util.List;
import java.util.stream.Collectors;

/** Short constructors for the events the projection tests use, and a one-line view of a transcript. */
public final class Events {
    private Events() {}

    public static SessionStarted started() {
        return SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:1"), "main", "telegram");
    }

    public static UserMessageReceived user(String text) {
        return UserMessageReceived.text(null, text);
    }

    public static ModelCallStarted callStarted(String callId) {
        return new ModelCallStarted(CallId.of(callId), "anthropic", "claude-sonnet-4-6", 1, null);
    }

    public static ModelCallCompleted completed(String callId, ContentBlock... content) {
        return new ModelCallCompleted(CallId.of(callId), List.of(content), Usage.of(10, 5), "stop");
    }

    public static ModelCallFailed failed(String callId, FailureKind kind) {
        return ModelCallFailed.of(CallId.of(callId), "anthropic", "claude-sonnet-4-6", kind);
    }

    public static ContentBlock.Text text(String text) {
        return new ContentBlock.Text(text);
    }

    public static ContentBlock.ToolCall toolCall(String id) {
        return new ContentBlock.ToolCall(id, "exec", "{}");
    }

    public static ToolResultRecorded result(String toolCallId, String text) {
        return new ToolResultRecorded(toolCallId, "exec", List.of(new ContentBlock.Text(text)), false);
    }

    /**
     * One line per message: {@code ROLE:blocks}, blocks joined by {@code |}: text as is, a tool call
     * as {@code call(id)}, thinking as {@code think(text)}; a tool result as {@code TOOL_RESULT(id):blocks}.
     */
    public static List<String> describe(Transcript transcript) {
        return transcript.messages().stream().map(Events::describe).toList();
    }

    public static String describe(TranscriptMessage message) {
        String role = message.role() == TranscriptMessage.Role.TOOL_RESULT
                ? "TOOL_RESULT(" + message.toolCallId() + ")" : message.role().name();
        return role + ":" + message.content().stream().map(Events::describe).collect(Collectors.joining("|"));
    }

    private static String describe(ContentBlock block) {
        if (block instanceof ContentBlock.Text text) {
            return text.text();
        } else if (block instanceof ContentBlock.ToolCall call) {
            return "call(" + call.id() + ")";
        } else if (block instanceof ContentBlock.Thinking thinking) {
            return "think(" + thinking.thinking() + ")";
        } else if (block instanceof ContentBlock.Image image) {
            return "image(" + image.mimeType() + ")";
        }
        throw new AssertionError("unknown block " + block);
    }
}
