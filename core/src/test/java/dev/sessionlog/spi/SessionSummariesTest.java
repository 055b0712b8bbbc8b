package dev.sessionlog.spi;

import static dev.sessionlog.testing.Events.callStarted;
import static dev.sessionlog.testing.Events.completed;
import static dev.sessionlog.testing.Events.failed;
import static dev.sessionlog.testing.Events.result;
import static dev.sessionlog.testing.Events.started;
import static dev.sessionlog.testing.Events.text;
import static dev.sessionlog.testing.Events.toolCall;
import static dev.sessionlog.testing.Events.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.SessionSummary.State;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.SessionStatusProjection;
import dev.sessionlog.testing.RandomLogs;
import dev.sessionlog.testing.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session index entry, {@link SessionSummaries}: built one event at a time, as a store does. */
class SessionSummariesTest {

    /** Every entry along the way: element i is the entry after event i + 1. */
    private static List<SessionSummary> entries(List<RecordedEvent> events) {
        List<SessionSummary> entries = new ArrayList<>(events.size());
        SessionSummary entry = null;
        for (RecordedEvent event : events) {
            entry = SessionSummaries.apply(entry, event);
            entries.add(entry);
        }
        return entries;
    }

    private static SessionSummary summaryOf(SessionEvent... events) {
        List<SessionSummary> entries = entries(Recorded.events(events));
        return entries.get(entries.size() - 1);
    }

    @Test
    void the_first_event_creates_the_entry_with_the_sessions_key_agent_and_channel() {
        SessionSummary entry = summaryOf(started());

        assertEquals(new SessionSummary(Recorded.SESSION, SessionKey.of("agent:main:telegram:direct:1"), "main",
                "telegram", State.IDLE, 1, 0, 0, null, null, 0, Recorded.at(1), Recorded.at(1), null), entry);
    }

    @Test
    void a_session_imported_without_a_start_still_gets_an_entry() {
        SessionSummary entry = summaryOf(user("hi"));

        assertNull(entry.sessionKey());
        assertEquals(1, entry.messageCount());
        assertEquals(Recorded.at(1), entry.createdAt());
    }

    @Test
    void a_usage_without_a_total_counts_its_input_output_and_cache_tokens() {
        SessionSummary entry = summaryOf(started(), callStarted("c1"),
                new ModelCallCompleted(CallId.of("c1"), List.of(text("a")), new Usage(3, 191, 0, 1684, 0, 0), "stop"));

        assertEquals(3 + 191 + 1684, entry.totalTokens());
    }

    @Test
    void an_imported_sessions_dates_are_its_events_own_times_never_going_back() {
        java.time.Instant created = java.time.Instant.parse("2025-11-20T23:33:50.805Z");
        java.time.Instant earlier = java.time.Instant.parse("2025-11-20T23:33:01.550Z");
        java.time.Instant last = java.time.Instant.parse("2025-11-21T08:00:00Z");
        List<RecordedEvent> events = new ArrayList<>();
        java.time.Instant[] times = {created, earlier, last};
        SessionEvent[] payloads = {started(), user("hi"), user("later")};
        for (int i = 0; i < payloads.length; i++) {
            RecordedEvent plain = Recorded.event(Recorded.SESSION, i + 1, payloads[i]);
            events.add(new RecordedEvent(plain.position(), plain.sessionId(), plain.sequence(), plain.eventId(),
                    plain.recordedAt(), plain.event(), plain.metadata().withOccurredAt(times[i])));
        }
        List<SessionSummary> entries = entries(events);

        assertEquals(created, entries.get(0).createdAt());
        assertEquals(created, entries.get(1).updatedAt(), "an earlier time does not move updatedAt back");
        assertEquals(created, entries.get(2).createdAt());
        assertEquals(last, entries.get(2).updatedAt());
        assertEquals(last, SessionStatusProjection.INSTANCE.fold(events).status().updatedAt());
    }

    @Test
    void a_conversation_is_counted_and_timed() {
        SessionSummary entry = summaryOf(started(),                                   // 1
                user("hi"),                                                           // 2
                callStarted("c1"),                                                    // 3
                new ModelCallCompleted(CallId.of("c1"), List.of(text("a"), toolCall("t")),
                        new Usage(10, 5, 0, 0, 15, 0), "toolUse"),                    // 4
                result("t", "out"),                                                   // 5
                callStarted("c2"),                                                    // 6
                new ModelCallCompleted(CallId.of("c2"), List.of(text("b")),
                        new Usage(20, 5, 0, 0, 25, 0), "stop"),                       // 7
                new TranscriptCompacted("sum", 2, 40));                               // 8

        assertEquals(State.IDLE, entry.state());
        assertEquals(8, entry.lastSequence());
        assertEquals(3, entry.messageCount());
        assertEquals(0, entry.openCalls());
        assertEquals(40, entry.totalTokens());
        assertEquals("claude-sonnet-4-6", entry.model());
        assertEquals(Recorded.at(1), entry.createdAt());
        assertEquals(Recorded.at(8), entry.updatedAt());
        assertNull(entry.endReason());
    }

    @Test
    void open_calls_are_counted_and_make_the_session_await_the_model() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                callStarted("a"), callStarted("b"), failed("a", FailureKind.TIMEOUT), completed("b", text("x"))));

        assertEquals(List.of(0, 1, 2, 1, 0), entries.stream().map(SessionSummary::openCalls).toList());
        assertEquals(List.of(State.IDLE, State.AWAITING_MODEL, State.AWAITING_MODEL, State.AWAITING_MODEL,
                State.IDLE), entries.stream().map(SessionSummary::state).toList());
    }

    @Test
    void the_last_failure_stays_until_a_later_call_completes() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                callStarted("a"), failed("a", FailureKind.QUOTA_EXCEEDED), user("?"),
                callStarted("b"), completed("b", text("ok"))));

        assertEquals(FailureKind.QUOTA_EXCEEDED, entries.get(2).lastFailure());
        assertEquals(FailureKind.QUOTA_EXCEEDED, entries.get(4).lastFailure());
        assertNull(entries.get(5).lastFailure());
        assertEquals(2, entries.get(5).messageCount()); // the failed call is not a message
    }

    @Test
    void a_model_override_names_the_model_until_the_next_call() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                SettingsChanged.model("openai", "gpt-5"),
                SettingsChanged.thinkingLevel("high"),
                new ModelCallStarted(CallId.of("c1"), "google", "gemini-3", 1, null)));

        assertEquals("gpt-5", entries.get(1).model());
        assertEquals("gpt-5", entries.get(2).model());
        assertEquals("gemini-3", entries.get(3).model());
    }

    @Test
    void the_provider_is_the_last_calls() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                new ModelCallStarted(CallId.of("c1"), "anthropic", "claude-sonnet-4-6", 1, null),
                completed("c1", text("a")),
                new ModelCallStarted(CallId.of("c2"), "google", "gemini-3", 1, null)));

        assertNull(entries.get(0).provider(), "no call yet");
        assertEquals("anthropic", entries.get(1).provider());
        assertEquals("anthropic", entries.get(2).provider());
        assertEquals("google", entries.get(3).provider());
    }

    @Test
    void a_provider_override_names_the_provider_until_the_next_call_and_a_model_only_override_keeps_it() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                callStarted("c1"),
                completed("c1", text("a")),
                SettingsChanged.model("openai", "gpt-5"),
                SettingsChanged.model(null, "gpt-5-mini"),
                new ModelCallStarted(CallId.of("c2"), "google", "gemini-3", 1, null)));

        assertEquals("anthropic", entries.get(2).provider());
        assertEquals("openai", entries.get(3).provider());
        assertEquals("openai", entries.get(4).provider(), "an override of the model alone keeps the provider");
        assertEquals("gpt-5-mini", entries.get(4).model());
        assertEquals("google", entries.get(5).provider());
    }

    @Test
    void a_failed_call_keeps_its_provider() {
        List<SessionSummary> entries = entries(Recorded.events(started(),
                new ModelCallStarted(CallId.of("c1"), "openai", "gpt-5", 1, null),
                ModelCallFailed.of(CallId.of("c1"), "openai", "gpt-5", FailureKind.RATE_LIMITED),
                user("again?")));

        assertEquals("openai", entries.get(2).provider());
        assertEquals(FailureKind.RATE_LIMITED, entries.get(2).lastFailure());
        assertEquals("openai", entries.get(3).provider());
    }

    @Test
    void the_constructor_of_the_previous_versions_makes_an_entry_without_a_provider() {
        SessionSummary old = new SessionSummary(Recorded.SESSION, null, "main", "telegram", State.IDLE, 3, 1, 0,
                null, "gpt-5", 12, Recorded.at(1), Recorded.at(3), null);

        assertNull(old.provider());
        assertEquals("gpt-5", old.model());
        assertEquals(12, old.totalTokens());
        assertEquals(new SessionSummary(Recorded.SESSION, null, "main", "telegram", State.IDLE, 3, 1, 0, null, "gpt-5",
                null, 12, Recorded.at(1), Recorded.at(3), null), old);
    }

    @Test
    void an_ended_session_keeps_its_end_reason() {
        SessionSummary entry = summaryOf(started(), user("hi"), new SessionEnded(SessionEnded.Reason.EXPIRED));

        assertEquals(State.ENDED, entry.state());
        assertTrue(entry.ended());
        assertEquals(SessionEnded.Reason.EXPIRED, entry.endReason());
    }

    @Test
    void an_outcome_without_an_open_call_never_counts_below_zero() {
        SessionSummary entry = summaryOf(started(), completed("ghost", text("?")));

        assertEquals(0, entry.openCalls());
        assertEquals(State.IDLE, entry.state());
    }

    @Test
    void token_totals_saturate_instead_of_overflowing() {
        Usage huge = new Usage(0, 0, 0, 0, Long.MAX_VALUE, 0);
        SessionSummary entry = summaryOf(started(),
                callStarted("a"), new ModelCallCompleted(CallId.of("a"), List.of(), huge, "stop"),
                callStarted("b"), new ModelCallCompleted(CallId.of("b"), List.of(), huge, "stop"));

        assertEquals(Long.MAX_VALUE, entry.totalTokens());
    }

    @Test
    void an_event_of_another_session_is_refused() {
        SessionSummary entry = summaryOf(started());
        RecordedEvent foreign = Recorded.event(SessionId.of("s2"), 2, user("hi"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionSummaries.apply(entry, foreign));
        assertTrue(e.getMessage().contains("s2") && e.getMessage().contains("s1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionSummaries.apply(entry, null));
    }

    @Test
    void the_incremental_entry_agrees_with_a_full_fold_at_every_step() {
        for (int seed = 0; seed < 200; seed++) {
            List<RecordedEvent> events = Recorded.events(Recorded.SESSION, RandomLogs.generate(new Random(seed), 150));
            List<SessionSummary> entries = entries(events);
            for (int i = 0; i < events.size(); i++) {
                List<RecordedEvent> prefix = events.subList(0, i + 1);
                SessionStatus status = SessionStatusProjection.INSTANCE.fold(prefix).status();
                SessionSummary entry = entries.get(i);
                String where = "seed " + seed + ", after event " + (i + 1);

                assertEquals(status.state(), entry.state(), where);
                assertEquals(status.lastFailure(), entry.lastFailure(), where);
                assertEquals(status.model(), entry.model(), where);
                assertEquals(status.provider(), entry.provider(), where);
                assertEquals(status.totalTokens(), entry.totalTokens(), where);
                assertEquals(status.updatedAt(), entry.updatedAt(), where);
                assertEquals(countMessages(prefix), entry.messageCount(), where);
                assertEquals(countOpenCalls(prefix), entry.openCalls(), where);
                assertEquals(i + 1, entry.lastSequence(), where);
                assertEquals(Recorded.at(1), entry.createdAt(), where);
            }
        }
    }

    private static long countMessages(List<RecordedEvent> events) {
        return events.stream()
                .map(RecordedEvent::event)
                .filter(e -> e instanceof UserMessageReceived || e instanceof ModelCallCompleted)
                .count();
    }

    private static int countOpenCalls(List<RecordedEvent> events) {
        long startedCalls = events.stream().filter(e -> e.event() instanceof ModelCallStarted).count();
        long endedCalls = events.stream()
                .filter(e -> e.event() instanceof ModelCallCompleted
                        || e.event() instanceof ModelCallFailed)
                .count();
        return (int) (startedCalls - endedCalls);
    }
}
