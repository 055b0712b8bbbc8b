package dev.sessionlog.cli;

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
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.SecretRedactor;
import java.util.ArrayList;
import java.util.List;

/** One line saying what an event holds, for the DETAIL column of tables. */
enum EventDescriber implements SessionEvent.Visitor<String> {
    INSTANCE;

    static String describe(SessionEvent event) {
        return event.accept(INSTANCE);
    }

    /** The text of content blocks, tool calls and images named in brackets. */
    static String text(List<ContentBlock> content) {
        List<String> parts = new ArrayList<>(content.size());
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text text) {
                parts.add(text.text());
            } else if (block instanceof ContentBlock.ToolCall call) {
                parts.add("[tool call " + call.name() + " " + call.argumentsJson() + "]");
            } else if (block instanceof ContentBlock.Image image) {
                parts.add("[image " + image.mimeType() + "]");
            } else if (block instanceof ContentBlock.Thinking) {
                parts.add("[thinking]");
            }
        }
        return String.join(" ", parts);
    }

    @Override
    public String sessionStarted(SessionStarted event) {
        return join("reason=" + event.reason(), "key=", event.sessionKey(), "agent=", event.agentId(),
                "channel=", event.channel(), "parent=", event.parentSession());
    }

    @Override
    public String userMessageReceived(UserMessageReceived event) {
        return text(event.content());
    }

    @Override
    public String modelCallStarted(ModelCallStarted event) {
        return join("call=" + event.callId() + " " + event.provider() + "/" + event.model()
                + " attempt=" + event.attempt(), "deadline=", event.deadline());
    }

    @Override
    public String modelCallCompleted(ModelCallCompleted event) {
        return "call=" + event.callId() + " stop=" + event.stopReason() + " tokens=" + event.usage().tokensInAll()
                + " " + text(event.content());
    }

    @Override
    public String modelCallFailed(ModelCallFailed event) {
        return join("call=" + event.callId() + " " + event.kind(), "http=", event.httpStatus(),
                "code=", event.providerErrorCode(),
                "retryAfter=", event.retryAfter() == null ? null : event.retryAfter().toSeconds() + "s",
                "message=", event.providerMessage() == null ? null : SecretRedactor.redact(event.providerMessage()));
    }

    @Override
    public String toolResultRecorded(ToolResultRecorded event) {
        return event.toolName() + " (" + event.toolCallId() + ")" + (event.isError() ? " error: " : ": ")
                + text(event.content());
    }

    @Override
    public String settingsChanged(SettingsChanged event) {
        return join("", "provider=", event.provider(), "model=", event.model(), "thinking=", event.thinkingLevel(),
                "other=", event.other().isEmpty() ? null : event.other());
    }

    @Override
    public String transcriptCompacted(TranscriptCompacted event) {
        return "kept from " + event.firstKeptSequence() + ", tokens before " + event.tokensBefore() + ": "
                + event.summary();
    }

    @Override
    public String deliveryRecorded(DeliveryRecorded event) {
        return join("", "to=", event.target()) + " " + event.text();
    }

    @Override
    public String turnAborted(TurnAborted event) {
        return join(event.reason().toString(), "call=", event.callId());
    }

    @Override
    public String customEntryRecorded(CustomEntryRecorded event) {
        return event.customType() + " " + event.data();
    }

    @Override
    public String contextMessageAdded(ContextMessageAdded event) {
        return event.source() + ": " + text(event.content());
    }

    @Override
    public String sessionKeyAssigned(SessionKeyAssigned event) {
        return join("key=" + event.sessionKey(), "agent=", event.agentId(), "channel=", event.channel());
    }

    @Override
    public String sessionEnded(SessionEnded event) {
        return event.reason().toString();
    }

    /** {@code first} followed by each non-null value with its label: join("a", "x=", 1, "y=", null) is "a x=1". */
    private static String join(String first, Object... labelsAndValues) {
        StringBuilder sb = new StringBuilder(first);
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            Object value = labelsAndValues[i + 1];
            if (value != null) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(labelsAndValues[i]).append(value);
            }
        }
        return sb.toString();
    }
}
