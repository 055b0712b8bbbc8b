package dev.sessionlog.store.index;

import dev.sessionlog.store.log.LogScanner;
import dev.sessionlog.store.log.QueueHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Brings a {@link PositionIndex} up to date with the log: from the checkpoint when it is valid and
 * its last record is still the one it describes, else from the start; then over every later record.
 * Only headers are parsed, no event is decoded. Records that cannot be used are skipped (verification
 * reports them), never changed.
 *
 * <p>Threads: the index's one writer at a time: the thread opening the store, the store's writer
 * (after a failed write), or a read-only store's refresher under its lock.
 */
public final class IndexBuilder {
    private IndexBuilder() {}

    /** The index of the log in {@code queue}, starting from the checkpoint in {@code dir} when usable. */
    public static PositionIndex load(Path dir, QueueHandle queue) {
        return load(queue, IndexCheckpoint.read(dir));
    }

    /**
     * The index of the log in {@code queue}, starting from {@code checkpoint} (which it then
     * changes) when that still describes the log.
     */
    public static PositionIndex load(QueueHandle queue, Optional<PositionIndex> checkpoint) {
        PositionIndex index = checkpoint.filter(loaded -> describesLog(queue, loaded)).orElseGet(PositionIndex::new);
        if (catchUp(queue, index) == Long.MIN_VALUE) {
            index = new PositionIndex();
            catchUp(queue, index);
        }
        return index;
    }

    /**
     * Adds every record after the index's last one; returns the new last index, or
     * {@code Long.MIN_VALUE} when the index's last record is no longer in the log.
     */
    public static long catchUp(QueueHandle queue, PositionIndex index) {
        long last = LogScanner.scan(queue, index.lastIndex(), (recordIndex, record) -> {
            if (record.isRight()) {
                index.addRecord(record.get(), recordIndex); // a record repeating stored sequences is skipped
            }
            index.coveredUpTo(recordIndex);
        });
        return last;
    }

    private static boolean describesLog(QueueHandle queue, PositionIndex index) {
        if (index.lastIndex() < 0) {
            return true;
        }
        return LogScanner.recordAt(queue, index.lastIndex())
                .map(frame -> index.holds(frame, index.lastIndex()))
                .orElse(false);
    }
}
