/**
 * Damaged logs: finding damage at open ({@link dev.sessionlog.store.damage.DamageCheck}), salvaging
 * every readable record ({@link dev.sessionlog.store.damage.Salvage}) and repairing a store
 * ({@link dev.sessionlog.store.damage.Repair}). Reads the log's files directly, never through
 * Chronicle, so no damage can fault the JVM. Depends on {@code store.log} and {@code store.index},
 * never on the store's API package (ADR 0014).
 */
package dev.sessionlog.store.damage;
