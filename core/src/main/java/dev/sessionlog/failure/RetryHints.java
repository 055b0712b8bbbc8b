package dev.sessionlog.failure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds how long a provider asked to wait, in its message: {@code Please try again in 1.5s},
 * {@code try again in 6m0s} (OpenAI), {@code retry after 30 seconds}, {@code Please retry in
 * 17.68s} and {@code "retryDelay": "17s"} (Google), {@code retry-after: 30} (an echoed header).
 * Durations above {@link #MAX_HINT} are ignored as nonsense rather than shown to a user.
 */
final class RetryHints {
    /** The longest wait believed. */
    static final Duration MAX_HINT = Duration.ofDays(7);

    private static final Pattern PHRASE = Pattern.compile(
            "(?:try again|retry)\\s+(?:in|after)\\s+(?:about\\s+|approximately\\s+|~)?(?=\\d)"
                    + "|\"?retrydelay\"?\\s*[:=]\\s*\"?(?=\\d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER = Pattern.compile("retry-after\\s*[:=]\\s*(\\d{1,9})(?![\\d.])",
            Pattern.CASE_INSENSITIVE);
    /** One number and unit: {@code 1.5s}, {@code 6m}, {@code 30 seconds}, {@code 250ms}. */
    private static final Pattern PART = Pattern.compile(
            "\\s?(\\d{1,9}(?:\\.\\d{1,9})?)\\s?(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?![a-z])",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_PARTS = 4;

    private RetryHints() {}

    /** The first retry hint in {@code text}, when there is one. */
    static Optional<Duration> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher phrase = PHRASE.matcher(text);
        while (phrase.find()) {
            Optional<Duration> duration = parseDuration(text, phrase.end());
            if (duration.isPresent()) {
                return duration;
            }
        }
        Matcher header = HEADER.matcher(text);
        if (header.find()) {
            return bounded(Duration.ofSeconds(Long.parseLong(header.group(1))));
        }
        return Optional.empty();
    }

    /**
     * Reads {@code 6m0s}, {@code 1.5s} or {@code 1 minute 30 seconds} starting at {@code from}; a bare
     * number without a unit is not a duration.
     */
    static Optional<Duration> parseDuration(String text, int from) {
        Matcher part = PART.matcher(text);
        int at = from;
        long millis = 0;
        int parts = 0;
        while (parts < MAX_PARTS && part.region(at, text.length()).lookingAt()) {
            millis += toMillis(new BigDecimal(part.group(1)), part.group(2).toLowerCase(Locale.ROOT));
            at = part.end();
            parts++;
        }
        return parts == 0 ? Optional.empty() : bounded(Duration.ofMillis(millis));
    }

    private static long toMillis(BigDecimal amount, String unit) {
        long perUnit;
        if (unit.equals("ms") || unit.startsWith("milli")) {
            perUnit = 1;
        } else if (unit.startsWith("s")) {
            perUnit = 1_000;
        } else if (unit.startsWith("m")) {
            perUnit = 60_000;
        } else {
            perUnit = 3_600_000;
        }
        // at most 10^9 hours: 3.6 * 10^15 ms, well inside a long
        return amount.multiply(BigDecimal.valueOf(perUnit)).longValue();
    }

    private static Optional<Duration> bounded(Duration duration) {
        return duration.compareTo(MAX_HINT) > 0 ? Optional.empty() : Optional.of(duration);
    }
}
