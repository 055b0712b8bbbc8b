package dev.sessionlog.store.internal;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.StoreProblem;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds the ledger (sequences, idempotency keys, open calls, the session index) from the log, in
 * log order. Only records the position index accepted are replayed, so a damaged or out-of-sequence
 * record is skipped here exactly as it is for reads.
 */
public final class LedgerReplay {
    private LedgerReplay() {}

    /**
     * Restores the empty {@code ledger} from the {@link LedgerCheckpoint} in {@code dir} when it is
     * usable with {@code index}, and returns the log index it covers, from which the caller replays
     * the later records; returns -1, leaving the ledger empty, when there is no usable checkpoint.
     */
    public static long restore(Path dir, QueueHandle queue, PositionIndex index, SessionLedger ledger,
                               LogReader reader) {
        Optional<LedgerCheckpoint.Loaded> checkpoint = LedgerCheckpoint.read(dir, index, reader)
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
     * returns the index it covered ({@code upToIndex}). Events that cannot be decoded are reported.
     */
    public static long replay(QueueHandle queue, PositionIndex index, SessionLedger ledger, LogReader reader,
                              long afterIndex, long upToIndex, List<StoreProblem> problems) {
        LogScanner.scan(queue, afterIndex, upToIndex, (recordIndex, record) -> {
            if (record.isLeft() || !index.holds(record.get(), recordIndex)) {
                return;
            }
            RecordFormat.Frame frame = record.get();
            for (int slot = 0; slot < frame.count(); slot++) {
                long position = Positions.of(recordIndex, slot);
                Either<DecodeFailure, RecordedEvent> decoded =
                        reader.decode(position, frame.payload(slot));
                if (decoded.isRight()) {
                    ledger.replay(decoded.get());
                } else {
                    problems.add(new StoreProblem(position, "event " + (frame.firstSequence() + slot) + " of session "
                            + frame.session() + " cannot be decoded: " + decoded.getLeft().describe()));
                    return;
                }
            }
        });
        return Math.max(afterIndex, upToIndex);
    }
}
