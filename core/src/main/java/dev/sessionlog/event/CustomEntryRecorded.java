package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * Extension state that never enters the prompt; also where an import keeps entries it has no
 * event for, so that export gives them back unchanged.
 *
 * @param customType the entry's type, such as {@code openclaw.cache-ttl}
 * @param data a JSON text (any JSON value), never null
 */
public record CustomEntryRecorded(String customType, String data) implements SessionEvent {

    /** Requires a type and data. */
    public CustomEntryRecorded {
        requireArgument(customType != null && !customType.isBlank(), "custom type must not be blank");
        requireArgument(data != null, "data must not be null (use \"null\" for JSON null)");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.customEntryRecorded(this);
    }
}
