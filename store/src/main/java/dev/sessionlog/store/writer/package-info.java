/**
 * The single writer (ADR 0009, ADR 0010): {@link dev.sessionlog.store.writer.SingleWriter} owns the
 * writer role and the batching; the record appender, checkpointing and compaction are its
 * package-private parts, each asserting that it runs as the writer, and the group commit makes
 * {@code SYNC} batches durable outside the role. A store has one writer per partition.
 *
 * <p>Uses the log and index packages. No compatibility promise: an implementation package of
 * {@code ChronicleSessionStore}.
 */
package dev.sessionlog.store.writer;
