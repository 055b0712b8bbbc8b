package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.projection.UserNotice;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import dev.sessionlog.spi.AppendLimits;
import dev.sessionlog.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every {@link SessionStore} keeps, as one suite that each implementation runs by
 * extending it. The store under test must use the given clock for recorded-at times and deadlines,
 * implement {@link DeadlineWatchdog}, and should run no background watchdog of its own (the tests
 * end overdue calls through {@link DeadlineWatchdog#endOverdueCalls()} after moving the clock).
 *
 * <p>Waits have generous limits (they prove liveness, never speed: the build machine is shared).
 */
public abstract class SessionStoreContract {
    /** How long a test waits for something that must happen at all. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A fresh, empty store using {@code clock}. */
    protected abstract SessionStore openStore(Clock clock);

    /**
     * Closes {@code old} and opens the same store again, or returns null when the implementation is
     * not durable (the reopen tests are then skipped).
     */
    protected SessionStore reopen(SessionStore old, Clock clock) {
        return null;
    }

    /** The largest event the store under test accepts, encoded, in bytes. */
    protected int maxEventBytes() {
        return AppendLimits.MAX_EVENT_BYTES;
    }

    protected MutableClock clock;
    protected SessionStore store;
    private final AtomicInteger sessionNumbers = new AtomicInteger();

    @BeforeEach
    void openTheStore() {
        clock = MutableClock.startingAtNewYear();
        store = openStore(clock);
    }

    @AfterEach
    void closeTheStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- expected sequence

    @Test
    void appends_with_any_are_numbered_one_two_three() {
        SessionId s = newSessionId();
        assertEquals(1, append(s, ExpectedSequence.any(), started(s)).firstSequence());
        assertEquals(2, append(s, ExpectedSequence.any(), message("m1")).firstSequence());
        AppendResult third = append(s, ExpectedSequence.any(), message("m2"));
        assertEquals(3, third.firstSequence());
        assertEquals(3, third.lastSequence());
        assertFalse(third.duplicate());
        assertEquals(s, third.session());
    }

    @Test
    void no_session_succeeds_only_while_the_session_does_not_exist() {
        SessionId s = newSessionId();
        append(s, ExpectedSequence.noSession(), started(s));
        WrongExpectedSequenceException e = failure(WrongExpectedSequenceException.class,
                store.append(s, ExpectedSequence.noSession(), List.of(message("m1"))));
        assertEquals(ExpectedSequence.noSession(), e.expected());
        assertEquals(1, e.actual());
        assertEquals(s, e.session());
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void exactly_the_last_sequence_appends() {
        SessionId s = startedSession();
        assertEquals(2, append(s, ExpectedSequence.exactly(1), message("m1")).firstSequence());
        assertEquals(3, append(s, ExpectedSequence.exactly(2), message("m2")).firstSequence());
    }

    @Test
    void a_stale_expected_sequence_fails_with_expected_and_actual_and_stores_nothing() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), message("m1"));
        WrongExpectedSequenceException e = failure(WrongExpectedSequenceException.class,
                store.append(s, ExpectedSequence.exactly(1), List.of(message("m2"))));
        assertEquals(ExpectedSequence.exactly(1), e.expected());
        assertEquals(2, e.actual());
        assertEquals(2, store.readLast(s, 10).size());
        assertEquals(2, store.summary(s).orElseThrow().lastSequence());
    }

    @Test
    void an_expected_sequence_on_a_missing_session_reports_actual_zero() {
        SessionId s = newSessionId();
        WrongExpectedSequenceException e = failure(WrongExpectedSequenceException.class,
                store.append(s, ExpectedSequence.exactly(3), List.of(started(s))));
        assertEquals(0, e.actual());
        assertTrue(store.summary(s).isEmpty());
    }

    // ---------------------------------------------------------------- first event, batches, arguments

    @Test
    void the_first_event_of_a_new_session_must_be_session_started() {
        SessionId s = newSessionId();
        InvalidEventException e = failure(InvalidEventException.class,
                store.append(s, ExpectedSequence.any(), List.of(message("m1"))));
        assertTrue(e.getMessage().contains("SessionStarted"), e.getMessage());
        assertTrue(store.read(s, 1, 10).isEmpty());
        assertTrue(store.summary(s).isEmpty());
    }

    @Test
    void session_started_again_is_a_duplicate_when_identical_and_invalid_otherwise() {
        SessionId s = startedSession();
        AppendResult again = append(s, ExpectedSequence.any(), started(s));
        assertTrue(again.duplicate());
        assertEquals(1, again.firstSequence());
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(SessionStarted.initial(SessionKey.of("another:key"), "main", "telegram"))));
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void session_started_inside_a_batch_is_invalid() {
        SessionId s = newSessionId();
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(started(s), message("m1"), started(s))));
        assertTrue(store.read(s, 1, 10).isEmpty());
    }

    @Test
    void an_empty_append_is_invalid() {
        SessionId s = startedSession();
        CompletableFuture<AppendResult> future;
        try {
            future = store.append(s, ExpectedSequence.any(), List.of());
        } catch (IllegalArgumentException refusedAtTheCall) {
            return;
        }
        failure(InvalidEventException.class, future);
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void null_arguments_are_refused_at_the_call() {
        SessionId s = startedSession();
        assertThrows(IllegalArgumentException.class, () -> store.appendAll(null, ExpectedSequence.any(),
                List.of(NewEvent.of(message("m")))));
        assertThrows(IllegalArgumentException.class, () -> store.appendAll(s, null, List.of(NewEvent.of(message("m")))));
        assertThrows(IllegalArgumentException.class, () -> store.appendAll(s, ExpectedSequence.any(), null));
        List<NewEvent> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> store.appendAll(s, ExpectedSequence.any(), withNull));
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void a_batch_gets_consecutive_sequences_and_increasing_positions() {
        SessionId s = newSessionId();
        AppendResult result = append(s, ExpectedSequence.noSession(), started(s), message("a"), message("b"),
                message("c"));
        assertEquals(1, result.firstSequence());
        assertEquals(4, result.lastSequence());
        List<RecordedEvent> events = store.read(s, 1, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(RecordedEvent::sequence).toList());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).position() > events.get(i - 1).position());
        }
        assertEquals(events.get(3).position(), result.position());
        assertEquals(4, events.stream().map(RecordedEvent::eventId).distinct().count());
    }

    @Test
    void a_batch_with_one_bad_event_stores_nothing() {
        SessionId s = startedSession();
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(message("ok"), completed(CallId.of("never-started")))));
        assertEquals(1, store.readLast(s, 10).size());
        assertEquals(2, append(s, ExpectedSequence.any(), message("next")).firstSequence());
    }

    @Test
    void metadata_and_store_clock_time_are_kept_with_each_event() {
        SessionId s = startedSession();
        clock.advance(Duration.ofMinutes(5));
        Instant now = clock.instant();
        EventMetadata metadata = new EventMetadata("turn-1", "cause-1", Map.of("openclaw.id", "abc"));
        await(store.appendAll(s, ExpectedSequence.any(), List.of(new NewEvent(message("m1"), metadata))));
        RecordedEvent stored = store.readLast(s, 1).get(0);
        assertEquals(metadata, stored.metadata());
        assertEquals(now, stored.recordedAt());
        assertEquals(s, stored.sessionId());
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void a_repeated_message_id_is_a_duplicate_with_the_original_sequence() {
        SessionId s = startedSession();
        AppendResult first = append(s, ExpectedSequence.any(), message("m1"));
        append(s, ExpectedSequence.any(), message("m2"));
        AppendResult again = append(s, ExpectedSequence.any(), message("m1"));
        assertTrue(again.duplicate());
        assertEquals(first.firstSequence(), again.firstSequence());
        assertEquals(first.position(), again.position());
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void a_repeated_delivery_id_is_a_duplicate() {
        SessionId s = startedSession();
        AppendResult first = append(s, ExpectedSequence.any(), new DeliveryRecorded("d1", "telegram:1", "hello"));
        AppendResult again = append(s, ExpectedSequence.any(), new DeliveryRecorded("d1", "telegram:1", "hello"));
        assertTrue(again.duplicate());
        assertEquals(first.firstSequence(), again.firstSequence());
        assertEquals(2, store.readLast(s, 10).size());
    }

    @Test
    void messages_without_an_id_are_never_duplicates() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), UserMessageReceived.text(null, "hi"));
        AppendResult second = append(s, ExpectedSequence.any(), UserMessageReceived.text(null, "hi"));
        assertFalse(second.duplicate());
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void a_repeated_call_start_is_a_duplicate_when_identical_and_invalid_otherwise() {
        SessionId s = startedSession();
        ModelCallStarted start = callStarted(CallId.of("c1"));
        AppendResult first = append(s, ExpectedSequence.any(), start);
        AppendResult again = append(s, ExpectedSequence.any(), start);
        assertTrue(again.duplicate());
        assertEquals(first.firstSequence(), again.firstSequence());
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(new ModelCallStarted(CallId.of("c1"), "openai", "gpt-5", 1, start.deadline()))));
        assertEquals(2, store.readLast(s, 10).size());
    }

    @Test
    void a_batch_of_only_duplicates_reports_the_original_range_and_position() {
        SessionId s = startedSession();
        AppendResult first = append(s, ExpectedSequence.any(), message("a"), message("b"), message("c"));
        append(s, ExpectedSequence.any(), message("d"));
        AppendResult again = append(s, ExpectedSequence.any(), message("a"), message("b"), message("c"));
        assertTrue(again.duplicate());
        assertEquals(first.firstSequence(), again.firstSequence());
        assertEquals(first.lastSequence(), again.lastSequence());
        assertEquals(first.position(), again.position());
        assertEquals(5, store.readLast(s, 10).size());
    }

    @Test
    void a_batch_mixing_duplicates_and_new_events_stores_only_the_new_ones() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), message("a"));
        AppendResult mixed = append(s, ExpectedSequence.any(), message("a"), message("b"));
        assertFalse(mixed.duplicate());
        assertEquals(3, mixed.firstSequence());
        assertEquals(3, mixed.lastSequence());
        assertEquals(List.of("a", "b"), store.read(s, 2, 10).stream()
                .map(e -> ((UserMessageReceived) e.event()).messageId()).toList());
    }

    @Test
    void a_mixed_batch_reports_what_became_of_each_event() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), message("a"), new DeliveryRecorded("d1", "telegram:1", "sent"));
        AppendResult mixed = append(s, ExpectedSequence.any(), message("new-1"), message("a"), message("new-2"),
                new DeliveryRecorded("d1", "telegram:1", "sent"));
        assertFalse(mixed.duplicate(), "two events were stored");
        assertEquals(List.of(AppendResult.Outcome.stored(4), AppendResult.Outcome.duplicateOf(2),
                AppendResult.Outcome.stored(5), AppendResult.Outcome.duplicateOf(3)), mixed.outcomes());
        assertEquals(4, mixed.firstSequence());
        assertEquals(5, mixed.lastSequence());
        AppendResult retry = append(s, ExpectedSequence.any(), message("new-1"), message("a"));
        assertTrue(retry.duplicate());
        assertEquals(List.of(AppendResult.Outcome.duplicateOf(4), AppendResult.Outcome.duplicateOf(2)),
                retry.outcomes());
        assertEquals(List.of(AppendResult.Outcome.stored(6)), append(s, ExpectedSequence.any(), message("c")).outcomes());
        assertEquals(6, store.readLast(s, 10).size());
    }

    @Test
    void a_batch_repeating_an_idempotency_key_is_invalid() {
        SessionId s = startedSession();
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(), List.of(message("a"), message("a"))));
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void a_retried_append_is_a_duplicate_whatever_its_expected_sequence() {
        SessionId s = startedSession();
        AppendResult first = append(s, ExpectedSequence.exactly(1), message("a"));
        append(s, ExpectedSequence.any(), message("b"));
        AppendResult retry = append(s, ExpectedSequence.exactly(1), message("a"));
        assertTrue(retry.duplicate());
        assertEquals(first.firstSequence(), retry.firstSequence());
    }

    @Test
    void idempotency_keys_belong_to_one_session() {
        SessionId a = startedSession();
        SessionId b = startedSession();
        append(a, ExpectedSequence.any(), message("same-id"));
        AppendResult inB = append(b, ExpectedSequence.any(), message("same-id"));
        assertFalse(inB.duplicate());
        assertEquals(2, store.readLast(b, 10).size());
    }

    // ---------------------------------------------------------------- model-call lifecycle

    @Test
    void a_second_different_outcome_of_a_call_is_refused_with_call_already_ended() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call));
        append(s, ExpectedSequence.any(), completed(call));
        CallAlreadyEndedException e = failure(CallAlreadyEndedException.class, store.append(s, ExpectedSequence.any(),
                List.of(ModelCallFailed.of(call, "anthropic", "claude", FailureKind.RATE_LIMITED))));
        assertEquals(call, e.callId());
        assertEquals(s, e.session());
        failure(CallAlreadyEndedException.class, store.append(s, ExpectedSequence.any(),
                List.of(new ModelCallCompleted(call, List.of(new ContentBlock.Text("other")), Usage.NONE, "stop"))));
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void the_same_outcome_again_is_a_duplicate() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call));
        AppendResult first = append(s, ExpectedSequence.any(), completed(call));
        AppendResult again = append(s, ExpectedSequence.any(), completed(call));
        assertTrue(again.duplicate());
        assertEquals(first.firstSequence(), again.firstSequence());
    }

    @Test
    void an_outcome_for_an_unknown_call_is_invalid() {
        SessionId s = startedSession();
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(), List.of(completed(CallId.of("nope")))));
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(ModelCallFailed.of(CallId.of("nope"), null, null, FailureKind.UNKNOWN))));
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void an_outcome_for_a_call_of_another_session_is_invalid() {
        SessionId a = startedSession();
        SessionId b = startedSession();
        append(a, ExpectedSequence.any(), callStarted(CallId.of("c1")));
        failure(InvalidEventException.class, store.append(b, ExpectedSequence.any(), List.of(completed(CallId.of("c1")))));
    }

    @Test
    void a_call_started_and_ended_in_one_batch_is_accepted() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        AppendResult result = append(s, ExpectedSequence.any(), callStarted(call), completed(call));
        assertEquals(3, result.lastSequence());
        assertEquals(0, store.summary(s).orElseThrow().openCalls());
    }

    @Test
    void two_outcomes_of_one_call_in_one_batch_are_invalid() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call));
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(completed(call), ModelCallFailed.of(call, null, null, FailureKind.UNKNOWN))));
        assertEquals(2, store.readLast(s, 10).size());
    }

    @Test
    void ending_a_session_ends_its_open_calls_first_as_cancelled() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), callStarted(CallId.of("c1")));
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        List<RecordedEvent> events = store.read(s, 1, 10);
        assertEquals(4, events.size());
        ModelCallFailed cancelled = assertInstanceOf(ModelCallFailed.class, events.get(2).event());
        assertEquals(CallId.of("c1"), cancelled.callId());
        assertEquals(FailureKind.CANCELLED, cancelled.kind());
        assertInstanceOf(SessionEnded.class, events.get(3).event());
        SessionSummary summary = store.summary(s).orElseThrow();
        assertEquals(0, summary.openCalls());
        assertEquals(SessionSummary.State.ENDED, summary.state());
    }

    // ---------------------------------------------------------------- the deadline watchdog

    @Test
    void the_watchdog_ends_a_call_past_its_deadline_as_timeout() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call, clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofSeconds(61));
        watchdog().endOverdueCalls();
        List<RecordedEvent> events = store.read(s, 1, 10);
        assertEquals(3, events.size());
        ModelCallFailed timeout = assertInstanceOf(ModelCallFailed.class, events.get(2).event());
        assertEquals(call, timeout.callId());
        assertEquals(FailureKind.TIMEOUT, timeout.kind());
        assertEquals("anthropic", timeout.provider());
        assertEquals(0, watchdog().endOverdueCalls());
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void the_watchdog_leaves_calls_within_their_deadline_and_calls_without_one() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), callStarted(CallId.of("soon"), clock.instant().plusSeconds(60)));
        append(s, ExpectedSequence.any(), callStarted(CallId.of("never"), null));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, watchdog().endOverdueCalls());
        clock.advance(Duration.ofDays(365));
        watchdog().endOverdueCalls();
        List<RecordedEvent> events = store.read(s, 1, 10);
        assertEquals(4, events.size());
        assertEquals(CallId.of("soon"), ((ModelCallFailed) events.get(3).event()).callId());
        assertEquals(1, store.summary(s).orElseThrow().openCalls());
    }

    @Test
    void an_outcome_after_the_watchdog_ended_the_call_is_refused() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call, clock.instant().plusSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        watchdog().endOverdueCalls();
        failure(CallAlreadyEndedException.class, store.append(s, ExpectedSequence.any(), List.of(completed(call))));
        assertEquals(3, store.readLast(s, 10).size());
    }

    // ---------------------------------------------------------------- ended and deleted sessions

    @Test
    void appends_to_an_ended_session_fail_with_session_ended() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.EXPIRED));
        SessionEndedException e = failure(SessionEndedException.class,
                store.append(s, ExpectedSequence.any(), List.of(message("late"))));
        assertEquals(SessionEnded.Reason.EXPIRED, e.reason());
        assertEquals(s, e.session());
        failure(SessionEndedException.class,
                store.append(s, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.RESET))));
        assertEquals(2, store.readLast(s, 10).size());
        assertEquals(SessionEnded.Reason.EXPIRED, store.summary(s).orElseThrow().endReason());
    }

    @Test
    void nothing_may_follow_session_ended_in_the_same_batch() {
        SessionId s = startedSession();
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(new SessionEnded(SessionEnded.Reason.RESET), message("after"))));
        assertEquals(1, store.readLast(s, 10).size());
        assertFalse(store.summary(s).orElseThrow().ended());
    }

    @Test
    void a_deleted_session_is_unreadable() {
        SessionId s = startedSession();
        SessionId other = startedSession();
        append(s, ExpectedSequence.any(), message("secret"));
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.DELETED));
        assertTrue(store.read(s, 1, 10).isEmpty());
        assertTrue(store.readLast(s, 10).isEmpty());
        assertEquals(0, store.project(s, countEvents()));
        assertEquals(0, store.projectUpTo(s, countEvents(), 10));
        assertTrue(store.summary(s).isEmpty());
        assertEquals(List.of(other), store.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).toList());
        failure(SessionEndedException.class, store.append(s, ExpectedSequence.any(), List.of(message("again"))));
        assertEquals(1, store.readLast(other, 10).size());
    }

    // ---------------------------------------------------------------- oversized events

    @Test
    void an_oversized_event_is_invalid_names_its_size_and_the_limit_and_stores_nothing() {
        SessionId s = startedSession();
        String huge = "x".repeat(maxEventBytes() + 1024);
        InvalidEventException e = failure(InvalidEventException.class,
                store.append(s, ExpectedSequence.any(), List.of(message("ok"), UserMessageReceived.text("big", huge))));
        assertTrue(e.getMessage().contains(String.valueOf(maxEventBytes())), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\b\\d{7,}\\b.*bytes.*"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "the message must not echo the event");
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void an_event_of_a_quarter_of_the_limit_is_stored() {
        SessionId s = startedSession();
        String large = "y".repeat(maxEventBytes() / 4);
        append(s, ExpectedSequence.any(), UserMessageReceived.text("large", large));
        UserMessageReceived stored = (UserMessageReceived) store.readLast(s, 1).get(0).event();
        assertEquals(large, ((ContentBlock.Text) stored.content().get(0)).text());
    }

    @Test
    void hostile_text_is_stored_and_read_back_unchanged() {
        SessionId s = startedSession();
        String hostile = "\u0000\u001b[2J\"\\\n\r\t</script>\uD83D\uDE00 \u202Emirror \uFFFF";
        append(s, ExpectedSequence.any(), UserMessageReceived.text("h1", hostile));
        UserMessageReceived stored = (UserMessageReceived) store.readLast(s, 1).get(0).event();
        assertEquals(hostile, ((ContentBlock.Text) stored.content().get(0)).text());
    }

    // ---------------------------------------------------------------- reads and projections

    @Test
    void read_returns_up_to_max_count_events_from_a_sequence_on() {
        SessionId s = sessionWithMessages(10);
        List<RecordedEvent> page = store.read(s, 3, 4);
        assertEquals(List.of(3L, 4L, 5L, 6L), page.stream().map(RecordedEvent::sequence).toList());
        assertEquals(List.of(10L, 11L), store.read(s, 10, 100).stream().map(RecordedEvent::sequence).toList());
        assertTrue(store.read(s, 12, 100).isEmpty());
        assertTrue(store.read(s, 1, 0).isEmpty());
        assertTrue(store.read(s, Long.MAX_VALUE, 10).isEmpty());
    }

    @Test
    void reads_of_an_unknown_session_are_empty() {
        SessionId unknown = newSessionId();
        assertTrue(store.read(unknown, 1, 10).isEmpty());
        assertTrue(store.readLast(unknown, 10).isEmpty());
        assertEquals(0, store.project(unknown, countEvents()));
        assertTrue(store.summary(unknown).isEmpty());
    }

    @Test
    void reads_refuse_sequence_zero_and_negative_counts() {
        SessionId s = sessionWithMessages(2);
        assertThrows(IllegalArgumentException.class, () -> store.read(s, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> store.read(s, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.read(s, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> store.readLast(s, -1));
        assertThrows(IllegalArgumentException.class, () -> store.read(null, 1, 1));
    }

    @Test
    void read_last_returns_the_newest_events_oldest_first() {
        SessionId s = sessionWithMessages(10);
        assertEquals(List.of(9L, 10L, 11L), store.readLast(s, 3).stream().map(RecordedEvent::sequence).toList());
        assertEquals(11, store.readLast(s, 1000).size());
        assertTrue(store.readLast(s, 0).isEmpty());
    }

    @Test
    void project_folds_every_event_and_project_up_to_stops_at_the_sequence() {
        SessionId s = sessionWithMessages(5);
        assertEquals(6, store.project(s, countEvents()));
        assertEquals(3, store.projectUpTo(s, countEvents(), 3));
        assertEquals(6, store.projectUpTo(s, countEvents(), 100));
        assertEquals(0, store.projectUpTo(s, countEvents(), 0));
        List<Long> seen = store.project(s, collectSequences());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seen);
    }

    // ---------------------------------------------------------------- the session index

    @Test
    void the_summary_tracks_key_state_counts_model_tokens_and_times() {
        SessionId s = newSessionId();
        Instant created = clock.instant();
        append(s, ExpectedSequence.any(), started(s));
        clock.advance(Duration.ofSeconds(10));
        append(s, ExpectedSequence.any(), message("m1"));
        append(s, ExpectedSequence.any(), callStarted(CallId.of("c1")));
        SessionSummary awaiting = store.summary(s).orElseThrow();
        assertEquals(SessionSummary.State.AWAITING_MODEL, awaiting.state());
        assertEquals(1, awaiting.openCalls());
        clock.advance(Duration.ofSeconds(10));
        append(s, ExpectedSequence.any(), new ModelCallCompleted(CallId.of("c1"), List.of(new ContentBlock.Text("hi")),
                Usage.of(100, 20), "stop"));
        SessionSummary summary = store.summary(s).orElseThrow();
        assertEquals(keyOf(s), summary.sessionKey());
        assertEquals("main", summary.agentId());
        assertEquals("telegram", summary.channel());
        assertEquals(SessionSummary.State.IDLE, summary.state());
        assertEquals(4, summary.lastSequence());
        assertEquals(2, summary.messageCount());
        assertEquals(0, summary.openCalls());
        assertEquals(120, summary.totalTokens());
        assertEquals("claude-sonnet-4-6", summary.model());
        assertEquals(created, summary.createdAt());
        assertEquals(clock.instant(), summary.updatedAt());
        assertNull(summary.lastFailure());
        assertNull(summary.endReason());
        append(s, ExpectedSequence.any(), callStarted(CallId.of("c2")));
        append(s, ExpectedSequence.any(), ModelCallFailed.of(CallId.of("c2"), "anthropic", "claude", FailureKind.QUOTA_EXCEEDED));
        assertEquals(FailureKind.QUOTA_EXCEEDED, store.summary(s).orElseThrow().lastFailure());
    }

    @Test
    void sessions_lists_the_most_recently_updated_first() {
        SessionId a = startedSession();
        clock.advance(Duration.ofSeconds(1));
        SessionId b = startedSession();
        clock.advance(Duration.ofSeconds(1));
        SessionId c = startedSession();
        clock.advance(Duration.ofSeconds(1));
        append(a, ExpectedSequence.any(), message("m"));
        assertEquals(List.of(a, c, b), ids(store.sessions(SessionQuery.all())));
    }

    @Test
    void sessions_filters_by_key_ended_and_update_time_and_limits() {
        SessionId first = newSessionId();
        SessionKey shared = SessionKey.of("agent:main:telegram:direct:42");
        append(first, ExpectedSequence.any(), SessionStarted.initial(shared, "main", "telegram"));
        append(first, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        clock.advance(Duration.ofMinutes(1));
        Instant afterReset = clock.instant();
        SessionId second = newSessionId();
        append(second, ExpectedSequence.any(), SessionStarted.initial(shared, "main", "telegram"));
        SessionId unrelated = startedSession();

        assertEquals(List.of(unrelated, second, first), ids(store.sessions(SessionQuery.all())));
        assertEquals(List.of(second, first), ids(store.sessions(SessionQuery.byKey(shared))));
        assertEquals(List.of(unrelated, second), ids(store.sessions(SessionQuery.active())));
        assertEquals(List.of(unrelated, second), ids(store.sessions(SessionQuery.all().updatedSince(afterReset))));
        assertEquals(List.of(unrelated), ids(store.sessions(SessionQuery.all().limit(1))));
        assertTrue(store.sessions(SessionQuery.byKey(SessionKey.of("nobody"))).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SessionQuery.all().limit(0));
    }

    @Test
    void sessions_filter_by_key_prefix_on_the_keys_text_and_a_session_without_a_key_never_matches() {
        SessionId telegram = sessionUnder("agent:main:telegram:direct:1");
        SessionId slack = sessionUnder("agent:main:slack:direct:2");
        SessionId mars = sessionUnder("agent:mars:telegram:direct:3");
        SessionId keyless = newSessionId();
        append(keyless, ExpectedSequence.noSession(), SessionStarted.initial(null, "main", "telegram"));

        assertEquals(List.of(slack, telegram), ids(store.sessions(SessionQuery.all().keyPrefix("agent:main:"))));
        assertEquals(List.of(mars, slack, telegram), ids(store.sessions(SessionQuery.all().keyPrefix("agent:ma"))),
                "a prefix of the text, not of the ':' parts");
        assertEquals(List.of(telegram), ids(store.sessions(SessionQuery.all().keyPrefix("AGENT:Main:Telegram"))),
                "lower-cased as keys are");
        assertEquals(List.of(telegram),
                ids(store.sessions(SessionQuery.all().keyPrefix("agent:main:telegram:direct:1"))), "the whole key");
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().keyPrefix("agent:main:telegram:direct:10"))));
        assertEquals(List.of(keyless, mars, slack, telegram), ids(store.sessions(SessionQuery.all())));
    }

    @Test
    void sessions_filter_by_the_exact_provider_and_model_of_the_last_call_or_override() {
        SessionId anthropic = startedSession();
        append(anthropic, ExpectedSequence.any(), callStarted(CallId.of("a1"), "anthropic", "claude-sonnet-4-6"));
        clock.advance(Duration.ofSeconds(1));
        SessionId openai = startedSession();
        append(openai, ExpectedSequence.any(), callStarted(CallId.of("o1"), "openai", "gpt-5"));
        clock.advance(Duration.ofSeconds(1));
        SessionId switched = startedSession();
        append(switched, ExpectedSequence.any(), callStarted(CallId.of("s1"), "openai", "gpt-5"));
        append(switched, ExpectedSequence.any(), SettingsChanged.model("anthropic", "claude-opus-4-6"));
        clock.advance(Duration.ofSeconds(1));
        SessionId none = startedSession();

        assertEquals(List.of(switched, anthropic), ids(store.sessions(SessionQuery.all().provider("anthropic"))));
        assertEquals(List.of(openai), ids(store.sessions(SessionQuery.all().provider("openai"))));
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().provider("Anthropic"))), "case included");
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().provider("anthrop"))), "no prefix");
        assertEquals(List.of(anthropic), ids(store.sessions(SessionQuery.all().model("claude-sonnet-4-6"))));
        assertEquals(List.of(switched), ids(store.sessions(SessionQuery.all().model("claude-opus-4-6"))));
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().model("claude"))));
        assertEquals(List.of(switched),
                ids(store.sessions(SessionQuery.all().provider("anthropic").model("claude-opus-4-6"))));
        assertEquals(List.of(none, switched, openai, anthropic), ids(store.sessions(SessionQuery.all())));
    }

    @Test
    void sessions_filter_by_the_kind_of_the_newest_failure() {
        SessionId quota = startedSession();
        append(quota, ExpectedSequence.any(), callStarted(CallId.of("q1")));
        append(quota, ExpectedSequence.any(),
                ModelCallFailed.of(CallId.of("q1"), "anthropic", "claude-sonnet-4-6", FailureKind.QUOTA_EXCEEDED));
        clock.advance(Duration.ofSeconds(1));
        SessionId recovered = startedSession();
        append(recovered, ExpectedSequence.any(), callStarted(CallId.of("r1")));
        append(recovered, ExpectedSequence.any(),
                ModelCallFailed.of(CallId.of("r1"), "anthropic", "claude-sonnet-4-6", FailureKind.QUOTA_EXCEEDED));
        append(recovered, ExpectedSequence.any(), callStarted(CallId.of("r2")));
        append(recovered, ExpectedSequence.any(), completed(CallId.of("r2")));
        clock.advance(Duration.ofSeconds(1));
        SessionId rateLimited = startedSession();
        append(rateLimited, ExpectedSequence.any(), callStarted(CallId.of("l1")));
        append(rateLimited, ExpectedSequence.any(),
                ModelCallFailed.of(CallId.of("l1"), "anthropic", "claude-sonnet-4-6", FailureKind.RATE_LIMITED));

        assertEquals(List.of(quota), ids(store.sessions(SessionQuery.all().lastFailure(FailureKind.QUOTA_EXCEEDED))),
                "a later successful call clears it");
        assertEquals(List.of(rateLimited),
                ids(store.sessions(SessionQuery.all().lastFailure(FailureKind.RATE_LIMITED))));
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().lastFailure(FailureKind.TIMEOUT))));
    }

    @Test
    void sessions_filter_by_state_and_awaiting_model_finds_the_sessions_with_a_call_open() {
        SessionId idle = startedSession();
        clock.advance(Duration.ofSeconds(1));
        SessionId waiting = startedSession();
        append(waiting, ExpectedSequence.any(), callStarted(CallId.of("w1")));
        clock.advance(Duration.ofSeconds(1));
        SessionId answered = startedSession();
        append(answered, ExpectedSequence.any(), callStarted(CallId.of("a1")));
        append(answered, ExpectedSequence.any(), completed(CallId.of("a1")));
        clock.advance(Duration.ofSeconds(1));
        SessionId ended = startedSession();
        append(ended, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));

        assertEquals(List.of(waiting),
                ids(store.sessions(SessionQuery.all().state(SessionSummary.State.AWAITING_MODEL))));
        assertEquals(List.of(answered, idle), ids(store.sessions(SessionQuery.all().state(SessionSummary.State.IDLE))));
        assertEquals(List.of(ended), ids(store.sessions(SessionQuery.all().state(SessionSummary.State.ENDED))));
        assertEquals(List.of(), ids(store.sessions(SessionQuery.active().state(SessionSummary.State.ENDED))),
                "an active query lists no ended session, whatever the state asked for");
        assertEquals(List.of(answered),
                ids(store.sessions(SessionQuery.all().state(SessionSummary.State.IDLE).limit(1))),
                "the limit counts the sessions in the state");
    }

    @Test
    void sessions_filter_by_an_exclusive_upper_bound_on_the_last_update() {
        SessionId early = startedSession();
        clock.advance(Duration.ofSeconds(10));
        Instant middle = clock.instant();
        SessionId atMiddle = startedSession();
        clock.advance(Duration.ofSeconds(10));
        SessionId late = startedSession();

        assertEquals(List.of(early), ids(store.sessions(SessionQuery.all().updatedBefore(middle))), "exclusive");
        assertEquals(List.of(atMiddle, early),
                ids(store.sessions(SessionQuery.all().updatedBefore(middle.plusNanos(1)))));
        assertEquals(List.of(atMiddle),
                ids(store.sessions(SessionQuery.all().updatedSince(middle).updatedBefore(clock.instant()))),
                "since inclusive, before exclusive");
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().updatedSince(middle).updatedBefore(middle))));
        assertEquals(List.of(late, atMiddle, early), ids(store.sessions(SessionQuery.all().updatedBefore(Instant.MAX))));
        append(early, ExpectedSequence.any(), message("m"));
        assertEquals(List.of(), ids(store.sessions(SessionQuery.all().updatedBefore(middle))),
                "a new event moves the session past the bound");
    }

    @Test
    void criteria_combine_and_the_limit_counts_only_the_matching_sessions_newest_first() {
        List<SessionId> matching = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SessionId s = sessionUnder((i % 2 == 0 ? "agent:main:telegram:direct:" : "agent:main:slack:direct:") + i);
            String provider = i % 3 == 0 ? "openai" : "anthropic";
            append(s, ExpectedSequence.any(), callStarted(CallId.of("c" + i), provider, "model-" + provider));
            append(s, ExpectedSequence.any(), ModelCallFailed.of(CallId.of("c" + i), provider, "model-" + provider,
                    i % 4 == 1 ? FailureKind.TIMEOUT : FailureKind.RATE_LIMITED));
            if (i == 8) {
                append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
            }
            if (i % 2 == 0 && i % 3 != 0 && i % 4 != 1 && i != 8) {
                matching.add(0, s); // telegram, anthropic, rate limited, not ended: newest first
            }
            clock.advance(Duration.ofSeconds(1));
        }
        SessionQuery query = SessionQuery.active().keyPrefix("agent:main:telegram:").provider("anthropic")
                .model("model-anthropic").lastFailure(FailureKind.RATE_LIMITED).updatedBefore(clock.instant());
        assertEquals(3, matching.size());
        assertEquals(matching, ids(store.sessions(query)));
        assertEquals(matching.subList(0, 2), ids(store.sessions(query.limit(2))),
                "newer sessions that do not match take no place in the limit");
        assertEquals(matching.subList(0, 1), ids(store.sessions(query.limit(1))));
        assertEquals(matching.subList(1, 3), ids(store.sessions(query.updatedBefore(store.summary(matching.get(0))
                .orElseThrow().updatedAt()))));
        for (SessionSummary summary : store.sessions(SessionQuery.all())) {
            assertEquals(matching.contains(summary.sessionId()), query.matches(summary), summary.toString());
        }
    }

    @Test
    void a_query_refuses_blank_control_character_and_over_long_criteria_with_a_typed_error() {
        SessionQuery all = SessionQuery.all();
        for (String blank : List.of("", " ", "\t ")) {
            assertThrows(IllegalArgumentException.class, () -> all.keyPrefix(blank), "prefix '" + blank + "'");
            assertThrows(IllegalArgumentException.class, () -> all.provider(blank), "provider '" + blank + "'");
            assertThrows(IllegalArgumentException.class, () -> all.model(blank), "model '" + blank + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> all.keyPrefix("agent:\nmain"));
        assertThrows(IllegalArgumentException.class, () -> all.provider("open\u0000ai"));
        assertThrows(IllegalArgumentException.class, () -> all.keyPrefix("k".repeat(SessionKey.MAX_LENGTH + 1)));
        all.keyPrefix("k".repeat(SessionKey.MAX_LENGTH));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> all.model("m".repeat(SessionQuery.MAX_NAME_LENGTH + 1)));
        assertTrue(tooLong.getMessage().contains("model"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SessionQuery(null, true, null, 10, null, "p".repeat(SessionQuery.MAX_NAME_LENGTH + 1), null,
                        null, null, null));
        assertThrows(IllegalArgumentException.class, () -> all.provider("anthropic").limit(SessionQuery.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> store.sessions(null));

        SessionId s = startedSession();
        assertEquals(List.of(s), ids(store.sessions(all)), "nothing stored is changed by a refused query");
    }

    @Test
    void a_query_keeps_its_other_criteria_when_one_is_added_and_the_four_argument_constructor_still_works() {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        SessionQuery query = new SessionQuery(SessionKey.of("agent:main:x"), false, since, 7)
                .keyPrefix("agent:").provider("p").model("m").lastFailure(FailureKind.AUTH)
                .updatedBefore(since.plusSeconds(60)).state(SessionSummary.State.IDLE).includeEnded(true).limit(3)
                .updatedSince(since.minusSeconds(1));
        assertEquals(new SessionQuery(SessionKey.of("agent:main:x"), true, since.minusSeconds(1), 3, "agent:", "p", "m",
                FailureKind.AUTH, since.plusSeconds(60), SessionSummary.State.IDLE), query);
        assertEquals(new SessionQuery(null, true, null, SessionQuery.MAX_LIMIT, null, null, null, null, null, null),
                SessionQuery.all());
        assertEquals(SessionQuery.byKey(SessionKey.of("agent:main:x")), query.keyPrefix(null).provider(null).model(null)
                .lastFailure(null).updatedBefore(null).state(null).updatedSince(null).limit(SessionQuery.MAX_LIMIT),
                "null removes a criterion");
    }

    // ---------------------------------------------------------------- subscriptions

    @Test
    void a_subscription_delivers_the_stored_events_then_new_ones_in_order() {
        SessionId s = sessionWithMessages(3);
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = store.subscribe(SubscriptionRequest.allFromStart(), seen::add)) {
            eventually(() -> seen.size() == 4);
            append(s, ExpectedSequence.any(), message("live-1"));
            append(s, ExpectedSequence.any(), message("live-2"));
            eventually(() -> seen.size() == 6);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seen.stream().map(RecordedEvent::sequence).toList());
            eventually(() -> sub.lastDeliveredPosition() == seen.get(5).position());
            assertTrue(sub.isActive());
        }
    }

    @Test
    void a_session_subscription_delivers_only_that_session_from_its_sequence() {
        SessionId s = sessionWithMessages(3);
        SessionId other = sessionWithMessages(3);
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = store.subscribe(SubscriptionRequest.session(s, 3), seen::add)) {
            append(other, ExpectedSequence.any(), message("elsewhere"));
            append(s, ExpectedSequence.any(), message("here"));
            eventually(() -> seen.size() == 3);
            assertTrue(sub.isActive());
            assertEquals(List.of(3L, 4L, 5L), seen.stream().map(RecordedEvent::sequence).toList());
            assertTrue(seen.stream().allMatch(e -> e.sessionId().equals(s)));
        }
    }

    @Test
    void a_subscription_from_a_position_skips_the_events_before_it() {
        SessionId s = sessionWithMessages(3);
        RecordedEvent third = store.read(s, 3, 1).get(0);
        long from = third.position();
        // a position names its partition's place: allFrom(long) is partition 0's
        SubscriptionRequest request = third.partition() == 0 ? SubscriptionRequest.allFrom(from)
                : SubscriptionRequest.allFrom(StoreCursor.start().withNextPosition(third.partition(), from));
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = store.subscribe(request, seen::add)) {
            eventually(() -> seen.size() == 2);
            eventually(() -> sub.lastDeliveredPosition() == seen.get(1).position());
            assertEquals(List.of(3L, 4L), seen.stream().map(RecordedEvent::sequence).toList());
        }
    }

    @Test
    void a_subscription_resumed_from_its_encoded_cursor_delivers_every_later_event_once() {
        SessionId s = sessionWithMessages(3);
        List<RecordedEvent> before = new CopyOnWriteArrayList<>();
        String persisted;
        try (Subscription sub = store.subscribe(SubscriptionRequest.allFromStart(), before::add)) {
            eventually(() -> before.size() == 4 && sub.lastDeliveredPosition() == before.get(3).position());
            StoreCursor expected = StoreCursor.start();
            for (RecordedEvent event : before) {
                expected = expected.after(event);
            }
            assertEquals(expected, sub.cursor());
            persisted = sub.cursor().encode();
        }
        append(s, ExpectedSequence.any(), message("after-1"));
        append(s, ExpectedSequence.any(), message("after-2"));
        List<RecordedEvent> after = new CopyOnWriteArrayList<>();
        try (Subscription resumed = store.subscribe(SubscriptionRequest.allFrom(StoreCursor.decode(persisted)),
                after::add)) {
            eventually(() -> after.size() == 2 && resumed.lastDeliveredPosition() == after.get(1).position());
            assertEquals(List.of(5L, 6L), after.stream().map(RecordedEvent::sequence).toList());
        }
    }

    @Test
    void a_throwing_listener_is_closed_and_stops_neither_appends_nor_other_subscribers() {
        SessionId s = startedSession();
        AtomicInteger thrown = new AtomicInteger();
        List<RecordedEvent> healthy = new CopyOnWriteArrayList<>();
        Subscription bad = store.subscribe(SubscriptionRequest.allFromStart(), e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        try (Subscription good = store.subscribe(SubscriptionRequest.allFromStart(), healthy::add)) {
            for (int i = 0; i < 20; i++) {
                append(s, ExpectedSequence.any(), message("m" + i));
            }
            eventually(() -> healthy.size() == 21);
            eventually(() -> !bad.isActive());
            assertEquals(1, thrown.get());
            assertTrue(good.isActive());
        }
    }

    @Test
    void a_slow_listener_stops_neither_appends_nor_other_subscribers() throws InterruptedException {
        SessionId s = startedSession();
        CountDownLatch release = new CountDownLatch(1);
        List<RecordedEvent> slowSeen = new CopyOnWriteArrayList<>();
        List<RecordedEvent> fastSeen = new CopyOnWriteArrayList<>();
        try (Subscription slow = store.subscribe(SubscriptionRequest.allFromStart(), e -> {
                 awaitQuietly(release);
                 slowSeen.add(e);
             });
             Subscription fast = store.subscribe(SubscriptionRequest.allFromStart(), fastSeen::add)) {
            List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                appends.add(store.append(s, ExpectedSequence.any(), List.of(message("m" + i))));
            }
            appends.forEach(SessionStoreContract::await);
            eventually(() -> fastSeen.size() == 101);
            assertTrue(slowSeen.isEmpty());
            release.countDown();
            eventually(() -> slowSeen.size() == 101);
            assertEquals(fastSeen, slowSeen);
            assertTrue(slow.isActive() && fast.isActive());
        }
    }

    @Test
    void closing_a_subscription_stops_delivery() throws InterruptedException {
        SessionId s = startedSession();
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        Subscription sub = store.subscribe(SubscriptionRequest.allFromStart(), seen::add);
        eventually(() -> seen.size() == 1);
        sub.close();
        sub.close();
        assertFalse(sub.isActive());
        append(s, ExpectedSequence.any(), message("after close"));
        // A later subscription receiving it proves it was published; the closed one must not.
        List<RecordedEvent> witness = new CopyOnWriteArrayList<>();
        try (Subscription witnessing = store.subscribe(SubscriptionRequest.allFromStart(), witness::add)) {
            eventually(() -> witness.size() == 2 && witnessing.lastDeliveredPosition() >= 0);
        }
        Thread.sleep(100);
        assertEquals(1, seen.size());
    }

    @Test
    void subscription_requests_refuse_bad_starting_points() {
        assertThrows(IllegalArgumentException.class, () -> SubscriptionRequest.allFrom(-1));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionRequest.session(newSessionId(), 0));
        assertThrows(IllegalArgumentException.class, () -> store.subscribe(SubscriptionRequest.allFromStart(), null));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrent_appends_with_any_are_gapless_and_never_duplicated() throws Exception {
        List<SessionId> sessions = List.of(startedSession(), startedSession(), startedSession());
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Future<List<AppendResult>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<AppendResult> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        SessionId s = sessions.get((thread + i) % sessions.size());
                        mine.add(appendRetryingWhileBusy(s, ExpectedSequence.any(), message("t" + thread + "-" + i)));
                    }
                    return mine;
                }));
            }
            Map<SessionId, Set<Long>> assigned = new HashMap<>();
            for (Future<List<AppendResult>> f : results) {
                for (AppendResult r : f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    assertFalse(r.duplicate());
                    assertTrue(assigned.computeIfAbsent(r.session(), k -> new HashSet<>()).add(r.firstSequence()),
                            "sequence handed out twice");
                }
            }
            long total = 0;
            Set<String> messageIds = new HashSet<>();
            for (SessionId s : sessions) {
                List<RecordedEvent> events = store.read(s, 1, 100_000);
                assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(),
                        events.stream().map(RecordedEvent::sequence).toList(), "gapless in " + s);
                events.stream().skip(1).forEach(e -> assertTrue(
                        messageIds.add(((UserMessageReceived) e.event()).messageId()), "stored twice"));
                total += events.size() - 1;
            }
            assertEquals((long) threads * perThread, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_appends_with_exactly_report_conflicts_with_expected_and_actual() throws Exception {
        SessionId s = startedSession();
        int threads = 8;
        int attemptsEach = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        try {
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        long seen = store.readLast(s, 1).get(0).sequence();
                        CompletableFuture<AppendResult> f = store.append(s, ExpectedSequence.exactly(seen),
                                List.of(message("t" + thread + "-" + i)));
                        try {
                            AppendResult r = f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                            assertEquals(seen + 1, r.firstSequence());
                            stored.incrementAndGet();
                        } catch (ExecutionException e) {
                            if (e.getCause() instanceof StoreBusyException) {
                                continue;
                            }
                            WrongExpectedSequenceException w = assertInstanceOf(WrongExpectedSequenceException.class,
                                    e.getCause());
                            assertEquals(seen, w.expected().value());
                            assertTrue(w.actual() > seen, "actual " + w.actual() + " must be past " + seen);
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RecordedEvent> events = store.read(s, 1, 100_000);
        assertEquals(1 + stored.get(), events.size());
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(),
                events.stream().map(RecordedEvent::sequence).toList());
        assertTrue(stored.get() >= attemptsEach, "every round has a winner; stored only " + stored.get());
        assertTrue(conflicts.get() > 0 || stored.get() == threads * attemptsEach);
    }

    @Test
    void a_flood_of_appends_never_blocks_forever() {
        SessionId s = startedSession();
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            futures.add(store.append(s, ExpectedSequence.any(), List.of(message("flood-" + i))));
        }
        int stored = 0;
        for (CompletableFuture<AppendResult> f : futures) {
            try {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                stored++;
            } catch (ExecutionException e) {
                StoreBusyException busy = assertInstanceOf(StoreBusyException.class, e.getCause());
                assertTrue(busy.retryable());
            } catch (InterruptedException | TimeoutException e) {
                fail("an append neither completed nor was refused: " + e);
            }
        }
        assertEquals(1 + stored, store.readLast(s, 1).get(0).sequence());
    }

    // ---------------------------------------------------------------- closing

    @Test
    void appends_after_close_fail_with_store_closed() {
        SessionId s = startedSession();
        store.close();
        failure(StoreClosedException.class, store.append(s, ExpectedSequence.any(), List.of(message("late"))));
        SessionStoreException e = assertThrows(SessionStoreException.class,
                () -> store.session(s).receiveUserMessage("late-2", "hello"));
        assertInstanceOf(StoreClosedException.class, e);
    }

    @Test
    void appends_accepted_before_close_are_completed() {
        SessionId s = startedSession();
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(store.append(s, ExpectedSequence.any(), List.of(message("m" + i))));
        }
        store.close();
        store.close();
        for (CompletableFuture<AppendResult> f : futures) {
            assertTrue(f.isDone(), "close returned with an accepted append pending");
            if (f.isCompletedExceptionally()) {
                assertInstanceOf(StoreBusyException.class, failureOf(f));
            }
        }
    }

    @Test
    void subscribing_to_a_closed_store_fails_with_store_closed() {
        store.close();
        assertThrows(StoreClosedException.class, () -> store.subscribe(SubscriptionRequest.allFromStart(), e -> { }));
    }

    // ---------------------------------------------------------------- the session handle

    @Test
    void receive_user_message_starts_a_session_that_does_not_exist() {
        SessionId s = newSessionId();
        SessionHandle handle = store.session(s);
        assertEquals(s, handle.id());
        AppendResult result = handle.receiveUserMessage("m1", "hello");
        assertEquals(2, result.lastSequence());
        List<RecordedEvent> events = store.read(s, 1, 10);
        SessionStarted start = assertInstanceOf(SessionStarted.class, events.get(0).event());
        assertEquals(SessionStarted.Reason.INITIAL, start.reason());
        assertNull(start.sessionKey());
        assertInstanceOf(UserMessageReceived.class, events.get(1).event());
        assertEquals(3, handle.receiveUserMessage("m2", "again").lastSequence());
        assertEquals(3, handle.lastEvents(10).size());
    }

    @Test
    void concurrent_first_messages_start_the_session_exactly_once() throws Exception {
        SessionId s = newSessionId();
        int senders = 8;
        CyclicBarrier go = new CyclicBarrier(senders);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<AppendResult>> sent = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    go.await();
                    return store.session(s).receiveUserMessage("m" + n, "hello " + n);
                }));
            }
            for (Future<AppendResult> f : sent) {
                assertFalse(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).duplicate());
            }
        } finally {
            pool.shutdownNow();
        }
        List<RecordedEvent> events = store.read(s, 1, 100);
        assertEquals(senders + 1, events.size());
        assertInstanceOf(SessionStarted.class, events.get(0).event());
        assertEquals(senders, events.stream().filter(e -> e.event() instanceof UserMessageReceived).count());
    }

    @Test
    void starting_through_the_handle_twice_is_a_duplicate() {
        SessionId s = newSessionId();
        SessionHandle handle = store.session(s);
        assertFalse(handle.start(started(s)).duplicate());
        assertTrue(handle.start(started(s)).duplicate());
        assertEquals(keyOf(s), handle.summary().orElseThrow().sessionKey());
    }

    @Test
    void a_model_call_closed_without_an_outcome_is_cancelled() {
        SessionHandle handle = handleWithMessage();
        CallId id;
        try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
            id = call.callId();
            assertFalse(call.ended());
        }
        RecordedEvent last = handle.lastEvents(1).get(0);
        ModelCallFailed cancelled = assertInstanceOf(ModelCallFailed.class, last.event());
        assertEquals(id, cancelled.callId());
        assertEquals(FailureKind.CANCELLED, cancelled.kind());
        assertEquals(0, handle.summary().orElseThrow().openCalls());
    }

    @Test
    void a_completed_call_records_its_answer_and_closes_quietly() {
        SessionHandle handle = handleWithMessage();
        try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
            AppendResult result = call.completeWithText("hello back", Usage.of(10, 5));
            assertEquals(4, result.lastSequence());
            assertTrue(call.ended());
        }
        List<RecordedEvent> events = handle.lastEvents(10);
        assertEquals(4, events.size());
        ModelCallCompleted completed = assertInstanceOf(ModelCallCompleted.class, events.get(3).event());
        assertEquals(List.of(new ContentBlock.Text("hello back")), completed.content());
    }

    @Test
    void the_call_deadline_is_the_clock_plus_the_timeout() {
        SessionHandle handle = handleWithMessage();
        Instant now = clock.instant();
        try (ModelCall call = handle.startModelCall(CallId.of("retry-2"), "openai", "gpt-5", 2, Duration.ofSeconds(90))) {
            ModelCallStarted started = assertInstanceOf(ModelCallStarted.class, handle.lastEvents(1).get(0).event());
            assertEquals(now.plusSeconds(90), started.deadline());
            assertEquals(2, started.attempt());
            assertEquals(CallId.of("retry-2"), call.callId());
        }
        assertThrows(IllegalArgumentException.class, () -> handle.startModelCall("openai", "gpt-5", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> handle.startModelCall("openai", "gpt-5", Duration.ofSeconds(-1)));
    }

    @Test
    void a_provider_error_is_classified_and_recorded() {
        SessionHandle handle = handleWithMessage();
        try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
            call.fail(ProviderError.http("anthropic", 429, "{\"error\":\"rate_limit_error\"}")
                    .withRetryAfter(Duration.ofSeconds(30)));
            assertTrue(call.ended());
        }
        ModelCallFailed failed = assertInstanceOf(ModelCallFailed.class, handle.lastEvents(1).get(0).event());
        assertEquals(FailureKind.RATE_LIMITED, failed.kind());
        assertEquals(429, failed.httpStatus());
        assertEquals(Duration.ofSeconds(30), failed.retryAfter());
        assertEquals("anthropic", failed.provider());
        assertEquals("claude-sonnet-4-6", failed.model());
        assertEquals(4, handle.lastEvents(100).size());
    }

    @Test
    void a_thrown_failure_is_recorded_with_its_type() {
        SessionHandle handle = handleWithMessage();
        try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
            call.fail(new IllegalStateException("wrapper", new IOException("connection reset")));
        }
        ModelCallFailed failed = assertInstanceOf(ModelCallFailed.class, handle.lastEvents(1).get(0).event());
        assertEquals("connection reset", failed.providerMessage());
        assertNotEquals(FailureKind.CANCELLED, failed.kind());
        assertEquals(4, handle.lastEvents(100).size());
    }

    @Test
    void closing_a_call_the_watchdog_ended_does_nothing_and_completing_it_is_refused() {
        SessionHandle handle = handleWithMessage();
        ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(6));
        watchdog().endOverdueCalls();
        assertThrows(CallAlreadyEndedException.class, () -> call.completeWithText("too late", Usage.NONE));
        call.close();
        List<RecordedEvent> events = handle.lastEvents(100);
        assertEquals(4, events.size());
        assertEquals(FailureKind.TIMEOUT, ((ModelCallFailed) events.get(3).event()).kind());
    }

    @Test
    void handle_errors_are_the_store_exceptions_themselves() {
        SessionId s = startedSession();
        SessionHandle handle = store.session(s);
        handle.end(SessionEnded.Reason.RESET);
        assertThrows(SessionEndedException.class, () -> handle.receiveUserMessage("m1", "hello"));
        assertThrows(SessionEndedException.class, () -> handle.recordDelivery("d1", "t", "x"));
    }

    @Test
    void every_handle_method_stores_its_event() {
        SessionHandle handle = handleWithMessage();
        handle.recordToolResult("tool-1", "search", List.of(new ContentBlock.Text("found")), false);
        handle.changeSettings(SettingsChanged.thinkingLevel("high"));
        handle.compact("summary so far", 2, 1000);
        handle.recordDelivery("d1", "telegram:1", "reply");
        handle.abortTurn(dev.sessionlog.event.TurnAborted.Reason.USER_STOP, null);
        handle.end(SessionEnded.Reason.ARCHIVED);
        List<String> types = handle.lastEvents(100).stream().map(e -> e.event().getClass().getSimpleName()).toList();
        assertEquals(List.of("SessionStarted", "UserMessageReceived", "ToolResultRecorded", "SettingsChanged",
                "TranscriptCompacted", "DeliveryRecorded", "TurnAborted", "SessionEnded"), types);
    }

    // ---------------------------------------------------------------- field failures (field-failures.md)

    /** Field failure 1: a hung provider call must not hold the session. */
    @Test
    void a_hung_model_call_does_not_block_the_next_message() throws Exception {
        SessionHandle handle = handleWithMessage();
        ModelCall hung = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60));
        // The provider never answers: nothing is held, so the next message is stored at once.
        AppendResult next = CompletableFuture.supplyAsync(() -> handle.receiveUserMessage("m2", "are you there?"))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(4, next.lastSequence());
        clock.advance(Duration.ofSeconds(61));
        watchdog().endOverdueCalls();
        RecordedEvent last = handle.lastEvents(1).get(0);
        ModelCallFailed timeout = assertInstanceOf(ModelCallFailed.class, last.event());
        assertEquals(hung.callId(), timeout.callId());
        assertEquals(FailureKind.TIMEOUT, timeout.kind());
        assertEquals(SessionSummary.State.IDLE, handle.summary().orElseThrow().state());
        assertEquals(FailureKind.TIMEOUT, handle.summary().orElseThrow().lastFailure());
        List<UserNotice> notices = handle.notices();
        assertEquals(1, notices.size(), "the user is told about the ended call");
        assertEquals(FailureKind.TIMEOUT, notices.get(0).kind());
        assertEquals(hung.callId(), notices.get(0).callId());
        hung.close();
        assertEquals(5, handle.lastEvents(100).size());
        assertEquals(6, handle.receiveUserMessage("m3", "hello again").lastSequence());
    }

    /** Field failure 2: a store error must never read like a provider timeout. */
    @Test
    void store_errors_are_typed_and_never_read_like_a_provider_timeout() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), callStarted(CallId.of("c1")), completed(CallId.of("c1")));
        List<Throwable> errors = new ArrayList<>();
        errors.add(failureOf(store.append(s, ExpectedSequence.exactly(1), List.of(message("x")))));
        errors.add(failureOf(store.append(s, ExpectedSequence.any(), List.of(completed(CallId.of("unknown"))))));
        errors.add(failureOf(store.append(s, ExpectedSequence.any(),
                List.of(ModelCallFailed.of(CallId.of("c1"), null, null, FailureKind.UNKNOWN)))));
        errors.add(failureOf(store.append(s, ExpectedSequence.any(),
                List.of(UserMessageReceived.text("big", "z".repeat(maxEventBytes() + 1))))));
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        errors.add(failureOf(store.append(s, ExpectedSequence.any(), List.of(message("late")))));
        store.close();
        errors.add(failureOf(store.append(s, ExpectedSequence.any(), List.of(message("closed")))));
        errors.add(new StoreBusyException(16));
        for (Throwable e : errors) {
            assertInstanceOf(SessionStoreException.class, e);
            String text = e.getMessage().toLowerCase(Locale.ROOT);
            assertFalse(text.contains("timeout") || text.contains("timed out"), "reads like a timeout: " + text);
        }
        assertEquals(List.of(WrongExpectedSequenceException.class, InvalidEventException.class,
                CallAlreadyEndedException.class, InvalidEventException.class, SessionEndedException.class,
                StoreClosedException.class, StoreBusyException.class),
                errors.stream().map(Object::getClass).toList());
    }

    /** Field failure 5: appends during a model call are sequenced, and the call's result lands after them. */
    @Test
    void concurrent_appends_during_an_open_call_are_sequenced_and_the_result_lands_after_them() throws Exception {
        SessionHandle handle = handleWithMessage();
        try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<AppendResult>> writes = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    writes.add(pool.submit(() -> n % 2 == 0
                            ? handle.recordDelivery("cron-" + n, "telegram:1", "announcement " + n)
                            : handle.changeSettings(SettingsChanged.model("openai", "gpt-" + n))));
                }
                for (Future<AppendResult> w : writes) {
                    assertFalse(w.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).duplicate());
                }
            } finally {
                pool.shutdownNow();
            }
            AppendResult result = call.completeWithText("the turn's answer", Usage.of(1, 1));
            assertEquals(24, result.lastSequence());
        }
        List<RecordedEvent> events = handle.lastEvents(100);
        assertEquals(24, events.size());
        assertInstanceOf(ModelCallCompleted.class, events.get(23).event());
        assertEquals(20, events.stream().filter(e -> e.sequence() > 3 && e.sequence() < 24).count());
    }

    /** Field failure 7: the index is per session: updating one entry touches no other, at any count. */
    @Test
    void updating_one_session_leaves_every_other_index_entry_untouched_among_a_thousand() {
        List<SessionId> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(startedSession());
        }
        Map<SessionId, SessionSummary> before = store.sessions(SessionQuery.all()).stream()
                .collect(Collectors.toMap(SessionSummary::sessionId, x -> x));
        assertEquals(1000, before.size());
        clock.advance(Duration.ofSeconds(1));
        SessionId touched = ids.get(500);
        append(touched, ExpectedSequence.any(), SettingsChanged.model("anthropic", "claude-opus-4"));
        List<SessionSummary> after = store.sessions(SessionQuery.all());
        assertEquals(1000, after.size());
        assertEquals(touched, after.get(0).sessionId());
        assertEquals("claude-opus-4", after.get(0).model());
        for (SessionSummary summary : after.subList(1, after.size())) {
            assertEquals(before.get(summary.sessionId()), summary);
        }
        assertEquals(before.get(ids.get(3)), store.summary(ids.get(3)).orElseThrow());
    }

    /** Field failure 8: concurrent settings changes to one session are never lost. */
    @Test
    void fifty_concurrent_settings_changes_to_one_session_all_survive_in_sequence_order() throws Exception {
        SessionHandle handle = store.session(startedSession());
        CyclicBarrier go = new CyclicBarrier(50);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<AppendResult>> changes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                changes.add(pool.submit(() -> {
                    go.await();
                    return handle.changeSettings(new SettingsChanged(null, null, null, Map.of("setting-" + n, "v")));
                }));
            }
            Set<Long> sequences = new HashSet<>();
            for (Future<AppendResult> c : changes) {
                sequences.add(c.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).firstSequence());
            }
            assertEquals(LongStream.rangeClosed(2, 51).boxed().collect(Collectors.toSet()), sequences);
        } finally {
            pool.shutdownNow();
        }
        List<RecordedEvent> events = handle.lastEvents(100);
        Set<String> keys = new HashSet<>();
        for (RecordedEvent e : events.subList(1, events.size())) {
            keys.addAll(((SettingsChanged) e.event()).other().keySet());
        }
        assertEquals(50, keys.size());
        assertEquals(LongStream.rangeClosed(1, 51).boxed().toList(), events.stream().map(RecordedEvent::sequence).toList());
    }

    /** Field failure 10: every started call gets exactly one terminal event, whatever path ends it. */
    @Test
    void every_started_call_ends_in_exactly_one_terminal_event() {
        SessionHandle handle = handleWithMessage();
        try (ModelCall ok = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60))) {
            ok.completeWithText("fine", Usage.NONE);
        }
        try (ModelCall failed = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60))) {
            failed.fail(ProviderError.http("anthropic", 529, "overloaded_error"));
        }
        try (ModelCall forgotten = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60))) {
            assertNotNull(forgotten.callId()); // the gateway code throws or returns without an outcome
        }
        ModelCall hung = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        watchdog().endOverdueCalls();
        hung.close();
        ModelCall cutByReset = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60));
        handle.end(SessionEnded.Reason.RESET);
        cutByReset.close();

        Map<CallId, Integer> terminals = new HashMap<>();
        Set<CallId> started = new HashSet<>();
        for (RecordedEvent e : store.read(handle.id(), 1, 1000)) {
            if (e.event() instanceof ModelCallStarted s) {
                started.add(s.callId());
            } else if (e.event() instanceof ModelCallCompleted c) {
                terminals.merge(c.callId(), 1, Integer::sum);
            } else if (e.event() instanceof ModelCallFailed f) {
                terminals.merge(f.callId(), 1, Integer::sum);
            }
        }
        assertEquals(5, started.size());
        assertEquals(started, terminals.keySet());
        assertTrue(terminals.values().stream().allMatch(n -> n == 1), terminals.toString());
        assertEquals(0, store.summary(handle.id()).orElseThrow().openCalls());
    }

    /** Field failure 12: the user's message is stored before the call and survives its failure. */
    @Test
    void the_user_message_is_stored_before_the_call_and_survives_its_failure() {
        SessionHandle handle = store.session(newSessionId());
        handle.receiveUserMessage("m1", "please answer");
        try (ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60))) {
            List<RecordedEvent> duringCall = handle.lastEvents(10);
            assertInstanceOf(UserMessageReceived.class, duringCall.get(1).event());
            call.fail(new HttpTimeoutException("request timed out"));
        }
        List<RecordedEvent> events = handle.lastEvents(10);
        assertEquals(4, events.size());
        UserMessageReceived message = assertInstanceOf(UserMessageReceived.class, events.get(1).event());
        assertEquals("m1", message.messageId());
        assertInstanceOf(ModelCallStarted.class, events.get(2).event());
        assertInstanceOf(ModelCallFailed.class, events.get(3).event());
    }

    /** Field failure 13: failover retries and delivery mirrors are no-ops. */
    @Test
    void a_retried_message_and_a_mirrored_delivery_are_no_ops() {
        SessionHandle handle = store.session(newSessionId());
        AppendResult first = handle.receiveUserMessage("tg-1001", "hello");
        AppendResult retried = handle.receiveUserMessage("tg-1001", "hello");
        assertTrue(retried.duplicate());
        assertEquals(first.lastSequence(), retried.firstSequence());
        AppendResult delivered = handle.recordDelivery("out-7", "telegram:1", "hi there");
        AppendResult mirrored = handle.recordDelivery("out-7", "telegram:1", "hi there");
        assertTrue(mirrored.duplicate());
        assertEquals(delivered.firstSequence(), mirrored.firstSequence());
        assertEquals(3, handle.lastEvents(100).size());
    }

    /** Field failure 14: the raw log keeps an orphaned tool call exactly as it happened. */
    @Test
    void an_orphaned_tool_call_is_kept_as_it_happened() {
        SessionHandle handle = handleWithMessage();
        ContentBlock.ToolCall toolCall = new ContentBlock.ToolCall("toolu_1", "search", "{\"q\":\"x\"}");
        try (ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(60))) {
            call.complete(List.of(new ContentBlock.Text("let me look"), toolCall), Usage.NONE, "toolUse");
        }
        // The stream was aborted: no result for toolu_1, and a result for a call nobody made.
        handle.abortTurn(dev.sessionlog.event.TurnAborted.Reason.USER_STOP, null);
        handle.recordToolResult("toolu_ghost", "search", List.of(new ContentBlock.Text("stale")), false);
        List<RecordedEvent> events = handle.lastEvents(100);
        assertEquals(6, events.size());
        ModelCallCompleted completed = assertInstanceOf(ModelCallCompleted.class, events.get(3).event());
        assertEquals(toolCall, completed.content().get(1));
        ToolResultRecorded ghost = assertInstanceOf(ToolResultRecorded.class, events.get(5).event());
        assertEquals("toolu_ghost", ghost.toolCallId());
        assertTrue(events.stream().noneMatch(e -> e.event() instanceof ToolResultRecorded t
                && t.toolCallId().equals("toolu_1")));
    }

    /** Field failure 15: a reset races a live turn; the old turn's late events never reach the new session. */
    @Test
    void a_reset_keeps_the_old_turns_late_events_out_of_the_new_session() {
        SessionId oldId = newSessionId();
        SessionKey key = keyOf(oldId);
        SessionHandle old = store.session(oldId);
        old.start(SessionStarted.initial(key, "main", "telegram"));
        old.receiveUserMessage("m1", "long question");
        ModelCall live = old.startModelCall("anthropic", "claude", Duration.ofSeconds(600));

        old.end(SessionEnded.Reason.RESET);
        SessionId newId = newSessionId();
        SessionHandle fresh = store.session(newId);
        fresh.start(new SessionStarted(key, "main", "telegram", null, SessionStarted.Reason.RESET, null));

        assertThrows(SessionEndedException.class, () -> live.completeWithText("late answer", Usage.NONE));
        live.close();
        assertEquals(1, fresh.lastEvents(100).size());
        assertTrue(fresh.lastEvents(100).stream().noneMatch(e -> e.event() instanceof ModelCallCompleted
                || e.event() instanceof ModelCallFailed));
        List<RecordedEvent> oldEvents = old.lastEvents(100);
        assertInstanceOf(SessionEnded.class, oldEvents.get(oldEvents.size() - 1).event());
        assertEquals(List.of(newId, oldId), ids(store.sessions(SessionQuery.byKey(key))));
        assertEquals(List.of(newId), ids(store.sessions(SessionQuery.byKey(key).limit(10)).stream()
                .filter(x -> !x.ended()).toList()));
    }

    // ---------------------------------------------------------------- the order of the checks (SessionStore#append)

    @Test
    void a_malformed_append_is_invalid_whatever_the_state_of_its_session() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), message("a"), new SessionEnded(SessionEnded.Reason.RESET));
        InvalidEventException e = failure(InvalidEventException.class, store.append(s, ExpectedSequence.exactly(99),
                List.of(message("b"), message("b"))));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.exactly(99),
                List.of(new SessionEnded(SessionEnded.Reason.RESET), message("after"))));
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void a_retry_of_a_stored_append_is_a_duplicate_even_after_the_session_ended() {
        SessionId s = startedSession();
        AppendResult first = append(s, ExpectedSequence.exactly(1), message("a"), message("b"));
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        AppendResult retry = append(s, ExpectedSequence.exactly(1), message("a"), message("b"));
        assertTrue(retry.duplicate());
        assertEquals(first.firstSequence(), retry.firstSequence());
        assertEquals(first.lastSequence(), retry.lastSequence());
        assertEquals(4, store.readLast(s, 10).size());
    }

    @Test
    void an_ended_session_is_reported_before_a_wrong_expected_sequence() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.EXPIRED));
        SessionEndedException e = failure(SessionEndedException.class,
                store.append(s, ExpectedSequence.exactly(7), List.of(message("late"))));
        assertEquals(SessionEnded.Reason.EXPIRED, e.reason());
        failure(SessionEndedException.class, store.append(s, ExpectedSequence.noSession(),
                List.of(completed(CallId.of("never-started")))));
    }

    @Test
    void a_wrong_expected_sequence_is_reported_before_the_events_are_checked_against_the_session() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call), completed(call));
        SessionStarted another = SessionStarted.initial(SessionKey.of("another:key"), "main", "telegram");
        WrongExpectedSequenceException restart = failure(WrongExpectedSequenceException.class,
                store.append(s, ExpectedSequence.noSession(), List.of(another)));
        assertEquals(ExpectedSequence.noSession(), restart.expected());
        assertEquals(3, restart.actual());
        assertEquals(s, restart.session());
        WrongExpectedSequenceException unknownCall = failure(WrongExpectedSequenceException.class,
                store.append(s, ExpectedSequence.exactly(1), List.of(completed(CallId.of("never-started")))));
        assertEquals(3, unknownCall.actual());
        failure(WrongExpectedSequenceException.class, store.append(s, ExpectedSequence.exactly(2),
                List.of(ModelCallFailed.of(call, "anthropic", "claude", FailureKind.UNKNOWN))));
        failure(WrongExpectedSequenceException.class, store.append(s, ExpectedSequence.exactly(2),
                List.of(new ModelCallStarted(call, "openai", "gpt-5", 1, null))));
        failure(WrongExpectedSequenceException.class, store.append(newSessionId(), ExpectedSequence.exactly(4),
                List.of(message("no start"))));
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void the_events_are_checked_against_the_session_once_the_expected_sequence_holds() {
        SessionId s = startedSession();
        CallId call = CallId.of("c1");
        append(s, ExpectedSequence.any(), callStarted(call), completed(call));
        SessionStarted another = SessionStarted.initial(SessionKey.of("another:key"), "main", "telegram");
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.exactly(3), List.of(another)));
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.exactly(3),
                List.of(completed(CallId.of("never-started")))));
        failure(CallAlreadyEndedException.class, store.append(s, ExpectedSequence.exactly(3),
                List.of(ModelCallFailed.of(call, "anthropic", "claude", FailureKind.UNKNOWN))));
        failure(InvalidEventException.class, store.append(newSessionId(), ExpectedSequence.noSession(),
                List.of(message("no start"))));
        assertEquals(3, store.readLast(s, 10).size());
    }

    @Test
    void event_sizes_are_checked_after_every_session_rule() {
        SessionId s = startedSession();
        UserMessageReceived huge = UserMessageReceived.text("big", "z".repeat(maxEventBytes() + 1));
        failure(WrongExpectedSequenceException.class, store.append(s, ExpectedSequence.exactly(5), List.of(huge)));
        InvalidEventException unknownCall = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(huge, completed(CallId.of("never-started")))));
        assertTrue(unknownCall.getMessage().contains("never-started"), unknownCall.getMessage());
        append(s, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        failure(SessionEndedException.class, store.append(s, ExpectedSequence.any(), List.of(huge)));
        assertEquals(2, store.readLast(s, 10).size());
    }

    // ---------------------------------------------------------------- the session's start and a racing message

    @Test
    void a_message_racing_the_start_of_its_session_is_stored_once_under_the_started_key() throws Exception {
        int trials = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int trial = 0; trial < trials; trial++) {
                SessionId s = newSessionId();
                SessionHandle handle = store.session(s);
                CyclicBarrier go = new CyclicBarrier(2);
                Future<AppendResult> start = pool.submit(() -> {
                    go.await();
                    return handle.start(started(s));
                });
                Future<AppendResult> message = pool.submit(() -> {
                    go.await();
                    return handle.receiveUserMessage("m1", "hi");
                });
                assertFalse(message.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).duplicate(), "trial " + trial);
                start.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

                List<RecordedEvent> events = store.read(s, 1, 100);
                assertInstanceOf(SessionStarted.class, events.get(0).event(), "trial " + trial);
                assertEquals(1, events.stream().filter(e -> e.event() instanceof UserMessageReceived m
                        && m.messageId().equals("m1")).count(), "trial " + trial + ": " + events);
                SessionSummary summary = store.summary(s).orElseThrow();
                assertEquals(keyOf(s), summary.sessionKey(), "trial " + trial + ": " + events);
                assertEquals("main", summary.agentId());
                assertEquals("telegram", summary.channel());
                assertEquals(1, summary.messageCount());
                assertEquals(List.of(s), ids(store.sessions(SessionQuery.byKey(keyOf(s)))));
                assertTrue(handle.start(started(s)).duplicate(), "a retried start changes nothing");
                assertEquals(events.size(), store.read(s, 1, 100).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void starting_a_session_that_already_started_is_a_duplicate_and_never_throws() {
        SessionId s = newSessionId();
        SessionHandle handle = store.session(s);
        handle.start(started(s));
        handle.receiveUserMessage("m1", "hello");
        AppendResult again = handle.start(SessionStarted.initial(SessionKey.of("another:key"), "other", "slack"));
        assertTrue(again.duplicate());
        assertEquals(1, again.firstSequence());
        assertEquals(1, again.lastSequence());
        assertEquals(store.read(s, 1, 1).get(0).position(), again.position());
        assertTrue(handle.start(new SessionStarted(null, null, null, null, SessionStarted.Reason.INITIAL, null))
                .duplicate());
        SessionSummary summary = handle.summary().orElseThrow();
        assertEquals(keyOf(s), summary.sessionKey());
        assertEquals("main", summary.agentId());
        assertEquals(2, store.readLast(s, 10).size());
    }

    @Test
    void starting_a_session_a_message_already_started_records_the_key() {
        SessionId s = newSessionId();
        SessionHandle handle = store.session(s);
        handle.receiveUserMessage("m1", "hello");
        assertNull(handle.summary().orElseThrow().sessionKey());
        AppendResult keyed = handle.start(started(s));
        assertFalse(keyed.duplicate());
        assertEquals(3, keyed.firstSequence());
        SessionSummary summary = handle.summary().orElseThrow();
        assertEquals(keyOf(s), summary.sessionKey());
        assertEquals("main", summary.agentId());
        assertEquals("telegram", summary.channel());
        assertEquals(List.of(s), ids(store.sessions(SessionQuery.byKey(keyOf(s)))));
        AppendResult retried = handle.start(started(s));
        assertTrue(retried.duplicate());
        assertEquals(3, retried.firstSequence());
        assertTrue(handle.start(SessionStarted.initial(SessionKey.of("another:key"), "main", "telegram")).duplicate());
        assertEquals(keyOf(s), handle.summary().orElseThrow().sessionKey());
        assertEquals(3, store.readLast(s, 10).size());
        assertEquals(4, handle.receiveUserMessage("m2", "again").lastSequence());
    }

    @Test
    void starting_an_ended_session_changes_nothing_unless_a_key_would_be_lost() {
        SessionId ended = startedSession();
        append(ended, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        assertTrue(store.session(ended).start(SessionStarted.initial(SessionKey.of("another:key"), "main", "slack"))
                .duplicate());
        SessionId deleted = startedSession();
        append(deleted, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.DELETED));
        SessionEndedException gone = assertThrows(SessionEndedException.class,
                () -> store.session(deleted).start(SessionStarted.initial(SessionKey.of("another:key"), "main", "x")));
        assertEquals(SessionEnded.Reason.DELETED, gone.reason());
        SessionHandle keyless = store.session(newSessionId());
        keyless.receiveUserMessage("m1", "hello");
        keyless.end(SessionEnded.Reason.EXPIRED);
        SessionEndedException tooLate = assertThrows(SessionEndedException.class,
                () -> keyless.start(started(keyless.id())));
        assertEquals(SessionEnded.Reason.EXPIRED, tooLate.reason());
        assertNull(keyless.summary().orElseThrow().sessionKey());
        assertEquals(2, store.readLast(ended, 10).size());
    }

    // ---------------------------------------------------------------- a retried model-call start

    @Test
    void a_retried_model_call_start_with_the_same_call_id_is_a_duplicate() {
        SessionHandle handle = handleWithMessage();
        Instant firstDeadline = clock.instant().plusSeconds(60);
        ModelCall first = handle.startModelCall(CallId.of("c1"), "openai", "gpt-5", 1, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(5));
        ModelCall retried = handle.startModelCall(CallId.of("c1"), "openai", "gpt-5", 1, Duration.ofSeconds(60));
        assertEquals(first.callId(), retried.callId());
        List<RecordedEvent> events = handle.lastEvents(100);
        assertEquals(3, events.size());
        assertEquals(firstDeadline, ((ModelCallStarted) events.get(2).event()).deadline(), "the first deadline stands");
        retried.completeWithText("answer", Usage.NONE);
        first.close();
        assertEquals(4, handle.lastEvents(100).size());

        AppendResult again = append(handle.id(), ExpectedSequence.any(), new ModelCallStarted(CallId.of("c1"), "openai",
                "gpt-5", 1, null));
        assertTrue(again.duplicate());
        assertEquals(3, again.firstSequence());
        failure(InvalidEventException.class, store.append(handle.id(), ExpectedSequence.any(),
                List.of(new ModelCallStarted(CallId.of("c1"), "openai", "gpt-5", 2, firstDeadline))));
        failure(InvalidEventException.class, store.append(handle.id(), ExpectedSequence.any(),
                List.of(new ModelCallStarted(CallId.of("c1"), "openai", "gpt-5-mini", 1, firstDeadline))));
        assertEquals(4, handle.lastEvents(100).size());
    }

    // ---------------------------------------------------------------- idempotency keys

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000inside", "new\nline", "right-to-left \u202Eoverride", "zero\u200Bwidth",
        "half \uD83D surrogate", "\uDE00 low first", "line\u2028separator"})
    void a_hostile_idempotency_key_is_refused_and_nothing_is_stored(String key) {
        SessionId s = startedSession();
        InvalidEventException asMessage = failure(InvalidEventException.class,
                store.append(s, ExpectedSequence.any(), List.of(message("ok"), message(key))));
        assertTrue(asMessage.getMessage().length() < 500, "the error must not echo the key");
        failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(new DeliveryRecorded(key, "telegram:1", "hi"))));
        if (!key.chars().anyMatch(Character::isISOControl)) { // a CallId refuses those itself
            failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                    List.of(callStarted(CallId.of(key)))));
        }
        SessionHandle fresh = store.session(newSessionId());
        assertThrows(InvalidEventException.class, () -> fresh.receiveUserMessage(key, "hello"));
        assertTrue(fresh.summary().isEmpty(), "the message's session must not be started either");
        assertEquals(1, store.readLast(s, 10).size());
    }

    @Test
    void an_idempotency_key_longer_than_a_call_id_is_refused() {
        SessionId s = startedSession();
        String longest = "k".repeat(CallId.MAX_LENGTH);
        assertFalse(append(s, ExpectedSequence.any(), message(longest)).duplicate());
        assertTrue(append(s, ExpectedSequence.any(), message(longest)).duplicate());
        InvalidEventException e = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(message("k".repeat(CallId.MAX_LENGTH + 1)))));
        assertTrue(e.getMessage().contains(String.valueOf(CallId.MAX_LENGTH)), e.getMessage());
        InvalidEventException huge = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(new DeliveryRecorded("d".repeat(100_000), null, "hi"))));
        assertTrue(huge.getMessage().length() < 500, "the error must not echo the key");
        assertEquals(2, store.readLast(s, 10).size());
    }

    // ---------------------------------------------------------------- size limits shared by every store

    @Test
    void one_append_of_forty_events_of_275_kb_is_refused_and_stores_nothing() {
        SessionId s = startedSession();
        List<SessionEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(UserMessageReceived.text("big-" + i, "w".repeat(275 * 1024)));
        }
        InvalidEventException e = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(), events));
        assertTrue(e.getMessage().matches("(?s).*the append encodes to \\d{8,} bytes, more than the "
                + AppendLimits.MAX_APPEND_BYTES + " one append may take.*"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "the message must not echo the events");
        assertEquals(1, store.readLast(s, 10).size());
    }

    /** Every store has the limits of {@link AppendLimits}, to the byte, with the same messages. */
    @Test
    void the_size_limits_are_those_of_append_limits_to_the_byte() {
        SessionId s = startedSession();
        int base = encodedSize(s, 2, "m2", "");
        String exactlyTheLimit = "w".repeat(AppendLimits.MAX_EVENT_BYTES - base);
        assertEquals(AppendLimits.MAX_EVENT_BYTES, encodedSize(s, 2, "m2", exactlyTheLimit));
        InvalidEventException overEvent = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(UserMessageReceived.text("m2", exactlyTheLimit + "w"))));
        assertTrue(overEvent.getMessage().contains("is " + (AppendLimits.MAX_EVENT_BYTES + 1) + " bytes encoded, more"
                + " than the limit of " + AppendLimits.MAX_EVENT_BYTES + " bytes"), overEvent.getMessage());
        assertEquals(2, append(s, ExpectedSequence.any(), UserMessageReceived.text("m2", exactlyTheLimit))
                .lastSequence());

        int half = AppendLimits.MAX_APPEND_BYTES / 2;
        String first = "w".repeat(half - encodedSize(s, 3, "m3", ""));
        String second = "w".repeat(AppendLimits.MAX_APPEND_BYTES - half - encodedSize(s, 4, "m4", ""));
        InvalidEventException overAppend = failure(InvalidEventException.class, store.append(s, ExpectedSequence.any(),
                List.of(UserMessageReceived.text("m3", first), UserMessageReceived.text("m4", second + "w"))));
        assertTrue(overAppend.getMessage().contains("the append encodes to " + (AppendLimits.MAX_APPEND_BYTES + 1)
                + " bytes, more than the " + AppendLimits.MAX_APPEND_BYTES + " one append may take"),
                overAppend.getMessage());
        assertEquals(4, append(s, ExpectedSequence.any(), UserMessageReceived.text("m3", first),
                UserMessageReceived.text("m4", second)).lastSequence());
    }

    /** The bytes a text message takes as the store encodes it at {@code sequence}, now. */
    private int encodedSize(SessionId s, long sequence, String messageId, String text) {
        return EventCodec.standard().encode(new RecordedEvent(-1, s, sequence, EventId.random(), clock.instant(),
                UserMessageReceived.text(messageId, text), EventMetadata.EMPTY)).length;
    }

    @Test
    void one_append_of_twenty_events_of_275_kb_is_stored() {
        SessionId s = startedSession();
        List<SessionEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(UserMessageReceived.text("big-" + i, "w".repeat(275 * 1024)));
        }
        assertEquals(21, append(s, ExpectedSequence.any(), events.toArray(SessionEvent[]::new)).lastSequence());
    }

    // ---------------------------------------------------------------- reopening (durable stores)

    @Test
    void reopening_keeps_every_event_and_continues_the_sequences() {
        SessionId s = sessionWithMessages(5);
        SessionStore reopened = reopen(store, clock);
        Assumptions.assumeTrue(reopened != null, "the store under test is not durable");
        store = reopened;
        assertEquals(6, store.read(s, 1, 100).size());
        assertEquals(7, append(s, ExpectedSequence.exactly(6), message("after reopen")).firstSequence());
        assertTrue(append(s, ExpectedSequence.any(), message("m1")).duplicate());
        assertEquals(7, store.summary(s).orElseThrow().lastSequence());
    }

    @Test
    void reopening_keeps_call_lifecycles_and_ended_sessions() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), callStarted(CallId.of("done")), completed(CallId.of("done")));
        SessionId ended = startedSession();
        append(ended, ExpectedSequence.any(), new SessionEnded(SessionEnded.Reason.RESET));
        SessionStore reopened = reopen(store, clock);
        Assumptions.assumeTrue(reopened != null, "the store under test is not durable");
        store = reopened;
        failure(CallAlreadyEndedException.class, store.append(s, ExpectedSequence.any(),
                List.of(ModelCallFailed.of(CallId.of("done"), null, null, FailureKind.UNKNOWN))));
        failure(SessionEndedException.class, store.append(ended, ExpectedSequence.any(), List.of(message("late"))));
    }

    @Test
    void reopening_ends_the_calls_left_open_as_interrupted() {
        SessionId s = startedSession();
        append(s, ExpectedSequence.any(), callStarted(CallId.of("in-flight")));
        SessionStore reopened = reopen(store, clock);
        Assumptions.assumeTrue(reopened != null, "the store under test is not durable");
        store = reopened;
        List<RecordedEvent> events = store.read(s, 1, 10);
        assertEquals(3, events.size());
        ModelCallFailed interrupted = assertInstanceOf(ModelCallFailed.class, events.get(2).event());
        assertEquals(CallId.of("in-flight"), interrupted.callId());
        assertEquals(FailureKind.INTERRUPTED, interrupted.kind());
        assertEquals(0, store.summary(s).orElseThrow().openCalls());
    }

    // ---------------------------------------------------------------- helpers

    protected SessionId newSessionId() {
        return SessionId.of("s-" + sessionNumbers.incrementAndGet());
    }

    protected static SessionKey keyOf(SessionId s) {
        return SessionKey.of("agent:main:telegram:direct:" + s.value());
    }

    protected static SessionStarted started(SessionId s) {
        return SessionStarted.initial(keyOf(s), "main", "telegram");
    }

    protected static UserMessageReceived message(String id) {
        return UserMessageReceived.text(id, "text of " + id);
    }

    protected ModelCallStarted callStarted(CallId id) {
        return callStarted(id, clock.instant().plusSeconds(60));
    }

    protected static ModelCallStarted callStarted(CallId id, Instant deadline) {
        return new ModelCallStarted(id, "anthropic", "claude-sonnet-4-6", 1, deadline);
    }

    protected ModelCallStarted callStarted(CallId id, String provider, String model) {
        return new ModelCallStarted(id, provider, model, 1, clock.instant().plusSeconds(60));
    }

    /** A session started under {@code key}, then the clock a second later (so sessions list in the order made). */
    protected SessionId sessionUnder(String key) {
        SessionId s = newSessionId();
        append(s, ExpectedSequence.noSession(), SessionStarted.initial(SessionKey.of(key), "main", "telegram"));
        clock.advance(Duration.ofSeconds(1));
        return s;
    }

    protected static ModelCallCompleted completed(CallId id) {
        return new ModelCallCompleted(id, List.of(new ContentBlock.Text("answer")), Usage.of(3, 4), "stop");
    }

    protected SessionId startedSession() {
        SessionId s = newSessionId();
        append(s, ExpectedSequence.noSession(), started(s));
        return s;
    }

    protected SessionId sessionWithMessages(int count) {
        SessionId s = startedSession();
        for (int i = 1; i <= count; i++) {
            append(s, ExpectedSequence.any(), message("m" + i));
        }
        return s;
    }

    protected SessionHandle handleWithMessage() {
        SessionHandle handle = store.session(newSessionId());
        handle.receiveUserMessage("m1", "hello");
        return handle;
    }

    protected DeadlineWatchdog watchdog() {
        return assertInstanceOf(DeadlineWatchdog.class, store, "every store runs the deadline watchdog");
    }

    protected AppendResult append(SessionId s, ExpectedSequence expected, SessionEvent... events) {
        return await(store.append(s, expected, List.of(events)));
    }

    private AppendResult appendRetryingWhileBusy(SessionId s, ExpectedSequence expected, SessionEvent event)
            throws InterruptedException {
        while (true) {
            try {
                return store.append(s, expected, List.of(event)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StoreBusyException)) {
                    throw new AssertionError(e.getCause());
                }
                Thread.sleep(1);
            } catch (TimeoutException e) {
                throw new AssertionError("an append did not complete", e);
            }
        }
    }

    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the append failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the append did not complete", e);
        }
    }

    protected static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the append must fail");
        return e.getCause();
    }

    protected static <E extends Throwable> E failure(Class<E> type, CompletableFuture<?> future) {
        return assertInstanceOf(type, failureOf(future));
    }

    protected static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the condition did not become true within " + PATIENCE);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<SessionId> ids(List<SessionSummary> summaries) {
        return summaries.stream().map(SessionSummary::sessionId).toList();
    }

    private static Projection<Integer> countEvents() {
        return new Projection<>() {
            @Override
            public Integer initial() {
                return 0;
            }

            @Override
            public Integer apply(Integer state, RecordedEvent event) {
                return state + 1;
            }
        };
    }

    private static Projection<List<Long>> collectSequences() {
        return new Projection<>() {
            @Override
            public List<Long> initial() {
                return List.of();
            }

            @Override
            public List<Long> apply(List<Long> state, RecordedEvent event) {
                List<Long> next = new ArrayList<>(state);
                next.add(event.sequence());
                return Collections.unmodifiableList(next);
            }
        };
    }
}
