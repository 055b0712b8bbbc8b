/**
 * Bottom-layer helpers every other package may use: argument and state checks
 * ({@link dev.sessionlog.util.Preconditions}), saturating arithmetic, a persistent list and a
 * primitive {@code int → int} hash map.
 *
 * <p>It imports nothing of sessionlog's (the architecture tests keep it so), and it carries no
 * compatibility promise: the types are public only because the packages above it are many.
 */
package dev.sessionlog.util;
