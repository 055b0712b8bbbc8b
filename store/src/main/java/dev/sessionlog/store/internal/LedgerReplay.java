package dev.sessionlog.store.internal;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.internal.SessionLedger;
import dev.sessionlog.store.StoreProblem;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Rebuilds the ledger (sequences, idempotency keys, open calls, the session index) from the log, in
 * log order. Only records the position index accepted are replayed, so a damaged or out-of-sequence
 * record is skipped here exactly as it is for reads.
 */
public final class LedgerReplay {
    private LedgerReplay() {}

    /**
     * The ledger of the log in {@code queue}, up to the last record of {@code index}: restored from
     * the {@link LedgerCheckpoint} in {@code dir} when it is usable, with only the later records
     * replayed on top; otherwise replayed from the start. {@code newLedger} gives an empty ledger
     * (a second one when restoring the first fails halfway).
     */
    public static SessionLedger recover(Path dir, QueueHandle queue, PositionIndex index, LogReader reader,
                                        Supplier<SessionLedger> newLedger, List<StoreProblem> problems) {
        Optional<LedgerCheckpoint.Loaded> checkpoint = LedgerCheckpoint.read(dir, index, reader)
                .filter(loaded -> loaded.coveredIndex() < 0
                        || LogScanner.recordAt(queue, loaded.coveredIndex()).isPresent());
        if (checkpoint.isPresent()) {
            SessionLedger ledger = newLedger.get();
            try {
                ledger.restore(checkpoint.get().state());
                replay(queue, index, ledger, reader, checkpoint.get().coveredIndex(), index.lastIndex(), problems);
                return ledger;
            } catch (IllegalArgumentException e) {
                // a key hash or session named twice: the checkpoint is not one this writer wrote
            }
        }
        SessionLedger ledger = newLedger.get();
        replay(queue, index, ledger, reader, -1, index.lastIndex(), problems);
        return ledger;
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
