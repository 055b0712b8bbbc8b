/**
 * The log on disk: the store directory's format ({@link dev.sessionlog.store.log.StoreMetadata}) and
 * where each partition's files are ({@link dev.sessionlog.store.log.StoreLayout}), its owner lock
 * ({@link dev.sessionlog.store.log.StoreLock}) and file permissions, the Chronicle queue
 * ({@link dev.sessionlog.store.log.QueueHandle}), the framing of one append as one record
 * ({@link dev.sessionlog.store.log.RecordFormat}), event positions in a partition's log and in the
 * store ({@link dev.sessionlog.store.log.StorePositions}), and reading records back
 * ({@link dev.sessionlog.store.log.LogReader}, {@link dev.sessionlog.store.log.LogScanner}); and
 * reading the day files directly, without Chronicle, where the log may be damaged
 * ({@link dev.sessionlog.store.log.RawLog}, {@link dev.sessionlog.store.log.DayFileReader}).
 *
 * <p>The bottom layer of the store: it knows nothing of indexes, the writer or recovery, and uses
 * only {@code core} and the store's public options and exceptions. No compatibility promise: an
 * implementation package of {@code ChronicleSessionStore}.
 */
package dev.sessionlog.store.log;
