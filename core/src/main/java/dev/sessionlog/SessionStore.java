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
 * {@link #append} states them in full, in the order they are checked.
 */
public interface SessionStore extends AutoCloseable {
    /**
     * The largest event every store accepts, in bytes of the codec's encoding with its envelope
     * ({@link dev.sessionlog.codec.EventCodec#encode(RecordedEvent)}): 4 MiB. A larger one fails the
     * append with {@link InvalidEventException}.
     */
    int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    /**
     * The most bytes the encoded events of one {@code append} may take together, in every store:
     * 8 MiB less 64 KiB. A caller with many large events splits them over several appends.
     */
    int MAX_APPEND_BYTES = 8 * 1024 * 1024 - 64 * 1024;


    /**
     * Appends {@code events} to {@code session} as one batch: all new events are stored, in order,
     * or none. The first append to a new session must start with {@code SessionStarted}.
     *
     * <p><b>Idempotency.</b> {@code UserMessageReceived.messageId}, {@code DeliveryRecorded.deliveryId},
     * the call id of {@code ModelCallStarted} and of its terminal event, and a session's one
     * {@code SessionKeyAssigned} are idempotency keys. An event whose key is already stored in the
     * session is not stored again: it is a duplicate of the stored event (a message or delivery by
     * its id alone; a call start when it names the same call, see {@code ModelCallStarted}; any other
     * when it is equal). In an append that mixes duplicates with new events, only the new ones are
     * stored, and {@link AppendResult#outcomes()} says what became of each event; when every event is
     * a duplicate, nothing is written and the result has {@link AppendResult#duplicate()} set. The
     * ids a caller chooses for keys (message, delivery and call ids) have at most
     * {@value CallId#MAX_LENGTH} characters, none of them a control, format or line-separator character
     * (NUL, a newline, U+202E and the other bidi controls, zero-width characters), and no unpaired
     * surrogate.
     *
     * <p><b>The checks, in order.</b> The first that fails decides the error, and a failed append
     * stores nothing:
     * <ol>
     *   <li><i>The append itself</i>, whatever the session's state: 1 to 10,000 events (else
     *       {@link InvalidEventException}; a null event is refused at the call with
     *       {@link IllegalArgumentException}), no idempotency key twice, {@code SessionStarted} only as
     *       the first event and {@code SessionEnded} only as the last ({@link InvalidEventException}).</li>
     *   <li><i>Retries.</i> When every event is a duplicate of a stored one, the append is answered
     *       with the originals and {@code duplicate = true}, whatever its expected sequence and even
     *       after the session ended: a retry of a stored append always succeeds.</li>
     *   <li><i>The session's end.</i> An ended session refuses the append with
     *       {@link SessionEndedException}.</li>
     *   <li><i>The expected sequence.</i> A session whose last sequence is not the expected one
     *       refuses with {@link WrongExpectedSequenceException}{@code (session, expected, actual)},
     *       before anything is said about the events.</li>
     *   <li><i>The new events against the session</i>, in their order: the first event of a new
     *       session is {@code SessionStarted}; a session starts once (another {@code SessionStarted} is
     *       invalid); a call id is not reused for another call; a terminal event names a call started in
     *       this session ({@link InvalidEventException}) and not ended yet
     *       ({@link CallAlreadyEndedException}); {@code SessionKeyAssigned} only on a session without
     *       a key; the ids chosen for keys meet the rule above ({@link InvalidEventException}).</li>
     *   <li><i>Sizes</i>, of what would be written, encoded: an event of more than 4 MiB, or an append
     *       of more than 8 MiB less 64 KiB ({@link InvalidEventException} naming the size and the
     *       limit), the same limits in every store.</li>
     * </ol>
     * Then the events are written: an append ending in {@code SessionEnded} gets a
     * {@code ModelCallFailed(CANCELLED)} before it for each call still open. Failures of the store
     * itself ({@link StoreBusyException}, {@link StoreFullException}, {@link StoreClosedException})
     * may come at any point.
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

    /**
     * The sessions {@code query} selects ({@link SessionQuery#matches}: every criterion it gives), most
     * recently updated first, at most {@link SessionQuery#limit()} of them: the limit counts the
     * sessions that match, so a narrow query returns the newest matches however many newer sessions
     * do not. Deleted sessions are never listed.
     */
    List<SessionSummary> sessions(SessionQuery query);

    /** Delivers the stored events {@code request} selects, then every new one, to {@code listener}. */
    Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener);

    /** The gateway-facing facade for {@code session}. */
    SessionHandle session(SessionId session);

    /** Stops the writer after the appends already accepted; idempotent. */
    @Override
    void close();
}
