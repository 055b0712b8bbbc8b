package dev.sessionlog.store.writer;

import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.index.IndexCheckpoint;
import dev.sessionlog.store.index.LedgerCheckpoint;
import dev.sessionlog.store.index.PositionIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Checkpoints of the position index and the ledger, both covering the same log record: when one is
 * due, taking it, and saving it.
 *
 * <p>Taking a checkpoint must see the index and the ledger hold still, so it is done as the writer:
 * the index snapshot shares its arrays, the ledger's key table is copied (a few milliseconds at a
 * million keys). Saving writes every position and key to files, the slow part, so a checkpoint the
 * batches make due is handed to the background writer thread and saved outside the role while
 * appends go on; close and compaction save theirs before returning.
 *
 * <p>Threads: {@link #countWritten}, {@link #takeIfDue} and {@link #writeNow} run as the writer
 * (asserted); {@link #savePending} runs on the background writer thread, without the role. A
 * checkpoint taken while an earlier one still waits replaces it (only the newest matters), and
 * saves are serialised so an older checkpoint never replaces a newer one on disk (ordered by when
 * they were taken, not by the record they cover: an erasure changes the index without a record).
 */
final class Checkpointer {
    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final Path dir;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final WriterRole role;
    private final long everyEvents;
    /** Events written since the last checkpoint was taken; under the role. */
    private long eventsSinceCheckpoint;
    /** Events the last checkpoint covered (or the store held at open); under the role. */
    private long eventsCheckpointed;
    /** Taken as the writer, for the background writer thread to save; swapped atomically. */
    private final AtomicReference<Checkpoint> pending = new AtomicReference<>();
    /** Serialises saves. */
    private final ReentrantLock saving = new ReentrantLock();
    /** How many checkpoints were taken; under the role. */
    private long taken;
    /** The number of the newest checkpoint saved; under {@link #saving}. */
    private long saved;
    /** Told each index snapshot as it is taken, as the writer: how tests watch the cadence. Set before the writer starts. */
    private volatile Consumer<PositionIndex.Snapshot> onTaken = snapshot -> { };

    /**
     * The index and the ledger as they were after one record; {@code number} orders checkpoints by
     * when they were taken (two may cover the same record: one taken before an erasure, one after).
     */
    private record Checkpoint(long number, PositionIndex.Snapshot index, LedgerState ledger) {}

    /**
     * Checkpoints {@code index} and {@code ledger} into {@code dir}, at least {@code everyEvents}
     * apart; the events already indexed count as covered.
     */
    Checkpointer(Path dir, PositionIndex index, SessionLedger ledger, WriterRole role, long everyEvents) {
        this.dir = dir;
        this.index = index;
        this.ledger = ledger;
        this.role = role;
        this.everyEvents = everyEvents;
        this.eventsCheckpointed = index.events();
    }

    /** Counts {@code events} just written; as the writer. */
    void countWritten(int events) {
        assert role.isHeldByCurrentThread() : "only the writer counts what it wrote";
        eventsSinceCheckpoint += events;
    }

    /**
     * Takes a checkpoint if one is due, for {@link #savePending} to save; returns whether it did, so
     * the writer wakes the background thread. As the writer, after a batch.
     *
     * <p>A checkpoint rewrites everything it covers, so checkpoints every fixed number of events
     * would cost O(events) each and O(events²) in all; spacing them by at least a quarter of what the
     * last one covered keeps the cost O(1) per event, and a reopen after a crash replays at most a
     * fifth of the log past the checkpoint.
     */
    boolean takeIfDue() {
        assert role.isHeldByCurrentThread() : "only the writer takes checkpoints";
        if (eventsSinceCheckpoint < Math.max(everyEvents, eventsCheckpointed / 4)) {
            return false;
        }
        pending.set(take());
        return true;
    }

    /**
     * Takes a checkpoint and saves it before returning (close, compaction, erasure); as the writer, so
     * no append races it. One taken earlier and not yet saved is dropped: this one supersedes it.
     * Returns whether it was saved (a failure is logged).
     */
    boolean writeNow() {
        assert role.isHeldByCurrentThread() : "only the writer takes checkpoints";
        pending.set(null);
        return save(take());
    }

    /** Saves the checkpoint {@link #takeIfDue} left, if any; on the background writer thread, without the role. */
    void savePending() {
        Checkpoint checkpoint = pending.getAndSet(null);
        if (checkpoint != null) {
            save(checkpoint);
        }
    }

    /** Has {@code observer} told of each checkpoint's index as it is taken; before the writer starts. */
    void onTaken(Consumer<PositionIndex.Snapshot> observer) {
        onTaken = observer;
    }

    private Checkpoint take() {
        eventsCheckpointed += eventsSinceCheckpoint;
        eventsSinceCheckpoint = 0;
        Checkpoint checkpoint = new Checkpoint(++taken, index.snapshot(), ledger.export());
        onTaken.accept(checkpoint.index());
        return checkpoint;
    }

    private boolean save(Checkpoint checkpoint) {
        saving.lock();
        try {
            if (checkpoint.number() > saved) {
                IndexCheckpoint.write(dir, checkpoint.index());
                LedgerCheckpoint.write(dir, checkpoint.index().lastIndex(), checkpoint.ledger());
                saved = checkpoint.number();
            }
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not write the checkpoints of " + dir
                    + "; the next open rebuilds what they hold from the log", e);
            return false;
        } finally {
            saving.unlock();
        }
    }
}
