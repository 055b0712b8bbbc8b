/**
 * The store SPI: what every {@link dev.sessionlog.SessionStore} implementation shares, so that the
 * append rules are written once and every store answers alike.
 *
 * <p>{@link dev.sessionlog.spi.SessionLedger} is the writer's state and the append rules (expected
 * sequence, idempotency, model-call lifecycle, ended sessions); a store's writer asks it to
 * {@linkplain dev.sessionlog.spi.SessionLedger#plan plan} an append, writes the planned events,
 * then {@linkplain dev.sessionlog.spi.SessionLedger#commit commits} them, checking the encoded
 * events against {@link dev.sessionlog.spi.AppendLimits} in between. Around it:
 * {@link dev.sessionlog.spi.SessionIndex} (the session index that replaces {@code sessions.json},
 * kept as rows of {@link dev.sessionlog.spi.SessionEntries} numbered by
 * {@link dev.sessionlog.spi.SessionSlots}, which a store may share with its own per-session state;
 * {@link dev.sessionlog.spi.SessionImage} writes and reads the rows for a checkpoint),
 * {@link dev.sessionlog.spi.DefaultSessionHandle} (the gateway facade over any store),
 * {@link dev.sessionlog.spi.SessionViews} and {@link dev.sessionlog.spi.GuardedListener}.
 *
 * <p><b>Who may use it:</b> store implementations only ({@code InMemorySessionStore}, the
 * {@code store} and {@code kafka} modules). Gateways program against {@code dev.sessionlog} and its
 * API sub-packages; this package carries no compatibility promise to them and may change in any
 * release. The architecture tests fail the build when a package outside the stores uses it.
 */
package dev.sessionlog.spi;
