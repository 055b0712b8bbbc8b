package dev.sessionlog.projection;

import static dev.sessionlog.testing.Events.callStarted;
import static dev.sessionlog.testing.Events.completed;
import static dev.sessionlog.testing.Events.failed;
import static dev.sessionlog.testing.Events.started;
import static dev.sessionlog.testing.Events.text;
import static dev.sessionlog.testing.Events.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionSummary.State;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.testing.Recorded;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionStatusProjectionTest {

    private static SessionStatus statusOf(SessionEvent... events) {
        return SessionStatusProjection.INSTANCE.fold(Recorded.events(events)).status();
    }

    @Test
    void a_session_without_events_is_idle_with_nothing_known() {
        SessionStatus status = SessionStatusProjection.INSTANCE.initial().status();

        assertEquals(new SessionStatus(State.IDLE, null, null, null, null, null, null, 0, 0, 0, 0, false, null),
                status);
    }

    @Test
    void a_started_call_makes_the_session_await_the_model_since_its_start() {
        SessionStatus status = statusOf(started(), user("hi"), callStarted("c1"));

        assertEquals(State.AWAITING_MODEL, status.state());
        assertEquals(CallId.of("c1"), status.openCall());
        assertEquals(Recorded.at(3), status.awaitingSince());
        assertEquals("anthropic", status.provider());
        assertEquals("claude-sonnet-4-6", status.model());
    }

    @Test
    void a_completed_call_returns_the_session_to_idle_and_adds_its_usage() {
        SessionStatus status = statusOf(started(), user("hi"),
                callStarted("c1"), new ModelCallCompleted(CallId.of("c1"), List.of(text("a")),
                        new Usage(100, 20, 5, 0, 125, 0.25), "stop"),
                callStarted("c2"), new ModelCallCompleted(CallId.of("c2"), List.of(text("b")),
                        new Usage(200, 30, 0, 0, 230, 0.5), "stop"));

        assertEquals(State.IDLE, status.state());
        assertNull(status.openCall());
        assertNull(status.awaitingSince());
        assertEquals(300, status.inputTokens());
        assertEquals(50, status.outputTokens());
        assertEquals(355, status.totalTokens());
        assertEquals(0.75, status.cost(), 1e-9);
    }

    @Test
    void overlapping_calls_report_the_newest_open_one_then_the_next_newest() {
        List<RecordedEvent> events = Recorded.events(started(),
                callStarted("old"),          // 2
                callStarted("new"),          // 3
                completed("new", text("x")), // 4
                failed("old", FailureKind.TIMEOUT)); // 5
        SessionStatusProjection projection = SessionStatusProjection.INSTANCE;

        SessionStatus bothOpen = projection.foldUpTo(events, 3).status();
        assertEquals(CallId.of("new"), bothOpen.openCall());
        assertEquals(Recorded.at(3), bothOpen.awaitingSince());

        SessionStatus oldStillOpen = projection.foldUpTo(events, 4).status();
        assertEquals(State.AWAITING_MODEL, oldStillOpen.state());
        assertEquals(CallId.of("old"), oldStillOpen.openCall());
        assertEquals(Recorded.at(2), oldStillOpen.awaitingSince());

        SessionStatus noneOpen = projection.fold(events).status();
        assertEquals(State.IDLE, noneOpen.state());
        assertNull(noneOpen.openCall());
    }

    @Test
    void a_failure_is_reported_until_a_later_call_completes() {
        List<RecordedEvent> events = Recorded.events(started(),
                callStarted("c1"), failed("c1", FailureKind.RATE_LIMITED),    // 2, 3
                callStarted("c2"), failed("c2", FailureKind.QUOTA_EXCEEDED),  // 4, 5
                user("hello?"),                                               // 6
                callStarted("c3"), completed("c3", text("hi")));             // 7, 8
        SessionStatusProjection projection = SessionStatusProjection.INSTANCE;

        assertEquals(FailureKind.RATE_LIMITED, projection.foldUpTo(events, 3).status().lastFailure());
        assertEquals(FailureKind.QUOTA_EXCEEDED, projection.foldUpTo(events, 5).status().lastFailure());
        assertEquals(FailureKind.QUOTA_EXCEEDED, projection.foldUpTo(events, 7).status().lastFailure());
        assertNull(projection.fold(events).status().lastFailure());
        assertEquals(State.IDLE, projection.foldUpTo(events, 5).status().state());
    }

    @Test
    void a_settings_override_names_the_model_until_the_next_call_starts() {
        List<RecordedEvent> events = Recorded.events(started(),
                callStarted("c1"), completed("c1", text("a")),                        // 2, 3
                SettingsChanged.model("openai", "gpt-5"),                             // 4
                SettingsChanged.model(null, "gpt-5-mini"),                            // 5: provider unchanged
                new ModelCallStarted(CallId.of("c2"), "google", "gemini-3", 2, null)); // 6: a fallback
        SessionStatusProjection projection = SessionStatusProjection.INSTANCE;

        SessionStatus overridden = projection.foldUpTo(events, 4).status();
        assertEquals("openai", overridden.provider());
        assertEquals("gpt-5", overridden.model());

        SessionStatus modelOnly = projection.foldUpTo(events, 5).status();
        assertEquals("openai", modelOnly.provider());
        assertEquals("gpt-5-mini", modelOnly.model());

        SessionStatus calling = projection.fold(events).status();
        assertEquals("google", calling.provider());
        assertEquals("gemini-3", calling.model());
    }

    @Test
    void the_thinking_level_is_the_last_one_set() {
        SessionStatus status = statusOf(started(),
                SettingsChanged.thinkingLevel("high"),
                SettingsChanged.model("openai", "gpt-5"),
                new SettingsChanged(null, null, null, Map.of("verbose", "on")),
                SettingsChanged.thinkingLevel("low"),
                SettingsChanged.model("anthropic", "claude-opus-4-6"));

        assertEquals("low", status.thinkingLevel());
        assertEquals("claude-opus-4-6", status.model());
    }

    @Test
    void a_turn_abort_marks_the_last_run_aborted_until_a_call_completes() {
        List<RecordedEvent> events = Recorded.events(started(),
                callStarted("c1"),                                          // 2
                new TurnAborted(TurnAborted.Reason.USER_STOP, CallId.of("c1")), // 3
                failed("c1", FailureKind.CANCELLED),                        // 4
                user("again"),                                              // 5
                callStarted("c2"),                                          // 6
                completed("c2", text("ok")));                               // 7
        SessionStatusProjection projection = SessionStatusProjection.INSTANCE;

        assertFalse(projection.foldUpTo(events, 2).status().abortedLastRun());
        assertTrue(projection.foldUpTo(events, 3).status().abortedLastRun());
        assertTrue(projection.foldUpTo(events, 6).status().abortedLastRun());
        assertFalse(projection.fold(events).status().abortedLastRun());
    }

    @Test
    void a_cancelled_or_interrupted_call_marks_the_last_run_aborted() {
        assertTrue(statusOf(started(), callStarted("c1"), failed("c1", FailureKind.CANCELLED)).abortedLastRun());
        assertTrue(statusOf(started(), callStarted("c1"), failed("c1", FailureKind.INTERRUPTED)).abortedLastRun());
        assertFalse(statusOf(started(), callStarted("c1"), failed("c1", FailureKind.TIMEOUT)).abortedLastRun());
    }

    @Test
    void a_later_failure_of_another_kind_clears_the_aborted_mark() {
        SessionStatus status = statusOf(started(),
                callStarted("c1"), failed("c1", FailureKind.INTERRUPTED),
                callStarted("c2"), failed("c2", FailureKind.OVERLOADED));

        assertFalse(status.abortedLastRun());
        assertEquals(FailureKind.OVERLOADED, status.lastFailure());
    }

    @Test
    void an_ended_session_is_ended_even_with_a_call_left_open() {
        SessionStatus status = statusOf(started(), user("hi"), callStarted("c1"),
                new SessionEnded(SessionEnded.Reason.RESET));

        assertEquals(State.ENDED, status.state());
        assertNull(status.openCall());
        assertNull(status.awaitingSince());
    }

    @Test
    void updated_at_is_when_the_newest_event_was_recorded() {
        List<RecordedEvent> events = Recorded.events(started(), user("hi"),
                new CustomEntryRecorded("x", "{}"));

        assertEquals(Recorded.at(3), SessionStatusProjection.INSTANCE.fold(events).status().updatedAt());
        assertEquals(Recorded.at(2), SessionStatusProjection.INSTANCE.foldUpTo(events, 2).status().updatedAt());
    }

    @Test
    void token_totals_saturate_instead_of_overflowing() {
        Usage huge = new Usage(Long.MAX_VALUE - 1, Long.MAX_VALUE, 0, 0, Long.MAX_VALUE, Double.MAX_VALUE);
        SessionStatus status = statusOf(started(),
                callStarted("c1"), new ModelCallCompleted(CallId.of("c1"), List.of(), huge, "stop"),
                callStarted("c2"), new ModelCallCompleted(CallId.of("c2"), List.of(), huge, "stop"));

        assertEquals(Long.MAX_VALUE, status.inputTokens());
        assertEquals(Long.MAX_VALUE, status.outputTokens());
        assertEquals(Long.MAX_VALUE, status.totalTokens());
    }

    @Test
    void an_outcome_for_a_call_that_is_not_open_leaves_the_open_calls_alone() {
        SessionStatus status = statusOf(started(), callStarted("c1"), completed("ghost", text("?")),
                failed("other", FailureKind.UNKNOWN));

        assertEquals(State.AWAITING_MODEL, status.state());
        assertEquals(CallId.of("c1"), status.openCall());
    }

    @Test
    void a_repeated_start_of_an_open_call_does_not_move_its_since() {
        SessionStatus status = statusOf(started(), callStarted("c1"), user("x"), callStarted("c1"));

        assertEquals(CallId.of("c1"), status.openCall());
        assertEquals(Recorded.at(2), status.awaitingSince());
    }

    @Test
    void thousands_of_open_calls_fold_and_unwind_in_order() {
        int calls = 20_000;
        SessionEvent[] events = new SessionEvent[2 * calls + 1];
        events[0] = started();
        for (int i = 0; i < calls; i++) {
            events[1 + i] = callStarted("c" + i);
            events[1 + calls + i] = failed("c" + (calls - 1 - i), FailureKind.TIMEOUT); // newest first
        }
        List<RecordedEvent> recorded = Recorded.events(events);
        SessionStatusProjection projection = SessionStatusProjection.INSTANCE;

        assertEquals(CallId.of("c" + (calls - 1)), projection.foldUpTo(recorded, 1 + calls).status().openCall());
        assertEquals(CallId.of("c0"), projection.foldUpTo(recorded, 2 * calls).status().openCall());
        assertEquals(State.IDLE, projection.fold(recorded).status().state());
    }

    @Test
    void a_usage_without_a_total_counts_its_input_output_and_cache_tokens() {
        SessionStatus status = statusOf(started(), callStarted("c1"),
                new ModelCallCompleted(CallId.of("c1"), List.of(text("a")), new Usage(7, 231, 1684, 9518, 0, 0), "stop"));

        assertEquals(7 + 231 + 1684 + 9518, status.totalTokens());
    }
}
