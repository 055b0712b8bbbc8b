package dev.sessionlog.store.writer;

import java.util.function.Function;

/**
 * How a {@link SingleWriter} behaves, as the store's options decided it, and how it reports a failed
 * write: the store chooses the exception its callers see, so the writer needs nothing of the
 * store's API package.
 *
 * @param syncEachBatch whether each batch is synced to disk before its futures complete ({@code SYNC})
 * @param queueCapacity how many requests may wait for the writer before appends are refused as busy
 * @param diskReserveBytes the free space an append must leave on the log's disk
 * @param checkpointEveryEvents the fewest events between two checkpoints
 * @param writeFailed the exception an append or sync that failed in Chronicle completes with
 */
public record WriterSettings(boolean syncEachBatch, int queueCapacity, long diskReserveBytes,
                             int checkpointEveryEvents, Function<Throwable, RuntimeException> writeFailed) {
}
