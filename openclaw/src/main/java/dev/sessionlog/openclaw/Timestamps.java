package dev.sessionlog.openclaw;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The times OpenClaw writes, read leniently: an unreadable one is no time, never an error. */
final class Timestamps {
    /** An archive suffix's time, {@code 2026-04-13T09-41-07.123Z}: ISO with the time's colons as dashes. */
    private static final Pattern DASHED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})(\\.\\d+)?Z");

    private Timestamps() {}

    /** An ISO-8601 instant or offset date-time ({@code 2026-04-13T09:41:05.012Z}), or null. */
    static Instant ofIso(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Epoch milliseconds, or null when out of range. */
    static Instant ofEpochMillis(long millis) {
        try {
            return Instant.ofEpochMilli(millis);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The time in an archive suffix such as {@code reset.2026-04-13T09-41-07.123Z}, or null. */
    static Instant ofArchiveSuffix(String suffix) {
        if (suffix == null) {
            return null;
        }
        Matcher matcher = DASHED.matcher(suffix);
        if (!matcher.find()) {
            return null;
        }
        String fraction = matcher.group(5) == null ? "" : matcher.group(5);
        return ofIso(matcher.group(1) + "T" + matcher.group(2) + ":" + matcher.group(3) + ":" + matcher.group(4)
                + fraction + "Z");
    }
}
