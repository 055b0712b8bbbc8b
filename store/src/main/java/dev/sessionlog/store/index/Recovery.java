package dev.sessionlog.store.index;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.LogScanner;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordFormat;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Recovery: how opening a store gets back, from the log alone, everything the store derives from
 * it, after a clean close and after a kill -9 alike. The log is the source of truth; a checkpoint is
 * a shortcut, used only when it agrees with the log. The steps, in order, once the checks for damage
 * ({@code store.damage.DamageCheck}) found nothing that makes them unsafe:
 * <ol>
 *   <li>the log itself: the store's OS lock is the kernel's, so it is never stale; Chronicle's own
 *       lock is force-released; a record whose write was cut short is invisible (Chronicle commits
 *       its length last), and a header a dead writer left incomplete is recovered after a second
 *       ({@code ChronicleQueues});</li>
 *   <li>the position index ({@link IndexBuilder#load}): the index checkpoint when it still describes
 *       the log, then a header scan of the records after it;</li>
 *   <li>the ledger (session index, idempotency keys, open calls): restored from the
 *       {@link LedgerCheckpoint} when it agrees with the position index, then the records after it
 *       decoded and replayed ({@link #forWriting});</li>
 *   <li>the calls a dead process left open: the writer ends them as {@code INTERRUPTED} as its first
 *       request, before it accepts an append ({@code SingleWriter.start}).</li>
 * </ol>
 * A read-only store takes steps 2 and 3 lazily, and repeats them as the writer appends
 * ({@link #restoreLedger}, {@link #replayLedger}). Only records the position index accepted are
 * replayed, so a damaged or out-of-sequence record is skipped here exactly as it is for reads.
 *
 * <p>Threads: the thread opening the store, or a read-only store's refresher under its lock; never
 * two at once on one index and ledger.
 */
public final class Recovery {
    private Recovery() {}

    /**
     * What a writer's open recovered.
     *
     * @param index every session's positions, up to the end of the log
     * @param ledger the writer's rules' state, up to the same record
     */
    public record Recovered(PositionIndex index, SessionLedger ledger) {}

    /** Steps 2 and 3 for a writer: the index and the ledger, both up to the end of the log. */
    public static Recovered forWriting(Path dir, QueueHandle queue, LogReader reader, Clock clock) {
        return forWriting(dir, queue, IndexBuilder.load(dir, queue), reader, clock);
    }

    /** Step 3 for a writer, with the index of step 2 already loaded: the ledger, up to the end of the log. */
    public static Recovered forWriting(Path dir, QueueHandle queue, PositionIndex index, LogReader reader,
                                       Clock clock) {
        SessionLedger ledger = newLedger(clock, index, reader);
        long restored = restoreLedger(dir, queue, index, ledger, reader, false);
        replayLedger(queue, index, ledger, reader, restored, index.lastIndex());
        return new Recovered(index, ledger);
    }

    /**
     * An empty ledger that confirms idempotency-key hits by reading the stored event through
     * {@code index}, and numbers its sessions with the index's slots (each id kept once).
     */
    public static SessionLedger newLedger(Clock clock, PositionIndex index, LogReader reader) {
        return new SessionLedger(clock, (session, sequence) -> index.session(session)
                .map(positions -> positions.position(sequence))
                .filter(position -> position >= 0)
                .flatMap(position -> reader.read(session, sequence, new long[] {position}).stream().findFirst()),
                index.slots());
    }

    /**
     * Restores the empty {@code ledger} from the {@link LedgerCheckpoint} in {@code dir} when it is
     * usable with {@code index}, and returns the log index it covers, from which the caller replays
     * the later records; returns -1, leaving the ledger empty, when there is no usable checkpoint.
     * A reader passes {@code withoutProviders} to use a checkpoint of the format before the provider
     * too (see {@link LedgerCheckpoint}); a writer never does.
     */
    public static long restoreLedger(Path dir, QueueHandle queue, PositionIndex index, SessionLedger ledger,
                                     LogReader reader, boolean withoutProviders) {
        Optional<LedgerCheckpoint.Loaded> checkpoint = LedgerCheckpoint.read(dir, index, reader, withoutProviders)
                .filter(loaded -> loaded.coveredIndex() < 0
                        || LogScanner.recordAt(queue, loaded.coveredIndex()).isPresent());
        if (checkpoint.isEmpty()) {
            return -1;
        }
        try {
            ledger.restore(checkpoint.get().state());
            return checkpoint.get().coveredIndex();
        } catch (IllegalArgumentException e) {
            return -1; // a key hash or session named twice: not a checkpoint this store wrote
        }
    }

    /**
     * Replays every record after {@code afterIndex} up to {@code upToIndex} into {@code ledger};
     * returns the index it covered ({@code upToIndex}). A record stops at an event that cannot be
     * decoded: the ledger then holds its session's events before it (verification reports it).
     */
    public static long replayLedger(QueueHandle queue, PositionIndex index, SessionLedger ledger, LogReader reader,
                                    long afterIndex, long upToIndex) {
        LogScanner.scan(queue, afterIndex, upToIndex, (recordIndex, record) -> {
            if (record.isLeft() || !index.holds(record.get(), recordIndex)) {
                return;
            }
            RecordFormat.Frame frame = record.get();
            for (int slot = 0; slot < frame.count(); slot++) {
                long position = Positions.of(recordIndex, slot);
                Either<DecodeFailure, RecordedEvent> decoded = reader.decode(position, frame.payload(slot));
                if (decoded.isLeft()) {
                    return;
                }
                ledger.replay(decoded.get());
            }
        });
        return Math.max(afterIndex, upToIndex);
    }
}
