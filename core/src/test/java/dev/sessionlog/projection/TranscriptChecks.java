package dev.sessionlog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.projection.TranscriptMessage.Role;
import dev.sessionlog.testing.Events;
import java.util.List;

/** What every transcript must satisfy whatever the log held: what a provider accepts as a prompt. */
final class TranscriptChecks {
    private TranscriptChecks() {}

    static void assertWellFormed(Transcript transcript, String context) {
        List<TranscriptMessage> messages = transcript.messages();
        long lastSequence = 0;
        int i = 0;
        while (i < messages.size()) {
            TranscriptMessage message = messages.get(i);
            String where = context + ", message " + i + ": " + Events.describe(message);
            if (message.role() == Role.SUMMARY) {
                assertEquals(0, i, "a summary comes first; " + where);
                i++;
                continue;
            }
            assertTrue(message.role() != Role.TOOL_RESULT, "a tool result without its call just before; " + where);
            assertFalse(message.content().isEmpty(), "an empty message; " + where);
            assertTrue(message.sequence() > lastSequence, "out of log order; " + where);
            lastSequence = message.sequence();
            List<String> callIds = message.content().stream()
                    .filter(ContentBlock.ToolCall.class::isInstance)
                    .map(block -> ((ContentBlock.ToolCall) block).id())
                    .toList();
            if (!callIds.isEmpty() && message.role() != Role.ASSISTANT) {
                fail("a tool call outside an assistant message; " + where);
            }
            assertEquals(callIds.size(), callIds.stream().distinct().count(), "a call id twice; " + where);
            i++;
            for (String callId : callIds) {
                assertTrue(i < messages.size(), "call " + callId + " has no result; " + where);
                TranscriptMessage result = messages.get(i);
                assertEquals(Role.TOOL_RESULT, result.role(), "call " + callId + " is not followed by its result; " + where);
                assertEquals(callId, result.toolCallId(), "results out of call order; " + where);
                assertTrue(result.sequence() > message.sequence(), "a result before its call; " + where);
                assertTrue(result.content().stream().noneMatch(ContentBlock.ToolCall.class::isInstance),
                        "a tool call inside a result; " + where);
                i++;
            }
        }
    }
}
