package dev.sessionlog.internal;

import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;
import java.util.List;
import java.util.Map;

/**
 * An upper bound of an event's size as JSON in UTF-8, without encoding it: every string counted
 * with its worst-case escaping, every field and block with a generous allowance for names,
 * quotes and numbers. Used to refuse oversized events where the JSON codec is not at hand.
 */
public final class EventSizeEstimator {
    private static final long EVENT_OVERHEAD = 128;
    private static final long FIELD_OVERHEAD = 48;

    private EventSizeEstimator() {}

    /** The estimated encoded size in bytes, at most {@link Integer#MAX_VALUE}. */
    public static int estimate(SessionEvent event) {
        return (int) Math.min(Integer.MAX_VALUE, EVENT_OVERHEAD + event.accept(FIELDS));
    }

    /** The bytes {@code s} takes as a JSON string in UTF-8 at most, quotes included. */
    static long jsonLength(String s) {
        if (s == null) {
            return 4;
        }
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static long fields(String... values) {
        long n = 0;
        for (String v : values) {
            n += FIELD_OVERHEAD + jsonLength(v);
        }
        return n;
    }

    private static long blocks(List<ContentBlock> content) {
        long n = FIELD_OVERHEAD;
        for (ContentBlock block : content) {
            n += FIELD_OVERHEAD + block(block);
        }
        return n;
    }

    // Java 17 has no pattern switch; ContentBlock is sealed, so the last branch is unreachable today.
    private static long block(ContentBlock block) {
        if (block instanceof ContentBlock.Text t) {
            return fields(t.text());
        }
        if (block instanceof ContentBlock.Image i) {
            return fields(i.mimeType(), i.data(), i.ref());
        }
        if (block instanceof ContentBlock.Thinking t) {
            return fields(t.thinking(), t.signature());
        }
        if (block instanceof ContentBlock.ToolCall t) {
            return fields(t.id(), t.name(), t.argumentsJson());
        }
        throw new IllegalStateException("no size rule for content block " + block.getClass().getName());
    }

    private static long map(Map<String, String> values) {
        long n = FIELD_OVERHEAD;
        for (Map.Entry<String, String> e : values.entrySet()) {
            n += jsonLength(e.getKey()) + jsonLength(e.getValue()) + 2;
        }
        return n;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static final SessionEvent.Visitor<Long> FIELDS = new SessionEvent.Visitor<>() {
        @Override
        public Long sessionStarted(SessionStarted e) {
            return fields(text(e.sessionKey()), e.agentId(), e.channel(), e.origin(), e.reason().name(),
                    text(e.parentSession()));
        }

        @Override
        public Long userMessageReceived(UserMessageReceived e) {
            return fields(e.messageId(), e.provenance()) + blocks(e.content());
        }

        @Override
        public Long modelCallStarted(ModelCallStarted e) {
            return fields(e.callId().value(), e.provider(), e.model(), "attempt", text(e.deadline()));
        }

        @Override
        public Long modelCallCompleted(ModelCallCompleted e) {
            return fields(e.callId().value(), e.stopReason(), "usage") + 8 * FIELD_OVERHEAD + blocks(e.content());
        }

        @Override
        public Long modelCallFailed(ModelCallFailed e) {
            return fields(e.callId().value(), e.provider(), e.model(), e.kind().name(), "status",
                    e.providerErrorCode(), text(e.retryAfter()), e.providerMessage(), "retryable");
        }

        @Override
        public Long toolResultRecorded(ToolResultRecorded e) {
            return fields(e.toolCallId(), e.toolName(), "isError") + blocks(e.content());
        }

        @Override
        public Long settingsChanged(SettingsChanged e) {
            return fields(e.provider(), e.model(), e.thinkingLevel()) + map(e.other());
        }

        @Override
        public Long transcriptCompacted(TranscriptCompacted e) {
            return fields(e.summary(), "firstKept", "tokensBefore");
        }

        @Override
        public Long deliveryRecorded(DeliveryRecorded e) {
            return fields(e.deliveryId(), e.target(), e.text());
        }

        @Override
        public Long turnAborted(TurnAborted e) {
            return fields(e.reason().name(), text(e.callId()));
        }

        @Override
        public Long customEntryRecorded(CustomEntryRecorded e) {
            return fields(e.customType(), e.data());
        }

        @Override
        public Long contextMessageAdded(ContextMessageAdded e) {
            return fields(e.source(), "display") + blocks(e.content());
        }

        @Override
        public Long sessionEnded(SessionEnded e) {
            return fields(e.reason().name());
        }
    };
}
