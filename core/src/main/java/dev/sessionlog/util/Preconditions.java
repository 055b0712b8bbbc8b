package dev.sessionlog.util;

/** The argument and state checks used across sessionlog; messages are templates with {@code %s}. */
public final class Preconditions {
    private Preconditions() {}

    /** Throws {@link IllegalArgumentException} with the formatted message when {@code condition} is false. */
    public static void requireArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    /** Throws {@link IllegalStateException} with the formatted message when {@code condition} is false. */
    public static void requireState(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(template, args));
        }
    }

    /** Rejects null, blank, over-long values and values holding control characters. */
    public static String requireText(String value, String name, int maxLength) {
        requireArgument(value != null, "%s must not be null", name);
        requireArgument(!value.isBlank(), "%s must not be blank", name);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(String.format("%s is %s characters, more than the %s allowed", name,
                    value.length(), maxLength));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) { // not requireArgument: its arguments would be boxed for every char
                throw new IllegalArgumentException(String.format(
                        "%s must not contain control characters (found U+%04X at %s)", name, (int) c, i));
            }
        }
        return value;
    }

    /**
     * Quotes and shortens a hostile value for an error message, so a message never echoes megabytes,
     * and escapes what would change how the message reads (control and format characters such as a
     * newline or the bidi override U+202E, unpaired surrogates).
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(value.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (readsAsItself(value, i, limit)) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > limit) {
            sb.append("…");
        }
        return sb.append('"').toString();
    }

    /** Whether the character at {@code i} of the first {@code limit} of {@code value} can be shown as it is. */
    private static boolean readsAsItself(String value, int i, int limit) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < limit && Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        }
        int type = Character.getType(c);
        return !Character.isISOControl(c) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
