package dev.sessionlog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One notice per failed call, in order, over events built by hand. */
class UserNoticeProjectionTest {
    private static final SessionId SESSION = SessionId.of("s-1");
    private static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");

    private final List<RecordedEvent> events = new ArrayList<>();

    private RecordedEvent record(SessionEvent event) {
        long sequence = events.size() + 1;
        RecordedEvent recorded = new RecordedEvent(1000 + sequence, SESSION, sequence, EventId.random(),
                T0.plusSeconds(sequence), event, EventMetadata.EMPTY);
        events.add(recorded);
        return recorded;
    }

    private static ModelCallStarted started(String call) {
        return new ModelCallStarted(CallId.of(call), "anthropic", "claude-sonnet-4-6", 1, T0.plusSeconds(60));
    }

    @Test
    void a_session_without_failures_has_no_notices() {
        record(SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:1"), "main", "telegram"));
        record(UserMessageReceived.text("m1", "hello"));
        record(started("c1"));
        record(new ModelCallCompleted(CallId.of("c1"), List.of(new ContentBlock.Text("hi")), Usage.of(10, 2), "stop"));
        assertEquals(List.of(), new UserNoticeProjection().fold(events));
    }

    @Test
    void each_failed_call_gives_one_notice_in_order() {
        record(SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:1"), "main", "telegram"));
        record(UserMessageReceived.text("m1", "hello"));
        record(started("c1"));
        record(new ModelCallFailed(CallId.of("c1"), "anthropic", "claude-sonnet-4-6", FailureKind.RATE_LIMITED, 429,
                "rate_limit_error", Duration.ofSeconds(30), "429 {\"type\":\"error\"}", true));
        record(started("c2"));
        record(ModelCallFailed.of(CallId.of("c2"), "anthropic", "claude-sonnet-4-6", FailureKind.TIMEOUT));
        record(UserMessageReceived.text("m2", "again?"));
        record(started("c3"));
        record(ModelCallFailed.classified(CallId.of("c3"), "gpt-4o", ProviderError.http("openai", 429,
                "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"), FailureClassifier.standard()));
        record(new TurnAborted(TurnAborted.Reason.USER_STOP, null));
        record(new DeliveryRecorded("d1", "telegram:1", "sorry"));
        record(new CustomEntryRecorded("ext", "{}"));
        record(started("c4"));
        record(ModelCallFailed.of(CallId.of("c4"), "anthropic", "claude-sonnet-4-6", FailureKind.INTERRUPTED));
        record(new SessionEnded(SessionEnded.Reason.RESET));

        List<UserNotice> notices = new UserNoticeProjection().fold(events);

        assertEquals(List.of(
                new UserNotice(4, CallId.of("c1"), FailureKind.RATE_LIMITED,
                        "Rate limited by anthropic; try again in about 30 seconds.", T0.plusSeconds(4)),
                new UserNotice(6, CallId.of("c2"), FailureKind.TIMEOUT,
                        "The AI service did not answer in time; please try again.", T0.plusSeconds(6)),
                new UserNotice(9, CallId.of("c3"), FailureKind.QUOTA_EXCEEDED,
                        "Model API quota exceeded, try again later.", T0.plusSeconds(9)),
                new UserNotice(14, CallId.of("c4"), FailureKind.INTERRUPTED,
                        "The request was interrupted when the gateway restarted; please send it again.",
                        T0.plusSeconds(14))),
                notices);
    }

    @Test
    void folding_up_to_a_sequence_shows_the_notices_as_they_were() {
        record(started("c1"));
        record(ModelCallFailed.of(CallId.of("c1"), "anthropic", null, FailureKind.OVERLOADED));
        record(started("c2"));
        record(ModelCallFailed.of(CallId.of("c2"), "anthropic", null, FailureKind.NETWORK));
        UserNoticeProjection projection = new UserNoticeProjection();
        assertEquals(1, projection.foldUpTo(events, 3).size());
        assertEquals(2, projection.foldUpTo(events, 4).size());
        assertEquals(0, projection.foldUpTo(events, 1).size());
    }

    @Test
    void replaced_templates_are_used() {
        record(ModelCallFailed.of(CallId.of("c1"), "anthropic", null, FailureKind.QUOTA_EXCEEDED));
        UserNoticeProjection projection = new UserNoticeProjection(
                NoticeTemplates.defaults().with(FailureKind.QUOTA_EXCEEDED, "Out of budget at {provider}."));
        assertEquals("Out of budget at anthropic.", projection.fold(events).get(0).text());
    }

    @Test
    void a_template_rendering_nothing_falls_back_to_the_default() {
        record(ModelCallFailed.of(CallId.of("c1"), "anthropic", null, FailureKind.OVERLOADED));
        record(ModelCallFailed.of(CallId.of("c2"), "anthropic", null, FailureKind.CANCELLED));
        NoticeTemplates nothing = failure -> failure.kind() == FailureKind.OVERLOADED ? null : " ";
        List<UserNotice> notices = new UserNoticeProjection(nothing).fold(events);
        assertEquals("The AI service is overloaded right now; please try again in a moment.", notices.get(0).text());
        assertEquals("The request was cancelled before the AI answered.", notices.get(1).text());
    }

    @Test
    void a_notice_never_carries_the_provider_body() {
        String marker = "MARKER-b41c-unique";
        String key = "sk-ant-api03-zyxwvutsrqponmlkjihgfedcba9876543210";
        record(ModelCallFailed.classified(CallId.of("c1"), "claude", ProviderError.http("anthropic", 401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"" + marker
                        + " invalid x-api-key " + key + "\"}}"), FailureClassifier.standard()));
        UserNotice notice = new UserNoticeProjection().fold(events).get(0);
        assertEquals(FailureKind.AUTH, notice.kind());
        assertFalse(notice.text().contains(marker), notice.text());
        assertFalse(notice.text().contains("sk-ant"), notice.text());
        assertFalse(notice.toString().contains(marker), notice.toString());
    }

    @Test
    void the_state_is_immutable_and_earlier_states_are_unchanged() {
        UserNoticeProjection projection = new UserNoticeProjection();
        List<UserNotice> empty = projection.initial();
        List<UserNotice> one = projection.apply(empty,
                record(ModelCallFailed.of(CallId.of("c1"), "anthropic", null, FailureKind.TIMEOUT)));
        List<UserNotice> two = projection.apply(one,
                record(ModelCallFailed.of(CallId.of("c2"), "anthropic", null, FailureKind.TIMEOUT)));
        assertEquals(0, empty.size());
        assertEquals(1, one.size());
        assertEquals(2, two.size());
        assertThrows(UnsupportedOperationException.class, () -> two.add(one.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> two.remove(0));
        assertThrows(IndexOutOfBoundsException.class, () -> two.get(2));
        assertSame(one, projection.apply(one, record(UserMessageReceived.text("m", "x"))));
    }

    @Test
    void a_plain_list_as_state_is_accepted_and_not_modified() {
        UserNoticeProjection projection = new UserNoticeProjection();
        UserNotice earlier = new UserNotice(1, CallId.of("c0"), FailureKind.UNKNOWN, "x", T0);
        List<UserNotice> plain = new ArrayList<>(List.of(earlier));
        List<UserNotice> next = projection.apply(plain,
                record(ModelCallFailed.of(CallId.of("c1"), "anthropic", null, FailureKind.TIMEOUT)));
        assertEquals(1, plain.size());
        assertEquals(2, next.size());
        assertEquals(earlier, next.get(0));
    }

    @Test
    void a_long_session_folds_to_one_notice_per_failure() {
        for (int i = 0; i < 20_000; i++) {
            record(UserMessageReceived.text("m" + i, "hello " + i));
            record(ModelCallFailed.of(CallId.of("c" + i), "anthropic", null,
                    FailureKind.values()[i % FailureKind.values().length]));
        }
        List<UserNotice> notices = new UserNoticeProjection().fold(events);
        assertEquals(20_000, notices.size());
        for (int i = 0; i < notices.size(); i++) {
            assertEquals(2L * i + 2, notices.get(i).sequence());
        }
        assertTrue(notices.stream().allMatch(n -> !n.text().isBlank()));
    }

    @Test
    void null_arguments_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new UserNoticeProjection(null));
        UserNoticeProjection projection = new UserNoticeProjection();
        RecordedEvent event = record(UserMessageReceived.text("m", "x"));
        assertThrows(IllegalArgumentException.class, () -> projection.apply(null, event));
        assertThrows(IllegalArgumentException.class, () -> projection.apply(projection.initial(), null));
    }
}
