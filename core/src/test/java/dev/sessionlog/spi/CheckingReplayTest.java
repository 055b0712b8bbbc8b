package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stored events fed back through the append rules: what a writer would have refused is reported at
 * the event, and a log the rules wrote yields nothing.
 */
class CheckingReplayTest {
    private static final SessionId BROKEN = SessionId.of("broken");
    private static final CallId CALL = CallId.of("c-1");

    private final Map<SessionId, Map<Long, RecordedEvent>> checked = new HashMap<>();
    private final CheckingReplay replay = new CheckingReplay((session, sequence) ->
            Optional.ofNullable(checked.getOrDefault(session, Map.of()).get(sequence)));
    private long position;

    /** Checks {@code event} as {@code session}'s event at {@code sequence}; returns the problems. */
    private List<String> check(SessionId session, long sequence, SessionEvent event) {
        RecordedEvent recorded = new RecordedEvent(position++, session, sequence, EventId.random(),
                Instant.parse("2026-11-24T10:00:00Z").plusSeconds(position), event, EventMetadata.EMPTY);
        List<String> problems = replay.check(recorded);
        checked.computeIfAbsent(session, s -> new HashMap<>()).put(sequence, recorded);
        return problems;
    }

    @Test
    void a_key_sharing_its_fingerprint_with_another_sessions_key_is_not_a_repeat_of_itself() {
        // a store's lookup reads the whole log, the event being checked included; every key here
        // shares one fingerprint, as dozens do among a million sessions' keys
        Map<SessionId, Map<Long, RecordedEvent>> log = new HashMap<>();
        CheckingReplay sharing = new CheckingReplay((session, sequence) ->
                Optional.ofNullable(log.getOrDefault(session, Map.of()).get(sequence)), (session, key) -> 42L);
        SessionId a = SessionId.of("a");
        SessionId b = SessionId.of("b");
        List<RecordedEvent> stored = List.of(
                stored(log, a, 1, SessionStarted.initial(SessionKey.of("agent:main:a"), "main", "test")),
                stored(log, b, 1, SessionStarted.initial(SessionKey.of("agent:main:b"), "main", "test")),
                stored(log, a, 2, UserMessageReceived.text("5000001", "hi")),
                stored(log, b, 2, UserMessageReceived.text("5000002", "hello")),
                stored(log, b, 3, UserMessageReceived.text("5000002", "hello again")));
        List<List<String>> problems = stored.stream().map(sharing::check).toList();

        assertEquals(List.of(List.of(), List.of(), List.of(), List.of()), problems.subList(0, 4),
                "a key is compared with the events before it only");
        assertOne(problems.get(4), "UserMessageReceived repeats sequence 2");
    }

    private RecordedEvent stored(Map<SessionId, Map<Long, RecordedEvent>> log, SessionId session, long sequence,
                                 SessionEvent event) {
        RecordedEvent recorded = new RecordedEvent(position++, session, sequence, EventId.random(),
                Instant.parse("2026-11-24T10:00:00Z").plusSeconds(position), event, EventMetadata.EMPTY);
        log.computeIfAbsent(session, s -> new HashMap<>()).put(sequence, recorded);
        return recorded;
    }

    private static ModelCallCompleted completed() {
        return new ModelCallCompleted(CALL, List.of(), Usage.NONE, "stop");
    }

    private static void assertOne(List<String> problems, String expected) {
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(expected), problems::toString);
    }

    @Test
    void a_late_start_a_gap_an_orphan_terminal_and_repeated_terminals_are_each_reported_at_their_event() {
        assertOne(check(BROKEN, 1, UserMessageReceived.text("m-1", "not a SessionStarted")),
                "the first event of a new session must be SessionStarted, not UserMessageReceived");
        List<String> orphan = check(BROKEN, 3, completed());
        assertEquals(2, orphan.size(), orphan::toString);
        assertTrue(orphan.get(0).contains("sequence gap: expected 2, found 3"), orphan::toString);
        assertTrue(orphan.get(1).contains("model call \"c-1\" was never started"), orphan::toString);
        assertEquals(List.of(), check(BROKEN, 4, new ModelCallStarted(CALL, "p", "m", 1, null)));
        assertOne(check(BROKEN, 5, completed()), "ModelCallCompleted repeats sequence 3");
        assertOne(check(BROKEN, 6, completed()), "ModelCallCompleted repeats sequence 3");
        assertOne(check(BROKEN, 7, SessionStarted.initial(null, null, null)),
                "SessionStarted may only be its first event");
        assertEquals(Optional.of("the index says the last sequence is 9 but the log ends at 7"),
                replay.compareWithIndex(BROKEN, 9, 9));
        assertEquals(1, replay.sessions());
        assertEquals(6, replay.events());
    }

    @Test
    void a_second_different_outcome_of_a_call_is_reported_as_already_ended() {
        check(BROKEN, 1, SessionStarted.initial(null, null, null));
        check(BROKEN, 2, new ModelCallStarted(CALL, "p", "m", 1, null));
        assertEquals(List.of(), check(BROKEN, 3, completed()));
        assertOne(check(BROKEN, 4, ModelCallFailed.of(CALL, "p", "m", FailureKind.TIMEOUT)),
                "model call c-1 has already ended");
    }

    @Test
    void an_event_after_the_end_and_an_end_that_leaves_a_call_open_are_reported() {
        check(BROKEN, 1, SessionStarted.initial(null, null, null));
        check(BROKEN, 2, new ModelCallStarted(CALL, "p", "m", 1, null));
        assertOne(check(BROKEN, 3, new SessionEnded(SessionEnded.Reason.RESET)),
                "SessionEnded leaves model call c-1 open");
        assertOne(check(BROKEN, 4, UserMessageReceived.text("late", "after the end")), "has ended (RESET)");
    }

    @Test
    void a_repeated_sequence_is_reported_and_skipped_and_an_unreadable_one_leaves_no_gap() {
        check(BROKEN, 1, SessionStarted.initial(null, null, null));
        assertOne(check(BROKEN, 1, UserMessageReceived.text("again", "same sequence")), "repeats one already stored");
        assertEquals(List.of(), replay.skipUnreadable(BROKEN, 2));
        assertEquals(List.of(), check(BROKEN, 3, UserMessageReceived.text("m-3", "after the unreadable one")));
        assertOne(replay.skipUnreadable(BROKEN, 5), "sequence gap: expected 4, found 5");
        assertEquals(5, replay.lastSequence(BROKEN));
        assertEquals(5, replay.events());
    }

    @Test
    void a_log_that_runs_ahead_of_the_index_is_a_problem_but_a_log_growing_during_the_check_is_not() {
        check(BROKEN, 1, SessionStarted.initial(null, null, null));
        check(BROKEN, 2, UserMessageReceived.text("m-1", "hi"));
        assertEquals(Optional.of("the log holds events up to sequence 2 but the index says the last is 1"),
                replay.compareWithIndex(BROKEN, 1, 1));
        assertEquals(Optional.empty(), replay.compareWithIndex(BROKEN, 1, 2), "appended during the check");
        assertEquals(Optional.empty(), replay.compareWithIndex(BROKEN, 2, 2));
        assertEquals(Optional.empty(), replay.compareWithIndex(BROKEN, 2, 5), "appended after the check");
        assertEquals(Optional.empty(), replay.compareWithIndex(SessionId.of("absent"), 0, 0),
                "a session in neither is no problem");
    }

    @Test
    void a_log_the_rules_wrote_has_no_problems_retries_and_cancellations_included() {
        Map<SessionId, List<RecordedEvent>> stored = new LinkedHashMap<>();
        List<RecordedEvent> log = new ArrayList<>();
        SessionLedger ledger = new SessionLedger(MutableClock.startingAtNewYear(), (session, sequence) -> {
            List<RecordedEvent> events = stored.getOrDefault(session, List.of());
            return sequence >= 1 && sequence <= events.size() ? Optional.of(events.get((int) sequence - 1))
                    : Optional.empty();
        });
        SessionId a = SessionId.of("a");
        SessionId b = SessionId.of("b");
        List<List<Object>> appends = List.of(
                List.of(a, SessionStarted.initial(new SessionKey("agent:main:test:a"), "main", "test")),
                List.of(b, SessionStarted.initial(null, null, null)),
                List.of(a, UserMessageReceived.text("m-1", "hello")),
                List.of(a, UserMessageReceived.text("m-1", "hello")),
                List.of(a, new ModelCallStarted(CALL, "p", "m", 1, null)),
                List.of(b, new ModelCallStarted(CallId.of("c-2"), "p", "m", 1, null)),
                List.of(a, completed()),
                List.of(a, completed()),
                List.of(b, new SessionEnded(SessionEnded.Reason.DELETED)),
                List.of(a, ModelCallFailed.of(CallId.of("c-3"), "p", "m", FailureKind.INTERRUPTED)));
        for (List<Object> append : appends) {
            SessionId session = (SessionId) append.get(0);
            try {
                AppendPlan plan = ledger.plan(session, ExpectedSequence.any(),
                        List.of(NewEvent.of((SessionEvent) append.get(1))));
                long[] positions = new long[plan.toWrite().size()];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = log.size() + i;
                }
                ledger.commit(plan, positions);
                for (RecordedEvent event : plan.positioned(positions)) {
                    stored.computeIfAbsent(session, s -> new ArrayList<>()).add(event);
                    log.add(event);
                }
            } catch (dev.sessionlog.InvalidEventException refused) {
                // the rules refused it, so it is not stored (the last append: a call never started)
            }
        }
        assertEquals(8, log.size(), log::toString);
        for (RecordedEvent event : log) {
            assertEquals(List.of(), check(event.sessionId(), event.sequence(), event.event()), event::toString);
        }
        assertEquals(2, replay.sessions());
        assertEquals(Optional.empty(), replay.compareWithIndex(a, 4, 4));
    }
}
