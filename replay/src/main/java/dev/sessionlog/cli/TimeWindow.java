package dev.sessionlog.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The {@code --since}/{@code --until} window of a command: since inclusive, until exclusive, either
 * open. Times are compared with events' own times ({@code RecordedEvent.occurredAt()}).
 *
 * @param since the first instant inside, or null
 * @param until the first instant after, or null
 */
record TimeWindow(Instant since, Instant until) {
    /** The window without bounds. */
    static final TimeWindow ALL = new TimeWindow(null, null);

    /** The option help shared by every command that takes the window. */
    static final String SINCE_HELP = "Only from this time on: an ISO instant (2026-04-13T09:41:05Z), a date "
            + "(2026-04-13, from 00:00 UTC) or an age (30m, 2h, 7d: that long ago).";
    static final String UNTIL_HELP = "Only before this time (same forms as --since).";

    /** Whether {@code time} is inside. */
    boolean contains(Instant time) {
        return (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
    }

    /** Whether a span from {@code first} to {@code last} overlaps the window (a session active in it). */
    boolean overlaps(Instant first, Instant last) {
        return (since == null || !last.isBefore(since)) && (until == null || first.isBefore(until));
    }

    /** Whether either bound is set. */
    boolean bounded() {
        return since != null || until != null;
    }

    /** The window of the options, a usage error when since is not before until. */
    static TimeWindow of(picocli.CommandLine.Model.CommandSpec spec, Instant since, Instant until) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--since must be before --until (" + since + " is not before " + until + ")");
        }
        return new TimeWindow(since, until);
    }

    /** Reads {@code --since}/{@code --until} values: an instant, a date, or an age before now. */
    static final class Converter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parse(value, Instant.now());
        }

        static Instant parse(String value, Instant now) {
            String text = value.strip();
            if (text.matches("\\d+[smhdw]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                Duration unit = switch (text.toLowerCase(Locale.ROOT).charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(1);
                    case 'm' -> Duration.ofMinutes(1);
                    case 'h' -> Duration.ofHours(1);
                    case 'd' -> Duration.ofDays(1);
                    default -> Duration.ofDays(7);
                };
                return now.minus(unit.multipliedBy(amount));
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException notAnOffsetTime) {
                    try {
                        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException notADate) {
                        throw new CommandLine.TypeConversionException("'" + ErrorReporter.oneLine(text)
                                + "' is not a time: use 2026-04-13T09:41:05Z, 2026-04-13 or an age such as 2h or 7d");
                    }
                }
            }
        }
    }
}
