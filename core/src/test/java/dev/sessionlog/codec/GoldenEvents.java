package dev.sessionlog.codec;

import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
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
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The fixed events whose encodings the golden files pin, one per event type, by golden file name. */
final class GoldenEvents {

    static final ModelCallFailed RATE_LIMITED = new ModelCallFailed(CallId.of("call-2"), "openai", "gpt-5",
            FailureKind.RATE_LIMITED, 429, "rate_limit_exceeded", Duration.ofSeconds(30),
            "Rate limit reached for requests", true);

    static final RecordedEvent RECORD = new RecordedEvent(0, SessionId.of("s-1"), 7,
            new EventId(UUID.fromString("0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f")), Instant.parse("2026-11-24T21:00:00.123Z"),
            new ModelCallStarted(CallId.of("call-1"), "anthropic", "claude-sonnet-4-6", 1,
                    Instant.parse("2026-11-24T21:02:00Z")),
            new EventMetadata("turn-3", "0b6f7c1e-5d2a-4c3b-9e8f-000000000006",
                    Map.of("openclaw.id", "a1b2c3", "openclaw.parentId", "z9y8x7")));

    private GoldenEvents() {}

    /** File name (without {@code .json}) to event; iteration order is the order of the event types. */
    static Map<String, SessionEvent> current() {
        Map<String, SessionEvent> events = new LinkedHashMap<>();
        events.put("session_started.v1", new SessionStarted(SessionKey.of("agent:main:telegram:direct:123456789"),
                "main", "telegram", "{\"chatType\":\"direct\",\"peer\":{\"id\":123456789,\"name\":\"Zoë\"}}",
                SessionStarted.Reason.FORK, SessionId.of("s-parent-1")));
        events.put("user_message_received.v1", new UserMessageReceived("tg-4711",
                List.of(new ContentBlock.Text("Wie spät ist es? 🙂\nDanke"),
                        new ContentBlock.Image("image/png", null, "media://inbound/4711.png"),
                        new ContentBlock.Image("image/gif", "R0lGODlhAQABAAAAACw=", null)),
                "{\"kind\":\"channel\",\"channel\":\"telegram\",\"messageThreadId\":null}"));
        events.put("model_call_started.v1", new ModelCallStarted(CallId.of("call-1"), "anthropic", "claude-sonnet-4-6",
                2, Instant.parse("2026-11-24T21:01:30Z")));
        events.put("model_call_completed.v1", new ModelCallCompleted(CallId.of("call-1"),
                List.of(new ContentBlock.Thinking("The user asks for the time.", "sig-abc"),
                        new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolCall("toolu_01", "clock", "{\"tz\":\"Europe/Berlin\",\"precision\":1.50}"),
                        new ContentBlock.ToolCall("toolu_02", "clock", "{\"tz\":\"Europe/Ber")),
                new Usage(1200, 85, 1000, 200, 2485, 0.00723), "toolUse"));
        events.put("model_call_failed.v2", RATE_LIMITED);
        events.put("tool_result_recorded.v1", new ToolResultRecorded("toolu_01", "clock",
                List.of(new ContentBlock.Text("21:02 CET")), false));
        events.put("settings_changed.v1", new SettingsChanged("anthropic", "claude-opus-4-1", "high",
                Map.of("verbose", "on", "elevated", "ask")));
        events.put("transcript_compacted.v1", new TranscriptCompacted("The user asked for the time twice.", 42, 180_000));
        events.put("delivery_recorded.v1", new DeliveryRecorded("dlv-1", "telegram:123456789", "It is 21:02."));
        events.put("turn_aborted.v1", new TurnAborted(TurnAborted.Reason.USER_STOP, CallId.of("call-3")));
        events.put("custom_entry_recorded.v1", new CustomEntryRecorded("openclaw.cache-ttl",
                "{\"ttlMs\":300000,\"tags\":[\"a\",null,true,-1.5E-3]}"));
        events.put("context_message_added.v1", new ContextMessageAdded("branch_summary",
                List.of(new ContentBlock.Text("Earlier branch: the user set up a reminder.")), true));
        events.put("session_key_assigned.v1", new SessionKeyAssigned(SessionKey.of("agent:main:telegram:direct:123456789"),
                "main", "telegram", "{\"chatType\":\"direct\",\"peer\":{\"id\":123456789}}"));
        events.put("session_ended.v1", new SessionEnded(SessionEnded.Reason.RESET));
        return events;
    }
}
