package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongBiFunction;
import org.junit.jupiter.api.Test;

class SessionLedgerTest {
    private static final SessionId S = SessionId.of("s1");
    private static final SessionId T = SessionId.of("t1");

    private final MutableClock clock = MutableClock.startingAtNewYear();
    private final Map<SessionId, List<RecordedEvent>> stored = new HashMap<>();
    private final List<RecordedEvent> log = new ArrayList<>();
    private final EventLookup lookup = (session, sequence) -> {
        List<RecordedEvent> events = stored.getOrDefault(session, List.of());
        return sequence >= 1 && sequence <= events.size() ? Optional.of(events.get((int) sequence - 1)) : Optional.empty();
    };
    private SessionLedger ledger = new SessionLedger(clock, lookup);

    @Test
    void a_plan_changes_nothing_until_it_is_committed() {
        AppendPlan first = ledger.plan(S, ExpectedSequence.noSession(), events(start(S)));
        AppendPlan second = ledger.plan(S, ExpectedSequence.noSession(), events(start(S)));
        assertEquals(0, ledger.lastSequence(S));
        assertTrue(ledger.summary(S).isEmpty());
        assertEquals(1, first.toWrite().get(0).sequence());
        assertEquals(1, second.toWrite().get(0).sequence());
        write(first);
        assertEquals(1, ledger.lastSequence(S));
    }

    @Test
    void a_stale_plan_cannot_be_committed() {
        write(S, start(S));
        AppendPlan a = ledger.plan(S, ExpectedSequence.any(), events(message("a")));
        AppendPlan b = ledger.plan(S, ExpectedSequence.any(), events(message("b")));
        write(a);
        assertThrows(IllegalStateException.class, () -> write(b));
        assertEquals(2, ledger.lastSequence(S));
    }

    @Test
    void a_plan_assigns_sequences_event_ids_times_and_no_position() {
        write(S, start(S));
        clock.advance(Duration.ofSeconds(7));
        AppendPlan plan = ledger.plan(S, ExpectedSequence.exactly(1), events(message("a"), message("b")));
        assertFalse(plan.isDuplicate());
        assertEquals(List.of(2L, 3L), plan.toWrite().stream().map(RecordedEvent::sequence).toList());
        assertTrue(plan.toWrite().stream().allMatch(e -> e.position() == -1 && e.recordedAt().equals(clock.instant())));
        assertNotEquals(plan.toWrite().get(0).eventId(), plan.toWrite().get(1).eventId());
        AppendResult result = write(plan);
        assertEquals(new AppendResult(S, 2, 3, log.size() - 1, false), result);
    }

    @Test
    void positioned_requires_one_position_per_event() {
        AppendPlan plan = ledger.plan(S, ExpectedSequence.any(), events(start(S), message("a")));
        assertThrows(IllegalArgumentException.class, () -> plan.positioned(new long[] {1}));
        assertEquals(List.of(10L, 11L), plan.positioned(new long[] {10, 11}).stream()
                .map(RecordedEvent::position).toList());
    }

    @Test
    void a_new_session_must_start_with_session_started() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> ledger.plan(S, ExpectedSequence.any(), events(message("a"))));
        assertEquals(S, e.session());
        assertTrue(e.getMessage().contains("UserMessageReceived"));
    }

    @Test
    void session_started_is_only_first_and_a_repeat_of_the_first_is_a_duplicate() {
        assertThrows(InvalidEventException.class,
                () -> ledger.plan(S, ExpectedSequence.any(), events(start(S), start(S))));
        write(S, start(S), message("a"));
        AppendPlan again = ledger.plan(S, ExpectedSequence.any(), events(start(S)));
        assertTrue(again.isDuplicate());
        assertEquals(1, again.duplicateResult().firstSequence());
        AppendPlan startThenMessage = ledger.plan(S, ExpectedSequence.any(), events(start(S), message("b")));
        assertEquals(1, startThenMessage.toWrite().size());
        assertThrows(InvalidEventException.class, () -> ledger.plan(S, ExpectedSequence.any(),
                events(SessionStarted.initial(SessionKey.of("other"), null, null))));
    }

    @Test
    void a_wrong_expected_sequence_names_expected_and_actual() {
        write(S, start(S), message("a"));
        WrongExpectedSequenceException e = assertThrows(WrongExpectedSequenceException.class,
                () -> ledger.plan(S, ExpectedSequence.exactly(1), events(message("b"))));
        assertEquals(ExpectedSequence.exactly(1), e.expected());
        assertEquals(2, e.actual());
        assertThrows(WrongExpectedSequenceException.class,
                () -> ledger.plan(S, ExpectedSequence.noSession(), events(message("b"))));
        assertEquals(0, assertThrows(WrongExpectedSequenceException.class,
                () -> ledger.plan(T, ExpectedSequence.exactly(4), events(start(T)))).actual());
    }

    @Test
    void batch_size_is_bounded_and_null_arguments_are_refused() {
        write(S, start(S));
        assertThrows(InvalidEventException.class, () -> ledger.plan(S, ExpectedSequence.any(), List.of()));
        List<NewEvent> tooMany = Collections.nCopies(SessionLedger.MAX_BATCH + 1, NewEvent.of(message(null)));
        assertThrows(InvalidEventException.class, () -> ledger.plan(S, ExpectedSequence.any(), tooMany));
        assertThrows(IllegalArgumentException.class, () -> ledger.plan(null, ExpectedSequence.any(), events(message("a"))));
        assertThrows(IllegalArgumentException.class, () -> ledger.plan(S, null, events(message("a"))));
        assertThrows(IllegalArgumentException.class, () -> ledger.plan(S, ExpectedSequence.any(), null));
        List<NewEvent> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> ledger.plan(S, ExpectedSequence.any(), withNull));
    }

    @Test
    void a_batch_of_duplicates_answers_with_the_original_range_and_position() {
        write(S, start(S));
        AppendResult original = write(S, message("a"), new DeliveryRecorded("d", null, "x"));
        write(S, message("c"));
        AppendPlan retry = ledger.plan(S, ExpectedSequence.exactly(1), events(message("a"), new DeliveryRecorded("d", null, "x")));
        assertTrue(retry.isDuplicate());
        assertTrue(retry.toWrite().isEmpty());
        assertEquals(new AppendResult(S, 2, 3, original.position(), true), retry.duplicateResult());
        assertEquals(retry.duplicateResult(), ledger.commit(retry, new long[0]));
    }

    @Test
    void a_repeated_key_inside_one_batch_is_invalid() {
        write(S, start(S));
        assertThrows(InvalidEventException.class,
                () -> ledger.plan(S, ExpectedSequence.any(), events(message("a"), message("a"))));
    }

    @Test
    void a_hash_collision_is_never_taken_for_a_duplicate() {
        ToLongBiFunction<SessionId, String> everythingCollides = (session, key) -> 42;
        ledger = new SessionLedger(clock, lookup, everythingCollides);
        write(S, start(S));
        write(S, message("a"));
        AppendResult b = write(S, message("b"));
        assertFalse(b.duplicate());
        AppendResult c = write(S, new DeliveryRecorded("c", null, "text"));
        assertFalse(c.duplicate());
        write(T, start(T));
        assertFalse(write(T, message("a")).duplicate());
        assertEquals(2, plan(S, message("a")).duplicateResult().firstSequence());
        assertEquals(3, plan(S, message("b")).duplicateResult().firstSequence());
        assertEquals(4, plan(S, new DeliveryRecorded("c", null, "text")).duplicateResult().firstSequence());
        assertEquals(2, plan(T, message("a")).duplicateResult().firstSequence());
        assertFalse(plan(S, message("d")).isDuplicate());
    }

    @Test
    void hashes_that_differ_but_fold_to_one_fingerprint_are_told_apart() {
        // a and b hash differently in 64 bits, but the halves XOR to the same 32-bit fingerprint
        ToLongBiFunction<SessionId, String> folding = (session, key) -> key.equals("a") ? 0x0000_0001_0000_0003L
                : key.equals("b") ? 0x0000_0002_0000_0000L : key.hashCode();
        ledger = new SessionLedger(clock, lookup, folding);
        write(S, start(S));
        write(S, message("a"));
        assertFalse(write(S, message("b")).duplicate());
        assertEquals(2, plan(S, message("a")).duplicateResult().firstSequence());
        assertEquals(3, plan(S, message("b")).duplicateResult().firstSequence());
    }

    @Test
    void a_session_is_refused_events_past_the_largest_sequence() {
        LedgerState state = new LedgerState(List.of(new LedgerState.Session(new SessionSummary(S, null, "main",
                "test", SessionSummary.State.IDLE, SessionLedger.MAX_SESSION_EVENTS, 0, 0, null, null, 0,
                Instant.EPOCH, Instant.EPOCH, null), 1)), new int[0], new int[0], Map.of(), List.of());
        ledger.restore(state);
        InvalidEventException refused = assertThrows(InvalidEventException.class, () -> plan(S, message("one-more")));
        assertTrue(refused.getMessage().contains("at most"), refused.getMessage());
    }

    @Test
    void a_state_naming_a_key_fingerprint_twice_is_not_restored() {
        LedgerState state = new LedgerState(List.of(new LedgerState.Session(new SessionSummary(S, null, "main",
                "test", SessionSummary.State.IDLE, 2, 1, 0, null, null, 0, Instant.EPOCH, Instant.EPOCH, null), 1)),
                new int[] {7, 8, 7}, new int[] {1, 2, 2}, Map.of(), List.of());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ledger.restore(state));
        assertTrue(refused.getMessage().contains("fingerprint 7 appears twice"), refused.getMessage());
    }

    @Test
    void an_outcome_needs_a_started_call_of_the_same_session() {
        write(S, start(S));
        write(T, start(T), callStarted("c1"));
        assertThrows(InvalidEventException.class, () -> plan(S, completed("c1")));
        assertThrows(InvalidEventException.class, () -> plan(S, failed("c1", FailureKind.UNKNOWN)));
        assertFalse(ledger.plan(S, ExpectedSequence.any(), events(callStarted("c1"), completed("c1"))).isDuplicate());
    }

    @Test
    void a_call_ends_once() {
        write(S, start(S), callStarted("c1"));
        AppendResult end = write(S, completed("c1"));
        assertEquals(end.firstSequence(), plan(S, completed("c1")).duplicateResult().firstSequence());
        CallAlreadyEndedException e = assertThrows(CallAlreadyEndedException.class,
                () -> plan(S, failed("c1", FailureKind.CANCELLED)));
        assertEquals(CallId.of("c1"), e.callId());
        assertThrows(CallAlreadyEndedException.class, () -> plan(S,
                new ModelCallCompleted(CallId.of("c1"), List.of(), Usage.NONE, "length")));
        assertThrows(InvalidEventException.class, () -> ledger.plan(S, ExpectedSequence.any(),
                events(callStarted("c2"), completed("c2"), failed("c2", FailureKind.UNKNOWN))));
    }

    @Test
    void a_call_id_can_start_only_one_call() {
        write(S, start(S), callStarted("c1"));
        assertTrue(plan(S, callStarted("c1")).isDuplicate());
        assertThrows(InvalidEventException.class, () -> plan(S,
                new ModelCallStarted(CallId.of("c1"), "openai", "gpt-5", 2, null)));
    }

    @Test
    void ending_a_session_cancels_its_open_calls_before_the_end() {
        write(S, start(S), callStarted("old"), callStarted("done"), completed("done"));
        write(T, start(T), callStarted("elsewhere"));
        AppendPlan plan = ledger.plan(S, ExpectedSequence.any(),
                events(callStarted("new"), new SessionEnded(SessionEnded.Reason.RESET)));
        List<SessionEvent> planned = plan.toWrite().stream().map(RecordedEvent::event).toList();
        assertEquals(4, planned.size());
        assertInstanceOf(ModelCallStarted.class, planned.get(0));
        assertEquals(FailureKind.CANCELLED, ((ModelCallFailed) planned.get(1)).kind());
        assertEquals(CallId.of("old"), ((ModelCallFailed) planned.get(1)).callId());
        assertEquals(CallId.of("new"), ((ModelCallFailed) planned.get(2)).callId());
        assertInstanceOf(SessionEnded.class, planned.get(3));
        write(plan);
        assertEquals(List.of(CallId.of("elsewhere")),
                ledger.openCalls().stream().map(c -> c.started().callId()).toList());
    }

    @Test
    void nothing_may_follow_session_ended_and_an_ended_session_refuses_appends() {
        write(S, start(S), callStarted("c1"));
        assertThrows(InvalidEventException.class, () -> ledger.plan(S, ExpectedSequence.any(),
                events(new SessionEnded(SessionEnded.Reason.RESET), message("a"))));
        write(S, message("m"), new SessionEnded(SessionEnded.Reason.RESET));
        assertEquals(SessionEnded.Reason.RESET,
                assertThrows(SessionEndedException.class, () -> plan(S, message("b"))).reason());
        assertThrows(SessionEndedException.class, () -> plan(S, completed("c1")));
        assertThrows(SessionEndedException.class, () -> plan(S, completed("never")));
        assertTrue(plan(S, message("m")).isDuplicate());
    }

    @Test
    void overdue_calls_are_open_calls_past_their_deadline_in_sessions_that_have_not_ended() {
        Instant now = clock.instant();
        write(S, start(S), callStarted("soon", now.plusSeconds(10)), callStarted("later", now.plusSeconds(100)),
                callStarted("none", null));
        assertTrue(ledger.overdueCalls().isEmpty());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(ledger.overdueCalls().isEmpty(), "a deadline equal to now is not yet past");
        clock.advance(Duration.ofSeconds(1));
        List<OpenCall> overdue = ledger.overdueCalls();
        assertEquals(1, overdue.size());
        assertEquals(new OpenCall(S, callStarted("soon", now.plusSeconds(10)), 2), overdue.get(0));
        assertEquals(3, ledger.openCalls().size());
        write(S, failed("soon", FailureKind.TIMEOUT));
        assertTrue(ledger.overdueCalls().isEmpty());
        assertEquals(2, ledger.openCalls().size());
    }

    @Test
    void replay_rebuilds_the_same_state() {
        write(S, start(S), message("a"), callStarted("open", clock.instant().plusSeconds(5)),
                callStarted("done"), completed("done"));
        write(T, start(T), new SessionEnded(SessionEnded.Reason.DELETED));
        SessionLedger rebuilt = new SessionLedger(clock, lookup);
        log.forEach(rebuilt::replay);
        assertEquals(ledger.summary(S), rebuilt.summary(S));
        assertEquals(5, rebuilt.lastSequence(S));
        assertTrue(rebuilt.isDeleted(T));
        assertEquals(ledger.openCalls(), rebuilt.openCalls());
        assertTrue(rebuilt.plan(S, ExpectedSequence.any(), events(message("a"))).isDuplicate());
        assertThrows(CallAlreadyEndedException.class,
                () -> rebuilt.plan(S, ExpectedSequence.any(), events(failed("done", FailureKind.UNKNOWN))));
        assertEquals(6, rebuilt.plan(S, ExpectedSequence.exactly(5), events(message("b"))).toWrite().get(0).sequence());
        assertThrows(IllegalArgumentException.class, () -> rebuilt.replay(null));
    }

    @Test
    void the_index_lists_newest_first_and_hides_deleted_sessions() {
        write(S, start(S));
        write(T, start(T));
        SessionId u = SessionId.of("u1");
        write(u, start(u));
        assertEquals(List.of(u, T, S), ids(ledger.sessions(SessionQuery.all())), "same time: later position first");
        clock.advance(Duration.ofSeconds(1));
        write(S, message("a"));
        assertEquals(List.of(S, u, T), ids(ledger.sessions(SessionQuery.all())));
        write(T, new SessionEnded(SessionEnded.Reason.DELETED));
        assertEquals(List.of(S, u), ids(ledger.sessions(SessionQuery.all())));
        assertTrue(ledger.summary(T).isEmpty());
        assertTrue(ledger.isDeleted(T));
        assertFalse(ledger.isDeleted(S));
        assertEquals(2, ledger.lastSequence(T));
        assertThrows(IllegalArgumentException.class, () -> ledger.sessions(null));
    }

    @Test
    void the_summary_follows_the_events() {
        write(S, SessionStarted.initial(SessionKey.of("agent:main:x"), "main", "telegram"), message("a"));
        SessionSummary summary = ledger.summary(S).orElseThrow();
        assertEquals(SessionSummary.State.IDLE, summary.state());
        assertEquals(1, summary.messageCount());
        write(S, callStarted("c1"));
        assertEquals(SessionSummary.State.AWAITING_MODEL, ledger.summary(S).orElseThrow().state());
        write(S, failed("c1", FailureKind.RATE_LIMITED), SettingsChanged.model("openai", "gpt-5"));
        summary = ledger.summary(S).orElseThrow();
        assertEquals(FailureKind.RATE_LIMITED, summary.lastFailure());
        assertEquals("gpt-5", summary.model());
        assertEquals(0, summary.openCalls());
        write(S, callStarted("c2"), completed("c2"));
        summary = ledger.summary(S).orElseThrow();
        assertNull(summary.lastFailure());
        assertEquals(2, summary.messageCount());
        assertEquals(7, summary.totalTokens());
        write(S, new SessionEnded(SessionEnded.Reason.ARCHIVED));
        assertEquals(SessionSummary.State.ENDED, ledger.summary(S).orElseThrow().state());
    }

    @Test
    void the_start_key_is_the_one_model_call_started_gives() {
        assertEquals(callStarted("x").idempotencyKey().orElseThrow(), SessionLedger.startKey(CallId.of("x")));
    }

    @Test
    void the_key_hash_separates_session_from_key() {
        assertNotEquals(SessionLedger.hashKey(SessionId.of("a"), "bc"), SessionLedger.hashKey(SessionId.of("ab"), "c"));
        assertNotEquals(SessionLedger.hashKey(S, "message:1"), SessionLedger.hashKey(T, "message:1"));
        assertEquals(SessionLedger.hashKey(S, "message:1"), SessionLedger.hashKey(SessionId.of("S1"), "message:1"));
    }

    @Test
    void the_constructor_refuses_nulls() {
        assertThrows(IllegalArgumentException.class, () -> new SessionLedger(null, lookup));
        assertThrows(IllegalArgumentException.class, () -> new SessionLedger(clock, null));
    }

    // ---------------------------------------------------------------- helpers

    @Test
    void a_restored_ledger_answers_exactly_as_the_one_it_was_exported_from() {
        ToLongBiFunction<SessionId, String> fewHashes = (session, key) -> key.length() % 3;
        ledger = new SessionLedger(clock, lookup, fewHashes);
        write(S, start(S), message("a"), message("bb"));
        write(S, callStarted("open"));
        write(S, callStarted("done"));
        write(S, completed("done"));
        write(T, start(T), new DeliveryRecorded("d-1", null, "text"));
        write(T, new SessionEnded(SessionEnded.Reason.RESET));

        SessionLedger restored = new SessionLedger(clock, lookup, fewHashes);
        restored.restore(ledger.export());

        assertEquals(ledger.sessions(SessionQuery.all()), restored.sessions(SessionQuery.all()));
        assertEquals(ledger.openCalls(), restored.openCalls());
        for (SessionEvent retry : List.of(message("a"), message("bb"), callStarted("open"), completed("done"))) {
            assertEquals(ledger.plan(S, ExpectedSequence.any(), events(retry)).duplicateResult(),
                    restored.plan(S, ExpectedSequence.any(), events(retry)).duplicateResult());
        }
        assertTrue(restored.plan(T, ExpectedSequence.any(), events(new DeliveryRecorded("d-1", null, "text")))
                .isDuplicate());
        assertFalse(restored.plan(S, ExpectedSequence.any(), events(message("cc"))).isDuplicate());
        assertThrows(SessionEndedException.class,
                () -> restored.plan(T, ExpectedSequence.any(), events(message("late"))));
        assertThrows(WrongExpectedSequenceException.class,
                () -> restored.plan(S, ExpectedSequence.exactly(3), events(message("cc"))));
    }

    @Test
    void events_replayed_after_a_restore_continue_the_restored_state() {
        write(S, start(S), message("a"));
        SessionLedger restored = new SessionLedger(clock, lookup);
        restored.restore(ledger.export());
        int before = log.size();
        write(S, message("b"), callStarted("c"));
        log.subList(before, log.size()).forEach(restored::replay);

        assertEquals(ledger.summary(S), restored.summary(S));
        assertEquals(ledger.openCalls(), restored.openCalls());
        assertTrue(restored.plan(S, ExpectedSequence.any(), events(message("b"))).isDuplicate());
    }

    @Test
    void only_an_empty_ledger_can_be_restored() {
        write(S, start(S));
        LedgerState state = ledger.export();
        assertThrows(IllegalStateException.class, () -> ledger.restore(state));
    }

    @Test
    void a_state_naming_a_key_fingerprint_twice_or_an_open_call_of_an_unknown_session_is_refused() {
        write(S, start(S), message("a"));
        write(S, callStarted("c"));
        LedgerState state = ledger.export();
        LedgerState twice = new LedgerState(state.sessions(), new int[] {7, 7}, new int[] {2, 3},
                state.collidedKeys(), List.of());
        LedgerState notPositive = new LedgerState(state.sessions(), new int[] {7}, new int[] {0},
                state.collidedKeys(), List.of());
        SessionLedger refused = new SessionLedger(clock, lookup);
        assertThrows(IllegalArgumentException.class, () -> refused.restore(twice));
        assertThrows(IllegalArgumentException.class, () -> refused.restore(notPositive));
        assertTrue(refused.sessions(SessionQuery.all()).isEmpty(), "a refused state changes nothing");
        refused.restore(state);
        assertEquals(ledger.sessions(SessionQuery.all()), refused.sessions(SessionQuery.all()));
        LedgerState orphanCall = new LedgerState(List.of(), new int[0], new int[0], Map.of(), state.openCalls());
        assertThrows(IllegalArgumentException.class, () -> new SessionLedger(clock, lookup).restore(orphanCall));
    }

    @Test
    void a_state_naming_a_session_twice_or_a_summary_its_own_fields_contradict_is_refused() {
        SessionSummary idle = new SessionSummary(S, null, "main", "test", SessionSummary.State.IDLE, 1, 0, 0, null,
                null, 0, Instant.EPOCH, Instant.EPOCH, null);
        SessionSummary awaitingWithoutCalls = new SessionSummary(T, null, null, null,
                SessionSummary.State.AWAITING_MODEL, 1, 0, 0, null, null, 0, Instant.EPOCH, Instant.EPOCH, null);
        SessionSummary tooManyMessages = new SessionSummary(T, null, null, null, SessionSummary.State.IDLE, 1,
                Integer.MAX_VALUE + 1L, 0, null, null, 0, Instant.EPOCH, Instant.EPOCH, null);
        for (List<LedgerState.Session> sessions : List.of(
                List.of(new LedgerState.Session(idle, 1), new LedgerState.Session(idle, 2)),
                List.of(new LedgerState.Session(awaitingWithoutCalls, 1)),
                List.of(new LedgerState.Session(tooManyMessages, 1)))) {
            assertThrows(IllegalArgumentException.class,
                    () -> new LedgerState(sessions, new int[0], new int[0], Map.of(), List.of()), sessions::toString);
        }
    }

    @Test
    void a_message_id_an_older_version_stored_unchecked_stays_a_key_but_a_new_one_like_it_is_refused() {
        write(S, start(S));
        RecordedEvent old = new RecordedEvent(log.size(), S, 2, dev.sessionlog.EventId.random(), clock.instant(),
                message("line\nbreak"), dev.sessionlog.EventMetadata.EMPTY);
        stored.get(S).add(old);
        log.add(old);
        ledger.replay(old);
        AppendResult retry = write(S, message("line\nbreak"));
        assertTrue(retry.duplicate(), "a retry of what is stored is answered, whatever its id");
        assertEquals(2, retry.firstSequence());
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> plan(S, message("other\nbreak")));
        assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "the error message must not hold the newline itself");
    }

    @Test
    void the_outcomes_of_a_mixed_append_name_each_events_sequence_and_the_cancellations_lie_between() {
        write(S, start(S), message("a"), callStarted("open"));
        AppendPlan plan = ledger.plan(S, ExpectedSequence.any(), events(message("a"), message("b"),
                new SessionEnded(SessionEnded.Reason.RESET)));
        assertEquals(List.of(AppendResult.Outcome.duplicateOf(2), AppendResult.Outcome.stored(4),
                AppendResult.Outcome.stored(6)), plan.outcomes());
        AppendResult result = write(plan);
        assertEquals(4, result.firstSequence());
        assertEquals(6, result.lastSequence());
        assertFalse(result.duplicate());
        assertInstanceOf(ModelCallFailed.class, stored.get(S).get(4).event(), "the cancellation at 5");
    }

    private AppendResult write(SessionId session, SessionEvent... events) {
        return write(ledger.plan(session, ExpectedSequence.any(), events(events)));
    }

    private AppendResult write(AppendPlan plan) {
        long[] positions = new long[plan.toWrite().size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = log.size() + i;
        }
        AppendResult result = ledger.commit(plan, positions);
        for (RecordedEvent e : plan.positioned(positions)) {
            stored.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            log.add(e);
        }
        return result;
    }

    private AppendPlan plan(SessionId session, SessionEvent event) {
        return ledger.plan(session, ExpectedSequence.any(), events(event));
    }

    private static List<NewEvent> events(SessionEvent... events) {
        return java.util.Arrays.stream(events).map(NewEvent::of).toList();
    }

    private static SessionStarted start(SessionId s) {
        return SessionStarted.initial(SessionKey.of("key:" + s.value()), "main", "telegram");
    }

    private static UserMessageReceived message(String id) {
        return UserMessageReceived.text(id, "text");
    }

    private ModelCallStarted callStarted(String id) {
        return callStarted(id, clock.instant().plusSeconds(60));
    }

    private static ModelCallStarted callStarted(String id, Instant deadline) {
        return new ModelCallStarted(CallId.of(id), "anthropic", "claude", 1, deadline);
    }

    private static ModelCallCompleted completed(String id) {
        return new ModelCallCompleted(CallId.of(id), List.of(new ContentBlock.Text("ok")), Usage.of(3, 4), "stop");
    }

    private static ModelCallFailed failed(String id, FailureKind kind) {
        return ModelCallFailed.of(CallId.of(id), "anthropic", "claude", kind);
    }

    private static List<SessionId> ids(List<SessionSummary> summaries) {
        return summaries.stream().map(SessionSummary::sessionId).toList();
    }
}
