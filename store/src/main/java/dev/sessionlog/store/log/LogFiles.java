package dev.sessionlog.store.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * The day files of a log directory, by name, as Chronicle names them for the store's fixed roll
 * cycle ({@code FAST_DAILY}: {@code yyyyMMdd'F'.cq4}, UTC). Listing them needs no Chronicle queue,
 * so a damaged log can be examined without one.
 */
public final class LogFiles {
    /** The suffix of a day file. */
    static final String SUFFIX = ".cq4";
    /** The store's roll cycle, fixed by its format ({@link StoreMetadata#ROLL_CYCLE}). */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
    private static final DateTimeFormatter NAMES = DateTimeFormatter.ofPattern(ROLL_CYCLE.format())
            .withZone(ZoneOffset.UTC);

    private LogFiles() {}

    /**
     * One day file.
     *
     * @param path where it is
     * @param cycle its roll cycle (days since the epoch)
     */
    public record DayFile(Path path, int cycle) {}

    /** The day files in {@code logDir}, oldest first; none when the directory does not exist. */
    public static List<DayFile> list(Path logDir) {
        List<DayFile> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(logDir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                if (name.endsWith(SUFFIX) && Files.isRegularFile(child)) {
                    parseCycle(name.substring(0, name.length() - SUFFIX.length()))
                            .ifPresent(cycle -> files.add(new DayFile(child, cycle)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the log " + logDir, e);
        }
        files.sort(Comparator.comparingInt(DayFile::cycle));
        return files;
    }

    /** The first day of the log in {@code logDir}, {@code Integer.MAX_VALUE} when it has no day file. */
    public static int firstCycle(Path logDir) {
        List<DayFile> files = list(logDir);
        return files.isEmpty() ? Integer.MAX_VALUE : files.get(0).cycle();
    }

    /** The day file of {@code cycle} in {@code logDir}, whether or not it exists. */
    public static Path path(Path logDir, int cycle) {
        return logDir.resolve(NAMES.format(Instant.ofEpochMilli(startMillis(cycle))) + SUFFIX);
    }

    /** The first millisecond of {@code cycle}, UTC. */
    public static long startMillis(int cycle) {
        return (long) cycle * ROLL_CYCLE.lengthInMillis();
    }

    /** The cycle of a Chronicle index. */
    public static int cycleOf(long chronicleIndex) {
        return ROLL_CYCLE.toCycle(chronicleIndex);
    }

    /** The number of the record at a Chronicle index within its day (0-based). */
    public static long recordOfDay(long chronicleIndex) {
        return ROLL_CYCLE.toSequenceNumber(chronicleIndex);
    }

    /** The Chronicle index of the {@code sequence}-th data record (0-based) of {@code cycle}. */
    static long indexOf(int cycle, long sequence) {
        return ROLL_CYCLE.toIndex(cycle, sequence);
    }

    /** The cycle a day file's name (without the suffix) stands for; a daily cycle is the epoch day. */
    private static Optional<Integer> parseCycle(String stem) {
        try {
            TemporalAccessor date = NAMES.parse(stem);
            return Optional.of((int) date.getLong(ChronoField.EPOCH_DAY));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
