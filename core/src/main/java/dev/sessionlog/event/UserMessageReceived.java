package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.List;
import java.util.Optional;

/**
 * A message from the user, stored before any model call starts.
 *
 * <p>The message id is an idempotency key, and a store refuses a new one that breaks the rule of
 * {@link dev.sessionlog.SessionStore#append} (at most 128 characters, no control or format
 * characters). This constructor does not check it: it also reads events back, and those stored by
 * older versions must stay readable.
 *
 * @param messageId the channel's message id, the idempotency key; null when the channel has none
 * @param content the blocks, not empty
 * @param provenance where the message came from (a JSON object text), or null
 */
public record UserMessageReceived(String messageId, List<ContentBlock> content, String provenance)
        implements SessionEvent {

    /** Requires content; copies the list. */
    public UserMessageReceived {
        requireArgument(content != null && !content.isEmpty(), "a user message needs content");
        content = List.copyOf(content);
        requireArgument(messageId == null || !messageId.isBlank(), "message id must not be blank");
    }

    /** A text message. */
    public static UserMessageReceived text(String messageId, String text) {
        return new UserMessageReceived(messageId, List.of(new ContentBlock.Text(text)), null);
    }

    @Override
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(messageId).map(id -> "message:" + id);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.userMessageReceived(this);
    }
}
