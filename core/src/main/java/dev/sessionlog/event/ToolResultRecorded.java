package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.List;

/**
 * The result of a tool call the model asked for.
 *
 * @param toolCallId the id of the {@link ContentBlock.ToolCall} it answers
 * @param toolName the tool
 * @param content the result blocks
 * @param isError whether the tool failed
 */
public record ToolResultRecorded(String toolCallId, String toolName, List<ContentBlock> content, boolean isError)
        implements SessionEvent {

    /** Requires the call id; copies the content. */
    public ToolResultRecorded {
        requireArgument(toolCallId != null && !toolCallId.isBlank(), "tool call id must not be blank");
        requireArgument(content != null, "content must not be null");
        content = List.copyOf(content);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.toolResultRecorded(this);
    }
}
