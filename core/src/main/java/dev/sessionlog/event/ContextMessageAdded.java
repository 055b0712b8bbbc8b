package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.List;

/**
 * A message the gateway or an extension adds to the prompt that neither the user nor the model
 * wrote (OpenClaw's {@code custom_message} and {@code branch_summary}).
 *
 * @param source what added it, such as {@code branch_summary}
 * @param content the blocks
 * @param display whether a user interface shows it
 */
public record ContextMessageAdded(String source, List<ContentBlock> content, boolean display) implements SessionEvent {

    /** Requires a source; copies the content. */
    public ContextMessageAdded {
        requireArgument(source != null && !source.isBlank(), "source must not be blank");
        requireArgument(content != null, "content must not be null");
        content = List.copyOf(content);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.contextMessageAdded(this);
    }
}
