package dev.sessionlog.store.damage;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.LostEvents;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.FreshLog;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads every record a log still holds, directly from its files ({@link RawLog}): records whose
 * Chronicle header is damaged are recognised by their own framing, and after damage the scan goes
 * on at the next intact record. Each readable record is kept once (a record that repeats sequences
 * already kept is dropped, as the index drops it) and, when a {@link FreshLog} is given, written to
 * it unchanged in its original day. What could not be kept is named: the damaged places, and by
 * session the sequences missing between kept ones and those the checkpoints name beyond them.
 *
 * <p>Threads: the caller's. Memory: the positions of the records kept, 8 bytes per event.
 */
public final class Salvage {
    private Salvage() {}

    /**
     * What a salvage found and kept.
     *
     * @param damage the damage and the events lost
     * @param records how many records were kept
     * @param events how many events they hold
     */
    public record Result(Damage damage, long records, long events) {}

    /**
     * Scans the log in {@code logDir} and writes what is readable to {@code target}, or nothing when
     * it is null (to name the damage).
     */
    public static Result run(Path logDir, CheckpointKnowledge knowledge, FreshLog target) {
        PositionIndex kept = new PositionIndex();
        List<LogDamage> found = new ArrayList<>();
        long[] counts = new long[2];
        RawLog.scan(logDir, new RawLog.Visitor() {
            @Override
            public void record(LogFiles.DayFile file, long offset, long index,
                               Either<String, RecordFormat.Frame> record) {
                if (record.isLeft()) {
                    found.add(new LogDamage(file.path(), offset, "the record at byte " + offset + " cannot be read: "
                            + record.getLeft()));
                    return;
                }
                RecordFormat.Frame frame = record.get();
                if (frame.erased()) {
                    if (target != null) {
                        target.append(file.cycle(), frame); // keeps the records after it at their indexes
                    }
                    return;
                }
                if (kept.addRecord(frame, counts[0])) {
                    counts[0]++;
                    counts[1] += frame.count();
                    if (target != null) {
                        target.append(file.cycle(), frame);
                    }
                }
            }

            @Override
            public void damage(LogDamage damage) {
                found.add(damage);
            }
        });
        List<LogDamage> places = DamageCheck.merge(found, DamageCheck.beforeOpening(logDir, knowledge));
        List<LostEvents> lost = new ArrayList<>(gaps(kept));
        lost.addAll(knowledge.missingFrom(kept, LogFiles.firstCycle(logDir)));
        lost.sort(Comparator.comparing((LostEvents events) -> events.session().value())
                .thenComparingLong(LostEvents::fromSequence));
        return new Result(new Damage(places, lost), counts[0], counts[1]);
    }

    /** The sequences missing between kept ones, by session. */
    private static List<LostEvents> gaps(PositionIndex kept) {
        List<LostEvents> gaps = new ArrayList<>();
        for (Map.Entry<SessionId, SessionPositions> entry : kept.sessions().entrySet()) {
            SessionPositions positions = entry.getValue();
            long from = -1;
            for (long sequence = 1; sequence <= positions.size(); sequence++) {
                boolean absent = positions.position(sequence) == Positions.ABSENT;
                if (absent && from < 0) {
                    from = sequence;
                } else if (!absent && from > 0) {
                    gaps.add(new LostEvents(entry.getKey(), from, sequence - 1));
                    from = -1;
                }
            }
        }
        return gaps;
    }
}
