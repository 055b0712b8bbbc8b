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
        requireArgument(value.length() <= maxLength, "%s is %s characters, more than the %s allowed",
                name, value.length(), maxLength);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            requireArgument(!Character.isISOControl(c), "%s must not contain control characters (found U+%04X at %s)",
                    name, (int) c, i);
        }
        return value;
    }

    /** Quotes and shortens a hostile value for an error message, so a message never echoes megabytes. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(value.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > limit) {
            sb.append("…");
        }
        return sb.append('"').toString();
    }
}
