package dev.sessionlog;

import dev.sessionlog.util.Preconditions;
import java.util.Locale;

/**
 * Names the conversation bucket a session belongs to, such as
 * {@code agent:main:telegram:direct:123456789}. A reset ends one session and starts another under the
 * same key. Stored in lower case, as OpenClaw's {@code sessions.json} does.
 *
 * @param value the key, lower case, at most {@value #MAX_LENGTH} characters, no control characters
 */
public record SessionKey(String value) {
    /** The longest key accepted. */
    public static final int MAX_LENGTH = 512;

    /** Validates and lower-cases the key. */
    public SessionKey {
        // checked after lower-casing: some characters grow ('İ' becomes two), and a key must meet
        // its own rules when it is read back
        value = Preconditions.requireText(value == null ? null : value.toLowerCase(Locale.ROOT), "session key",
                MAX_LENGTH);
    }

    /** Same as the constructor. */
    public static SessionKey of(String value) {
        return new SessionKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
