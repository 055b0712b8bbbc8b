package dev.sessionlog.projection;

import dev.sessionlog.event.ModelCallFailed;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a notice template's placeholders. Provider and model names come from the gateway, not the
 * provider's body, but a notice goes to a user, so only plain names are shown.
 */
final class NoticeText {
    static final String UNKNOWN_PROVIDER = "the AI provider";
    static final String UNKNOWN_MODEL = "the model";
    static final String UNKNOWN_WAIT = "a little while";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(provider|model|retryAfter)}");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:/@+-]{0,127}");
    private static final int MAX_PROVIDER_LENGTH = 64;

    private NoticeText() {}

    static String fill(String template, ModelCallFailed failure) {
        // one pass, so a value that looks like a placeholder is never expanded
        return PLACEHOLDER.matcher(template).replaceAll(match -> Matcher.quoteReplacement(value(match.group(1), failure)));
    }

    private static String value(String placeholder, ModelCallFailed failure) {
        switch (placeholder) {
            case "provider":
                return plainName(failure.provider(), MAX_PROVIDER_LENGTH, UNKNOWN_PROVIDER);
            case "model":
                return plainName(failure.model(), Integer.MAX_VALUE, UNKNOWN_MODEL);
            default:
                return failure.retryAfter() == null ? UNKNOWN_WAIT : humanDuration(failure.retryAfter());
        }
    }

    private static String plainName(String name, int maxLength, String otherwise) {
        if (name == null || name.length() > maxLength || !PLAIN_NAME.matcher(name).matches()) {
            return otherwise;
        }
        return name.strip();
    }

    /**
     * "about 30 seconds", "about 2 minutes", "about 2 hours", "about 3 days": rounded to the nearest
     * whole unit, the unit chosen after rounding (59.6 s is "about 1 minute"); under a second, "a moment".
     */
    static String humanDuration(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        if (seconds < 1) {
            return "a moment";
        }
        if (seconds < 60) {
            return about(seconds, "second");
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return about(minutes, "minute");
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours < 24) {
            return about(hours, "hour");
        }
        return about(Math.round(seconds / 86400.0), "day");
    }

    private static String about(long amount, String unit) {
        return "about " + amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
