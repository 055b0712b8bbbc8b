package dev.sessionlog.store.index;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.Positions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store's checkpoints say the log held when they were written: each session's last
 * sequence and where that event was. The log is the source of truth for what is stored; this is how
 * a log that lost its end is told from a log that is short: a session the checkpoints name with
 * more events than the log holds lost the rest, unless compaction removed its day files (every
 * event of it before the log's first day file).
 *
 * <p>Threads: read once at open, then read-only.
 */
public final class CheckpointKnowledge {
    /**
     * One session as a checkpoint saw it.
     *
     * @param lastSequence its last sequence
     * @param lastPosition the log position of that event, -1 when unknown
     */
    record Known(long lastSequence, long lastPosition) {}

    private final Optional<PositionIndex> indexCheckpoint;
    private final Map<SessionId, Known> sessions;

    private CheckpointKnowledge(Optional<PositionIndex> indexCheckpoint, Map<SessionId, Known> sessions) {
        this.indexCheckpoint = indexCheckpoint;
        this.sessions = sessions;
    }

    /**
     * What the checkpoints in {@code dir} know: the index checkpoint's sessions when it is usable
     * (it is written first, and holds every event's position); else the ledger checkpoint's; else
     * nothing. A ledger checkpoint that disagrees with a usable index checkpoint is not this log's
     * (the ledger falls back to a full replay then) and is not evidence of loss.
     */
    public static CheckpointKnowledge read(Path dir) {
        Optional<PositionIndex> index = IndexCheckpoint.read(dir);
        if (index.isEmpty()) {
            return new CheckpointKnowledge(index, LedgerCheckpoint.knownSessions(dir));
        }
        Map<SessionId, Known> sessions = new HashMap<>();
        index.get().sessions().forEach((session, positions) -> {
            int size = positions.size();
            if (size > 0) {
                sessions.put(session, new Known(size, positions.position(size)));
            }
        });
        return new CheckpointKnowledge(index, sessions);
    }

    /** The index checkpoint, for the index to start from when it still describes the log. */
    public Optional<PositionIndex> indexCheckpoint() {
        return indexCheckpoint;
    }

    /** Whether the checkpoints name no event. */
    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    /**
     * The events named here beyond the end of each session in {@code present}, by session (in id
     * order); sessions whose last known event lies before {@code firstCycle} (the log's first day,
     * {@code Integer.MAX_VALUE} for an empty log) were compacted away and are not lost.
     */
    public List<LostEvents> missingFrom(PositionIndex present, int firstCycle) {
        List<LostEvents> lost = new ArrayList<>();
        sessions.forEach((session, known) -> {
            if (known.lastPosition() >= 0 && firstCycle != Integer.MAX_VALUE
                    && LogFiles.cycleOf(Positions.index(known.lastPosition())) < firstCycle) {
                return;
            }
            long held = present.session(session).map(SessionPositions::size).orElse(0);
            if (held < known.lastSequence()) {
                lost.add(new LostEvents(session, held + 1, known.lastSequence()));
            }
        });
        lost.sort(Comparator.comparing(events -> events.session().value()));
        return lost;
    }

    /**
     * Overwrites and removes both checkpoints in {@code dir}: after an erasure a crash interrupted,
     * they may still name the erased session, so the next open rebuilds the index and the ledger
     * from the log instead.
     */
    public static void discard(Path dir) throws IOException {
        CheckpointFile.discard(dir, IndexCheckpoint.FILE_NAME);
        CheckpointFile.discard(dir, LedgerCheckpoint.FILE_NAME);
    }
}
