package dev.sessionlog;

import dev.sessionlog.util.Preconditions;
import java.util.UUID;

/**
 * Names one model call: the idempotency key of its {@code ModelCallStarted} and terminal event.
 *
 * @param value the id, at most {@value #MAX_LENGTH} characters, no control characters
 */
public record CallId(String value) {
    /** The longest id accepted. */
    public static final int MAX_LENGTH = 128;

    /** Validates the id. */
    public CallId {
        Preconditions.requireText(value, "call id", MAX_LENGTH);
    }

    /** Same as the constructor. */
    public static CallId of(String value) {
        return new CallId(value);
    }

    /** A new random id. */
    public static CallId random() {
        return new CallId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
