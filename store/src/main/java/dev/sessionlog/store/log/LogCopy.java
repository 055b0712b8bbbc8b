package dev.sessionlog.store.log;

import static dev.sessionlog.util.Preconditions.requireState;

import io.vavr.control.Either;
import java.nio.file.Path;

/**
 * Copies a log up to a record, for a backup: every record from the first up to the Chronicle index
 * {@code upToIndex}, read from the day files directly ({@link RawLog}, so a writer may append
 * meanwhile: the records up to that index are complete and never change, except by erasure), and
 * written unchanged into the day file of its day in a {@link FreshLog}. Since every record of a day
 * is copied in order, each keeps its Chronicle index, so the copy's positions, cursors included,
 * are the original's. Erased records are copied as they are (they keep the others' places).
 *
 * <p>Threads: the caller's.
 */
public final class LogCopy {
    private LogCopy() {}

    /**
     * What was copied.
     *
     * @param records the records copied, erased ones included
     * @param events the events they hold
     */
    public record Copied(long records, long events) {}

    /**
     * Copies the records of {@code logDir} up to {@code upToIndex} (-1: none) into {@code target}.
     *
     * @throws IllegalStateException when a record up to that index cannot be read (damage, or one
     *     being erased by another process): the copy would not hold what the log does
     */
    public static Copied copy(Path logDir, long upToIndex, FreshLog target) {
        long[] counts = new long[2];
        long[] last = {-1};
        int[] day = {Integer.MIN_VALUE};
        long[] nextOfDay = {0};
        RawLog.scan(logDir, new RawLog.Visitor() {
            @Override
            public void record(LogFiles.DayFile file, long offset, long index, Either<String, RecordFormat.Frame> record) {
                if (upToIndex < 0 || file.cycle() > LogFiles.cycleOf(upToIndex) || index > upToIndex) {
                    return;
                }
                requireState(index >= 0 && record.isRight(), "the record at byte %s of %s cannot be read (%s); run"
                        + " 'sessionlog verify'", offset, file.path(), record.isLeft() ? record.getLeft() : "out of step");
                if (file.cycle() != day[0]) {
                    day[0] = file.cycle();
                    nextOfDay[0] = 0;
                }
                requireState(LogFiles.recordOfDay(index) == nextOfDay[0], "the records of %s are not numbered from 0"
                        + " without gaps: a copy would move their positions", file.path());
                target.append(file.cycle(), record.get());
                nextOfDay[0]++;
                last[0] = index;
                counts[0]++;
                counts[1] += record.get().count();
            }

            @Override
            public void damage(LogDamage damage) {
                // records missing up to the index show as one that cannot be read, out of step, or by the last
                // index copied falling short; what lies past it (a writer's tail) is not the copy's
            }
        });
        requireState(last[0] == upToIndex, "the log ends at index %s, before the record at index %s it held",
                last[0], upToIndex);
        return new Copied(counts[0], counts[1]);
    }
}
