package dev.sessionlog.store.writer;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a {@link SingleWriter} behaves, as the store's options decided it, and how it reports a failed
 * write: the store chooses the exceptions its callers see, so the writer needs nothing of the
 * store's API package.
 *
 * @param syncEachBatch whether each batch is synced to disk before its futures complete ({@code SYNC})
 * @param queueCapacity how many requests may wait for the writer before appends are refused as busy
 * @param diskReserveBytes the free space an append must leave on the log's disk
 * @param checkpointEveryEvents the fewest events between two checkpoints
 * @param writeFailed the exception an append or sync that failed in Chronicle completes with
 * @param recordsPerDay the most records one day of the log may hold (what the store's positions can
 *     number, {@code store.log.StorePositions}); {@code Long.MAX_VALUE} for Chronicle's own limit
 * @param dayFull the exception an append beyond {@code recordsPerDay} completes with
 */
public record WriterSettings(boolean syncEachBatch, int queueCapacity, long diskReserveBytes,
                             int checkpointEveryEvents, Function<Throwable, RuntimeException> writeFailed,
                             long recordsPerDay, Supplier<RuntimeException> dayFull) {

    /** Settings for a log whose days hold as many records as Chronicle allows. */
    public WriterSettings(boolean syncEachBatch, int queueCapacity, long diskReserveBytes, int checkpointEveryEvents,
                          Function<Throwable, RuntimeException> writeFailed) {
        this(syncEachBatch, queueCapacity, diskReserveBytes, checkpointEveryEvents, writeFailed, Long.MAX_VALUE,
                () -> new IllegalStateException("the day's log is full"));
    }
}
