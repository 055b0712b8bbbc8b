package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.quote;

import java.util.Locale;

/**
 * Names one session: one transcript stream. Accepts what OpenClaw accepts,
 * {@code ^[a-z0-9][a-z0-9._-]{0,127}$} case-insensitively, and stores it in lower case, so two ids
 * that differ only in case name the same session. Path separators, {@code ..}, control characters,
 * empty and over-long values are rejected with an {@link IllegalArgumentException}.
 *
 * @param value the id, lower case
 */
public record SessionId(String value) implements Comparable<SessionId> {
    /** The longest id accepted. */
    public static final int MAX_LENGTH = 128;

    /** Validates and lower-cases the id. */
    public SessionId {
        if (!isValid(value)) {
            // The message is built only for a rejected id: ids are checked on every decoded record.
            throw new IllegalArgumentException(whyInvalid(value));
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    private static String whyInvalid(String value) {
        if (value == null) {
            return "session id must not be null";
        }
        if (value.isEmpty()) {
            return "session id must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return String.format("session id is %s characters, more than the %s allowed: %s",
                    value.length(), MAX_LENGTH, quote(value));
        }
        if (value.contains("..")) {
            return String.format("session id %s must not contain '..'", quote(value));
        }
        return String.format("session id %s is invalid: use letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit", quote(value));
    }

    /** Same as the constructor; reads better at call sites. */
    public static SessionId of(String value) {
        return new SessionId(value);
    }

    /** Whether {@code value} would be accepted, without throwing. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        // A loop, not a regex: every record read or replayed checks its id, and a million-event
        // store open spent a quarter of its time in the regex engine.
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = isLetterOrDigit(c) || c == '_' || c == '-' || (c == '.' && value.charAt(i - 1) != '.');
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters and digits only, in either case. */
    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public int compareTo(SessionId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
