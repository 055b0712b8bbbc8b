package dev.sessionlog.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * ISO-8601 instants as {@link Instant#toString()} writes them and {@link Instant#parse} reads them,
 * without a {@code DateTimeFormatter} for the years 0000–9999: the JDK's formatter costs about a
 * microsecond to write and two to read, as much as the rest of a record. Anything outside that
 * shape goes to the JDK, so both methods mean exactly what the JDK's do.
 */
final class Instants {

    private static final long FIRST_FAST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long LAST_FAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final int SECONDS_PER_DAY = 86_400;

    private Instants() {}

    /** The same text as {@link Instant#toString()}. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            int fraction = fractionDigits == 3 ? nano / 1_000_000 : fractionDigits == 6 ? nano / 1000 : nano;
            digits(text, 20, fraction, fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /**
     * The instant {@link Instant#parse} reads from {@code text}.
     *
     * @throws java.time.DateTimeException when it reads none
     */
    static Instant parse(String text) {
        Instant fast = parseCommonShape(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with values in range, or null for the JDK to judge. */
    private static Instant parseCommonShape(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nano = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = length - 21;
            int fraction = number(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nano = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 when a character is not a digit. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] text, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
