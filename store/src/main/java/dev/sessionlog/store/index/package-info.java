/**
 * What the store derives from the log, and getting it back: the position index
 * ({@link dev.sessionlog.store.index.PositionIndex}: where each session's events are; its sessions'
 * slots are shared with the ledger's session index, so each id is kept once), its
 * checkpoint and the ledger's ({@link dev.sessionlog.store.index.IndexCheckpoint},
 * {@link dev.sessionlog.store.index.LedgerCheckpoint}), bringing the index up to date with the log
 * ({@link dev.sessionlog.store.index.IndexBuilder}), {@link dev.sessionlog.store.index.Recovery},
 * the steps that rebuild all of it when a store opens, and what the checkpoints say the log held
 * ({@link dev.sessionlog.store.index.CheckpointKnowledge}), for telling damage from a short log.
 *
 * <p>Uses the log package, never the writer. No compatibility promise: an implementation package
 * of {@code ChronicleSessionStore}.
 */
package dev.sessionlog.store.index;
