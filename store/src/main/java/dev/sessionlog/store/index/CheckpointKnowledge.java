package dev.sessionlog.store.index;

import dev.sessionlog.spi.SessionEntries;
import dev.sessionlog.spi.SessionSlots;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.Positions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the store's checkpoints say the log held when they were written: each session's last
 * sequence and where that event was. The log is the source of truth for what is stored; this is how
 * a log that lost its end is told from a log that is short: a session the checkpoints name with
 * more events than the log holds lost the rest, unless compaction removed its day files (every
 * event of it before the log's first day file).
 *
 * <p>Kept as two columns by slot (12 bytes a session, no object per session): every open reads it,
 * and a map of a million sessions cost more than loading them. The slots are the index checkpoint's
 * (which the position index may then take over and extend: slots are never taken back, and the
 * columns were copied at the read, so what is known here does not change) or, without one, the
 * ledger checkpoint's own.
 *
 * <p>Threads: read once at open, then read-only.
 */
public final class CheckpointKnowledge {
    private final Optional<PositionIndex> indexCheckpoint;
    private final SessionSlots slots;
    /** By slot: the last sequence the checkpoints know, 0 for a session they name no event of. */
    private final int[] lastSequences;
    /** By slot: the log position of that event, -1 when unknown. */
    private final long[] lastPositions;

    private CheckpointKnowledge(Optional<PositionIndex> indexCheckpoint, SessionSlots slots, int[] lastSequences,
                                long[] lastPositions) {
        this.indexCheckpoint = indexCheckpoint;
        this.slots = slots;
        this.lastSequences = lastSequences;
        this.lastPositions = lastPositions;
    }

    /**
     * What the checkpoints in {@code dir} know: the index checkpoint's sessions when it is usable
     * (it is written first, and holds every event's position); else the ledger checkpoint's; else
     * nothing. A ledger checkpoint that disagrees with a usable index checkpoint is not this log's
     * (the ledger falls back to a full replay then) and is not evidence of loss.
     */
    public static CheckpointKnowledge read(Path dir) {
        Optional<PositionIndex> index = IndexCheckpoint.read(dir);
        if (index.isPresent()) {
            return of(index.get());
        }
        return LedgerCheckpoint.knownSessions(dir).map(CheckpointKnowledge::of)
                .orElseGet(() -> new CheckpointKnowledge(index, new SessionSlots(), new int[0], new long[0]));
    }

    private static CheckpointKnowledge of(PositionIndex index) {
        int n = index.slots().size();
        int[] sequences = new int[n];
        long[] positions = new long[n];
        for (int slot = 0; slot < n; slot++) {
            sequences[slot] = index.size(slot);
            positions[slot] = sequences[slot] == 0 ? -1 : index.position(slot, sequences[slot]);
        }
        return new CheckpointKnowledge(Optional.of(index), index.slots(), sequences, positions);
    }

    private static CheckpointKnowledge of(SessionEntries ledger) {
        int n = ledger.slots().size();
        int[] sequences = new int[n];
        long[] positions = new long[n];
        for (int slot = 0; slot < n; slot++) {
            boolean named = ledger.contains(slot);
            sequences[slot] = named ? (int) ledger.lastSequence(slot) : 0;
            positions[slot] = named ? ledger.lastPosition(slot) : -1;
        }
        return new CheckpointKnowledge(Optional.empty(), ledger.slots(), sequences, positions);
    }

    /** The index checkpoint, for the index to start from when it still describes the log. */
    public Optional<PositionIndex> indexCheckpoint() {
        return indexCheckpoint;
    }

    /** Whether the checkpoints name no event. */
    public boolean isEmpty() {
        for (int sequence : lastSequences) {
            if (sequence > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The events named here beyond the end of each session in {@code present}, by session (in id
     * order); sessions whose last known event lies before {@code firstCycle} (the log's first day,
     * {@code Integer.MAX_VALUE} for an empty log) were compacted away and are not lost.
     */
    public List<LostEvents> missingFrom(PositionIndex present, int firstCycle) {
        List<LostEvents> lost = new ArrayList<>();
        boolean sameSlots = present.slots() == slots;
        for (int slot = 0; slot < lastSequences.length; slot++) {
            int known = lastSequences[slot];
            if (known == 0) {
                continue;
            }
            long position = lastPositions[slot];
            if (position >= 0 && firstCycle != Integer.MAX_VALUE
                    && LogFiles.cycleOf(Positions.index(position)) < firstCycle) {
                continue;
            }
            long held = sameSlots ? present.size(slot)
                    : present.session(slots.id(slot)).map(SessionPositions::size).orElse(0);
            if (held < known) {
                lost.add(new LostEvents(slots.id(slot), held + 1, known));
            }
        }
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
