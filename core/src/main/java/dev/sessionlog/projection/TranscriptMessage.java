package dev.sessionlog.projection;

import dev.sessionlog.event.ContentBlock;
import java.util.List;

/**
 * One message of the next prompt.
 *
 * @param role who speaks
 * @param content the blocks
 * @param sequence the sequence of the event it came from
 * @param toolCallId for {@link Role#TOOL_RESULT}: the call it answers; otherwise null
 * @param toolName for {@link Role#TOOL_RESULT}: the tool; otherwise null
 * @param isError for {@link Role#TOOL_RESULT}: whether the tool failed
 */
public record TranscriptMessage(Role role, List<ContentBlock> content, long sequence, String toolCallId,
                                String toolName, boolean isError) {

    /** Who a message is from. */
    public enum Role {
        /** The user. */
        USER,
        /** The model. */
        ASSISTANT,
        /** A tool's result, always right after the assistant message that called it. */
        TOOL_RESULT,
        /** A compaction summary standing for the messages it replaced. */
        SUMMARY,
        /** A message the gateway or an extension added. */
        CONTEXT
    }

    /** Copies the content. */
    public TranscriptMessage {
        content = List.copyOf(content);
    }
}
