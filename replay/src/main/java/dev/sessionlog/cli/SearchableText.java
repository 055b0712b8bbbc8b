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
import java.util.List;

/**
 * The text of an event that {@code search} looks in, and its kind: what a person wrote or read
 * (messages, answers, tool calls and results, provider messages, summaries), not ids and counters.
 * Null for events without such text. A visitor, so a new event type fails to compile here until
 * someone decides what of it is searchable.
 */
enum SearchableText implements SessionEvent.Visitor<SearchableText.Text> {
    INSTANCE;

    /**
     * An event's searchable text.
     *
     * @param kind what the event is, for {@code --kind}
     * @param text the text
     */
    record Text(SearchKind kind, String text) {}

    /** The searchable text of {@code event}, or null when it has none. */
    static Text of(SessionEvent event) {
        return event.accept(INSTANCE);
    }

    private static String content(List<ContentBlock> content) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text part) {
                text.append(part.text()).append('\n');
            } else if (block instanceof ContentBlock.ToolCall call) {
                text.append(call.name()).append(' ').append(call.argumentsJson()).append('\n');
            } else if (block instanceof ContentBlock.Thinking thinking) {
                text.append(thinking.thinking()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public Text sessionStarted(SessionStarted event) {
        return null;
    }

    @Override
    public Text userMessageReceived(UserMessageReceived event) {
        return new Text(SearchKind.USER, content(event.content()));
    }

    @Override
    public Text modelCallStarted(ModelCallStarted event) {
        return null;
    }

    @Override
    public Text modelCallCompleted(ModelCallCompleted event) {
        return new Text(SearchKind.ASSISTANT, content(event.content()));
    }

    @Override
    public Text modelCallFailed(ModelCallFailed event) {
        String message = event.providerMessage() == null ? "" : SecretRedactor.redact(event.providerMessage());
        return new Text(SearchKind.FAILURE, event.kind() + " " + message);
    }

    @Override
    public Text toolResultRecorded(ToolResultRecorded event) {
        return new Text(SearchKind.TOOL, event.toolName() + "\n" + content(event.content()));
    }

    @Override
    public Text settingsChanged(SettingsChanged event) {
        return null;
    }

    @Override
    public Text transcriptCompacted(TranscriptCompacted event) {
        return new Text(SearchKind.CONTEXT, event.summary());
    }

    @Override
    public Text deliveryRecorded(DeliveryRecorded event) {
        return new Text(SearchKind.DELIVERY, event.text());
    }

    @Override
    public Text turnAborted(TurnAborted event) {
        return null;
    }

    @Override
    public Text customEntryRecorded(CustomEntryRecorded event) {
        return new Text(SearchKind.OTHER, event.customType() + " " + event.data());
    }

    @Override
    public Text contextMessageAdded(ContextMessageAdded event) {
        return new Text(SearchKind.CONTEXT, content(event.content()));
    }

    @Override
    public Text sessionKeyAssigned(SessionKeyAssigned event) {
        return null;
    }

    @Override
    public Text sessionEnded(SessionEnded event) {
        return null;
    }
}
