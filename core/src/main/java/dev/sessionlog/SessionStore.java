package dev.sessionlog;

import dev.sessionlog.event.SessionEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Append-only event logs, one per session, with single-writer sequencing.
 *
 * <p>Appends are asynchronous: the future completes when the events are stored (to the
 * implementation's durability setting), or fails with a {@link SessionStoreException}:
 * {@link WrongExpectedSequenceException}, {@link SessionEndedException}, {@link InvalidEventException},
 * {@link CallAlreadyEndedException}, {@link StoreBusyException}, {@link StoreFullException},
 * {@link StoreClosedException}. A failed append stores nothing. Reads never wait for the writer.
 *
 * <p>The rules every implementation enforces, whatever the number of concurrent callers:
 * <ul>
 *   <li>sequences are 1, 2, 3 … per session, with no gaps;</li>
 *   <li>an event with an idempotency key already stored is not stored again: the append reports
 *       the original sequence with {@link AppendResult#duplicate()};</li>
 *   <li>every {@code ModelCallStarted} gets exactly one terminal event; a call past its deadline
 *       is ended by the store with {@code ModelCallFailed(TIMEOUT)};</li>
 *   <li>nothing is appended after {@code SessionEnded}.</li>
 * </ul>
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Appends {@code events} to {@code session} as one batch: all are stored, in order, or none.
     * The first append to a new session must start with {@code SessionStarted}.
     */
    default CompletableFuture<AppendResult> append(SessionId session, ExpectedSequence expected,
                                                   List<SessionEvent> events) {
        return appendAll(session, expected, events.stream().map(NewEvent::of).toList());
    }

    /** Like {@link #append(SessionId, ExpectedSequence, List)}, with metadata for each event. */
    CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected, List<NewEvent> events);

    /** Up to {@code maxCount} events of {@code session} from {@code fromSequence} on, oldest first. */
    List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount);

    /** The newest {@code maxCount} events of {@code session}, oldest first. */
    List<RecordedEvent> readLast(SessionId session, int maxCount);

    /** Folds every event of {@code session}. */
    <S> S project(SessionId session, Projection<S> projection);

    /** Folds the events of {@code session} up to and including {@code lastSequence}: the state as it was then. */
    default <S> S projectUpTo(SessionId session, Projection<S> projection, long lastSequence) {
        S state = projection.initial();
        long next = 1;
        while (next <= lastSequence) {
            List<RecordedEvent> page = read(session, next, (int) Math.min(1024, lastSequence - next + 1));
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent event : page) {
                state = projection.apply(state, event);
            }
            next = page.get(page.size() - 1).sequence() + 1;
        }
        return state;
    }

    /** The index entry of {@code session}, empty when it does not exist (or was deleted). */
    Optional<SessionSummary> summary(SessionId session);

    /** The sessions {@code query} selects, most recently updated first. */
    List<SessionSummary> sessions(SessionQuery query);

    /** Delivers the stored events {@code request} selects, then every new one, to {@code listener}. */
    Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener);

    /** The gateway-facing facade for {@code session}. */
    SessionHandle session(SessionId session);

    /** Stops the writer after the appends already accepted; idempotent. */
    @Override
    void close();
}
