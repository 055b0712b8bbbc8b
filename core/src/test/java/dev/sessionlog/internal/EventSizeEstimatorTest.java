package dev.sessionlog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionlog.CallId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSizeEstimatorTest {
    private static final String HOSTILE = "\u0000\u0001\u001f\"\\\n\t\u007f é ü \u4e2d\u6587 \uD83D\uDE00 </x> \u2028";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_estimate_is_never_below_a_plain_json_encoding() throws Exception {
        List<SessionEvent> events = List.of(
                new SessionStarted(SessionKey.of("agent:" + HOSTILE.replaceAll("\\p{Cntrl}", "")), HOSTILE, HOSTILE,
                        "{\"a\":1}", SessionStarted.Reason.IMPORT, null),
                UserMessageReceived.text(HOSTILE, HOSTILE.repeat(1000)),
                new UserMessageReceived("m", List.of(new ContentBlock.Image("image/png", "QUJD".repeat(500), null),
                        new ContentBlock.Thinking(HOSTILE, HOSTILE)), HOSTILE),
                new ModelCallCompleted(CallId.of("c"), List.of(new ContentBlock.Text(HOSTILE),
                        new ContentBlock.ToolCall("t1", "search", "{\"q\":\"" + HOSTILE.replace("\"", "") + "\"}")),
                        new Usage(1_000_000, 2_000_000, 3, 4, 3_000_007, 12.3456789), "toolUse"),
                new ModelCallFailed(CallId.of("c"), "anthropic", "claude", FailureKind.RATE_LIMITED, 429, "rate_limit_error",
                        null, HOSTILE.repeat(50), true),
                new ToolResultRecorded("t1", "search", List.of(new ContentBlock.Text(HOSTILE)), true),
                new SettingsChanged("p", "m", "high", Map.of(HOSTILE, HOSTILE, "k", "")),
                new DeliveryRecorded("d", HOSTILE, HOSTILE),
                new CustomEntryRecorded("openclaw.x", "{\"deep\":[[[[\"" + HOSTILE.replace("\"", "") + "\"]]]]}"));
        for (SessionEvent event : events) {
            int plain = JSON.writeValueAsBytes(event).length;
            int estimate = EventSizeEstimator.estimate(event);
            assertTrue(estimate >= plain, event.getClass().getSimpleName() + ": estimate " + estimate + " < " + plain);
        }
    }

    @Test
    void large_plain_text_is_estimated_close_to_its_size() {
        String text = "a".repeat(1_000_000);
        int estimate = EventSizeEstimator.estimate(UserMessageReceived.text("m", text));
        assertTrue(estimate >= 1_000_000 && estimate < 1_001_000, "estimate " + estimate);
    }

    @Test
    void json_length_counts_escapes_and_utf8_bytes() {
        assertEquals(2, EventSizeEstimator.jsonLength(""));
        assertEquals(4, EventSizeEstimator.jsonLength(null));
        assertEquals(3 + 2, EventSizeEstimator.jsonLength("abc"));
        assertEquals(6 + 2, EventSizeEstimator.jsonLength("\u0000"));
        assertEquals(2 + 2, EventSizeEstimator.jsonLength("é"));
        assertEquals("\u4e2d".getBytes(StandardCharsets.UTF_8).length + 2, EventSizeEstimator.jsonLength("\u4e2d"));
        assertTrue(EventSizeEstimator.jsonLength("\uD83D\uDE00") >= 4 + 2);
    }
}
