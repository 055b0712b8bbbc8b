package dev.sessionlog.store.damage;

import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks an open makes before it trusts the log, cheap enough for every open: they look at the
 * end of each day file and compare the index with the checkpoints, never at every record (that is
 * {@link Salvage}'s full scan, which verification and repair make). Together they catch what makes
 * appending unsafe or hides acknowledged events: a day file cut short, emptied, or with zeros where
 * its last records were (after a power loss, unwritten pages read as zeros); readers stopping
 * before the last record the writer wrote; a log missing, or a session shorter than the
 * checkpoints knew it. Damage inside the log that none of these reaches (a corrupted record between
 * intact ones) is skipped by reads and reported by verification, as before (ADR 0007, ADR 0014).
 */
public final class DamageCheck {
    private DamageCheck() {}

    /**
     * Before Chronicle touches the log: the end of every day file, and a log directory that is
     * missing while the checkpoints name events. Reads a few bytes per file.
     */
    public static List<LogDamage> beforeOpening(Path logDir, CheckpointKnowledge knowledge) {
        if (!Files.isDirectory(logDir)) {
            return knowledge.isEmpty() ? List.of()
                    : List.of(new LogDamage(logDir, -1, "the log directory is missing; the checkpoints name events"));
        }
        return RawLog.tailDamage(logDir);
    }

    /**
     * After the index is built: whether it is short of the log or of the checkpoints. It must hold
     * the last record of every day file ({@code lastRecords}, read before the index caught up, so a
     * writer appending meanwhile is no damage), which readers stop short of when zeros or a broken
     * header stand before it, and every session the checkpoints name up to its last sequence there.
     */
    public static boolean indexIsShort(PositionIndex index, List<RecordFormat.Frame> lastRecords,
                                       CheckpointKnowledge knowledge, Path logDir) {
        for (RecordFormat.Frame last : lastRecords) {
            if (last.erased()) {
                continue;
            }
            long held = index.session(last.session()).map(SessionPositions::size).orElse(0);
            if (held < last.firstSequence() + last.count() - 1) {
                return true;
            }
        }
        return !knowledge.missingFrom(index, LogFiles.firstCycle(logDir)).isEmpty();
    }

    /** Everything wrong with the log, named: a full scan ({@link Salvage}) without writing anything. */
    public static Damage examine(Path logDir, CheckpointKnowledge knowledge) {
        return Salvage.run(logDir, knowledge, null).damage();
    }

    /** {@code first} and then those of {@code second} at another place, in file order. */
    static List<LogDamage> merge(List<LogDamage> first, List<LogDamage> second) {
        List<LogDamage> all = new ArrayList<>(first);
        for (LogDamage damage : second) {
            if (all.stream().noneMatch(d -> d.path().equals(damage.path()) && d.offset() == damage.offset())) {
                all.add(damage);
            }
        }
        all.sort((a, b) -> a.path().equals(b.path()) ? Long.compare(a.offset(), b.offset())
                : a.path().compareTo(b.path()));
        return all;
    }
}
