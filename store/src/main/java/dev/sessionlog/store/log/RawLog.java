package dev.sessionlog.store.log;

import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole log read directly from its day files ({@link DayFileReader}), for what must work on a
 * damaged log: the checks at open, verification, and salvage. Nothing here goes through Chronicle.
 */
public final class RawLog {
    private RawLog() {}

    /** Receives what {@link #scan} finds, in log order. */
    public interface Visitor {
        /** A data record, or bytes that were one: see {@link DayFileReader.Visitor#record}. */
        void record(LogFiles.DayFile file, long offset, long index, Either<String, RecordFormat.Frame> record);

        /** Damage that is not one record's. */
        void damage(LogDamage damage);
    }

    /** Visits every record and every damage of every day file in {@code logDir}, oldest file first. */
    public static void scan(Path logDir, Visitor visitor) {
        for (LogFiles.DayFile file : LogFiles.list(logDir)) {
            try (DayFileReader reader = DayFileReader.open(file)) {
                reader.scan(new DayFileReader.Visitor() {
                    @Override
                    public void record(long offset, long index, Either<String, RecordFormat.Frame> record) {
                        visitor.record(file, offset, index, record);
                    }

                    @Override
                    public void damage(long offset, String description) {
                        visitor.damage(new LogDamage(file.path(), offset, description));
                    }
                });
            }
        }
    }

    /** The last record of each day file that has one ({@link DayFileReader#lastRecord}), oldest file first. */
    public static List<RecordFormat.Frame> lastRecords(Path logDir) {
        List<RecordFormat.Frame> records = new ArrayList<>();
        for (LogFiles.DayFile file : LogFiles.list(logDir)) {
            try (DayFileReader reader = DayFileReader.open(file)) {
                reader.lastRecord().ifPresent(records::add);
            }
        }
        return records;
    }

    /**
     * The damage at the end of each day file ({@link DayFileReader#tailDamage}): what makes reading
     * or appending through Chronicle unsafe. A few small reads per file.
     */
    public static List<LogDamage> tailDamage(Path logDir) {
        List<LogDamage> damage = new ArrayList<>();
        for (LogFiles.DayFile file : LogFiles.list(logDir)) {
            try (DayFileReader reader = DayFileReader.open(file)) {
                reader.tailDamage().ifPresent(damage::add);
            }
        }
        return damage;
    }
}
