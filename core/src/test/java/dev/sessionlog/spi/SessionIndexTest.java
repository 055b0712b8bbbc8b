package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.testing.RandomLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session index as rows: it must answer exactly what folding each session's events into a
 * {@link SessionSummary} answers ({@link SessionSummaries#apply}, the rules), list sessions as a
 * sort of those summaries would, and never show a reader half of a change.
 */
class SessionIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final SessionSlots slots = new SessionSlots();
    private final SessionIndex index = new SessionIndex(slots);
    /** What the rules give, event by event, and each session's newest position. */
    private final Map<SessionId, SessionSummary> folded = new LinkedHashMap<>();
    private final Map<SessionId, Long> lastPositions = new HashMap<>();
    private long position;

    private void apply(SessionId session, Instant at, SessionEvent event) {
        apply(session, at, event, EventMetadata.EMPTY);
    }

    private void apply(SessionId session, Instant at, SessionEvent event, EventMetadata metadata) {
        SessionSummary previous = folded.get(session);
        RecordedEvent recorded = new RecordedEvent(position++, session,
                previous == null ? 1 : previous.lastSequence() + 1, EventId.random(), at, event, metadata);
        index.apply(recorded);
        folded.put(session, SessionSummaries.apply(previous, recorded));
        lastPositions.put(session, recorded.position());
    }

    /**
     * Thirty random sessions, their events interleaved; instants that repeat, go back, and leave a
     * nanosecond count's range; some sessions imported, with their events' own times (hours before
     * they were recorded, not always in order).
     */
    private void applyRandomSessions(Random random) {
        List<SessionId> sessions = new ArrayList<>();
        List<List<SessionEvent>> logs = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            sessions.add(SessionId.of(s % 2 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", s) : "s-" + s));
            List<SessionEvent> log = new ArrayList<>(RandomLogs.generate(random, 5 + random.nextInt(40)));
            log.set(0, s % 5 == 0 ? SessionStarted.initial(null, "main", "telegram")
                    : SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:" + s % 7), "agent-" + s % 3,
                            s % 4 == 0 ? null : "telegram"));
            if (s % 5 == 0) {
                log.add(1, new SessionKeyAssigned(SessionKey.of("agent:late:" + s), null, "slack", null));
            }
            if (s % 6 == 1) {
                log.add(new SessionEnded(SessionEnded.Reason.DELETED));
            }
            logs.add(log);
        }
        int[] next = new int[sessions.size()];
        Instant clock = T0;
        for (int remaining = logs.stream().mapToInt(List::size).sum(); remaining > 0; remaining--) {
            int s;
            do {
                s = random.nextInt(sessions.size());
            } while (next[s] == logs.get(s).size());
            int pick = random.nextInt(10);
            clock = pick == 0 ? clock : pick == 1 ? clock.minusMillis(random.nextInt(1000))
                    : clock.plusNanos(1 + random.nextInt(1_000_000));
            Instant at = s == 3 ? Instant.parse("1500-01-01T00:00:00Z").plusNanos(next[s])
                    : s == 4 ? Instant.parse("2500-01-01T00:00:00.000000001Z").plusSeconds(next[s]) : clock;
            EventMetadata metadata = s % 3 == 2
                    ? EventMetadata.EMPTY.withOccurredAt(T0.minusSeconds(36_000 - 60L * next[s] + random.nextInt(120)))
                    : EventMetadata.EMPTY;
            apply(sessions.get(s), at, logs.get(s).get(next[s]++), metadata);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void the_index_answers_what_folding_each_sessions_events_gives(long seed) {
        applyRandomSessions(new Random(seed));
        for (Map.Entry<SessionId, SessionSummary> entry : folded.entrySet()) {
            SessionId session = entry.getKey();
            SessionSummary expected = entry.getValue();
            int slot = slots.slotOf(session);
            boolean deleted = expected.endReason() == SessionEnded.Reason.DELETED;
            assertEquals(deleted ? Optional.empty() : Optional.of(expected), index.summary(session));
            assertEquals(expected.lastSequence(), index.lastSequence(slot));
            assertEquals(expected.endReason(), index.endReason(slot));
            assertEquals(expected.sessionKey(), index.sessionKey(slot));
            assertTrue(index.contains(slot));
        }
        assertTrue(index.summary(SessionId.of("never-seen")).isEmpty());
        assertEquals(-1, index.slotOf(SessionId.of("never-seen")));
    }

    @Test
    void instants_a_nanosecond_count_cannot_hold_are_kept_exactly() {
        SessionId session = SessionId.of("far");
        for (Instant at : List.of(Instant.MIN, Instant.parse("1677-09-21T00:12:43.145224191Z"),
                Instant.parse("1677-09-21T00:12:43.145224192Z"), Instant.EPOCH.minusNanos(1),
                Instant.parse("2262-04-11T23:47:16.854775807Z"), Instant.parse("2262-04-11T23:47:16.854775808Z"),
                Instant.MAX)) {
            apply(session, at, folded.isEmpty() ? SessionStarted.initial(null, null, null)
                    : UserMessageReceived.text(null, "hi"));
            assertEquals(Optional.of(folded.get(session)), index.summary(session), at.toString());
            assertEquals(at, index.summary(session).orElseThrow().updatedAt());
            assertEquals(Instant.MIN, index.summary(session).orElseThrow().createdAt());
        }
    }

    @Test
    void a_listing_is_what_sorting_the_summaries_newest_first_gives() {
        applyRandomSessions(new Random(9));
        Comparator<SessionSummary> newestFirst = Comparator.comparing(SessionSummary::updatedAt)
                .thenComparing(summary -> lastPositions.get(summary.sessionId())).reversed();
        Instant middle = folded.values().stream().map(SessionSummary::updatedAt).sorted().toList().get(folded.size() / 2);
        List<SessionQuery> queries = List.of(SessionQuery.all(), SessionQuery.active(),
                SessionQuery.byKey(SessionKey.of("agent:main:telegram:direct:3")), SessionQuery.all().limit(1),
                SessionQuery.all().limit(7), SessionQuery.active().limit(3), SessionQuery.all().updatedSince(middle),
                SessionQuery.all().updatedSince(Instant.MIN), SessionQuery.all().updatedSince(Instant.MAX),
                SessionQuery.byKey(SessionKey.of("agent:late:10")));
        for (SessionQuery query : queries) {
            List<SessionSummary> expected = folded.values().stream()
                    .filter(summary -> summary.endReason() != SessionEnded.Reason.DELETED && query.matches(summary))
                    .sorted(newestFirst).limit(query.limit()).toList();
            assertEquals(expected, index.sessions(query), query.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void the_index_selects_exactly_what_the_query_matches_for_random_criteria(long seed) {
        Random random = new Random(seed);
        applyRandomSessions(random);
        List<SessionSummary> summaries = List.copyOf(folded.values());
        int nonEmpty = 0;
        for (int i = 0; i < 400; i++) {
            SessionQuery query = randomQuery(random, summaries.get(random.nextInt(summaries.size())));
            List<SessionSummary> expected = folded.values().stream()
                    .filter(summary -> summary.endReason() != SessionEnded.Reason.DELETED && query.matches(summary))
                    .sorted(newestFirst()).limit(query.limit()).toList();
            assertEquals(expected, index.sessions(query), query.toString());
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(nonEmpty > 100, "most queries take their values from a session, so they select some: " + nonEmpty);
    }

    /**
     * Each criterion present one time in three, its value mostly taken from {@code some} session (so
     * that it selects something), else one that may select nothing.
     */
    private static SessionQuery randomQuery(Random random, SessionSummary some) {
        SessionQuery query = new SessionQuery(random.nextInt(5) == 0 ? some.sessionKey() : null, random.nextBoolean(),
                null, random.nextInt(4) == 0 ? SessionQuery.MAX_LIMIT : 1 + random.nextInt(12));
        String key = some.sessionKey() == null ? "agent:main:telegram:direct:3" : some.sessionKey().value();
        if (random.nextInt(3) == 0) {
            query = query.keyPrefix(random.nextInt(4) == 0 ? "agent:mai" + (char) ('m' + random.nextInt(3))
                    : key.substring(0, 1 + random.nextInt(key.length())));
        }
        if (random.nextInt(3) == 0) {
            query = query.provider(some.provider() != null && random.nextInt(4) > 0 ? some.provider()
                    : "p" + random.nextInt(4));
        }
        if (random.nextInt(3) == 0) {
            query = query.model(some.model() != null && random.nextInt(4) > 0 ? some.model() : "m" + random.nextInt(6));
        }
        if (random.nextInt(3) == 0) {
            query = query.lastFailure(some.lastFailure() != null && random.nextInt(4) > 0 ? some.lastFailure()
                    : FailureKind.values()[random.nextInt(FailureKind.values().length)]);
        }
        if (random.nextInt(3) == 0) {
            query = query.updatedSince(near(random, some.updatedAt()));
        }
        if (random.nextInt(3) == 0) {
            query = query.updatedBefore(near(random, some.updatedAt()));
        }
        if (random.nextInt(3) == 0) {
            query = query.state(random.nextInt(4) > 0 ? some.state()
                    : SessionSummary.State.values()[random.nextInt(SessionSummary.State.values().length)]);
        }
        return query;
    }

    /** {@code at}, a nanosecond either side, a second later, or one of the extremes. */
    private static Instant near(Random random, Instant at) {
        return switch (random.nextInt(6)) {
            case 0 -> at.minusNanos(1);
            case 1 -> at.plusNanos(1);
            case 2 -> at.plusSeconds(1);
            case 3 -> random.nextBoolean() ? Instant.MIN : Instant.MAX;
            default -> at;
        };
    }

    private Comparator<SessionSummary> newestFirst() {
        return Comparator.comparing(SessionSummary::updatedAt)
                .thenComparing(summary -> lastPositions.get(summary.sessionId())).reversed();
    }

    @Test
    void a_narrow_query_lists_every_match_however_many_and_the_limit_counts_only_matches() {
        for (int i = 0; i < 500; i++) {
            SessionId session = SessionId.of("s-" + i);
            apply(session, T0.plusSeconds(i), SessionStarted.initial(SessionKey.of("agent:main:" + i), null, null));
            apply(session, T0.plusSeconds(i), SettingsChanged.model(i % 3 == 0 ? "anthropic" : "openai", "m"));
        }
        List<SessionSummary> anthropic = index.sessions(SessionQuery.all().provider("anthropic"));
        assertEquals(167, anthropic.size());
        assertEquals("s-498", anthropic.get(0).sessionId().value());
        assertEquals("s-0", anthropic.get(166).sessionId().value());
        assertEquals(List.of("s-498", "s-495", "s-492"), index.sessions(SessionQuery.all().provider("anthropic").limit(3))
                .stream().map(summary -> summary.sessionId().value()).toList());
    }

    @Test
    void sessions_updated_at_the_same_instant_are_listed_newest_event_first() {
        Instant same = T0.plusSeconds(60);
        for (String name : List.of("b", "c", "a")) {
            apply(SessionId.of(name), T0, SessionStarted.initial(null, null, null));
        }
        for (String name : List.of("c", "a", "b")) {
            apply(SessionId.of(name), same, UserMessageReceived.text(null, "hi"));
        }
        apply(SessionId.of("d"), T0.plusSeconds(1), SessionStarted.initial(null, null, null));
        assertEquals(List.of("b", "a", "c", "d"),
                index.sessions(SessionQuery.all()).stream().map(summary -> summary.sessionId().value()).toList());
        assertEquals(List.of("b", "a"),
                index.sessions(SessionQuery.all().limit(2)).stream().map(summary -> summary.sessionId().value()).toList());
    }

    @Test
    void a_listing_shows_the_sessions_as_they_were_when_it_was_made() {
        SessionId session = SessionId.of("a");
        apply(session, T0, SessionStarted.initial(SessionKey.of("k"), null, null));
        SessionSummary started = folded.get(session);
        List<SessionSummary> listed = index.sessions(SessionQuery.all());
        apply(session, T0.plusSeconds(1), UserMessageReceived.text(null, "later"));
        apply(session, T0.plusSeconds(2), new SessionEnded(SessionEnded.Reason.DELETED));
        assertEquals(List.of(started), listed);
        assertEquals(List.of(), index.sessions(SessionQuery.all()));
    }

    @Test
    void a_reader_never_sees_half_of_a_change() throws Exception {
        SessionId session = SessionId.of("busy");
        apply(session, T0.plusSeconds(1), SessionStarted.initial(null, null, null));
        AtomicReference<String> torn = new AtomicReference<>();
        long[] reads = new long[1];
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && torn.get() == null) {
                SessionSummary read = index.summary(session).orElseThrow();
                long sequence = read.lastSequence();
                // every second event a message, every other a model change: each field follows the sequence
                boolean consistent = read.messageCount() == sequence / 2
                        && read.updatedAt().equals(T0.plusSeconds(sequence))
                        && (sequence < 3 ? read.model() == null
                                : read.model().equals("m-" + (sequence % 2 == 1 ? sequence : sequence - 1)));
                if (!consistent) {
                    torn.set("sequence " + sequence + " read with " + read);
                }
                reads[0]++;
            }
        });
        reader.start();
        for (long sequence = 2; sequence <= 300_000 && torn.get() == null; sequence++) {
            apply(session, T0.plusSeconds(sequence), sequence % 2 == 0 ? UserMessageReceived.text(null, "hi")
                    : SettingsChanged.model(null, "m-" + sequence));
        }
        reader.interrupt();
        reader.join();
        assertNull(torn.get());
        assertTrue(reads[0] > 0);
    }

    @Test
    void exported_entries_restored_into_an_index_of_other_slots_answer_alike() {
        applyRandomSessions(new Random(3));
        SessionIndex restored = new SessionIndex(new SessionSlots());
        restored.restore(index.export());
        for (SessionId session : folded.keySet()) {
            assertEquals(index.summary(session), restored.summary(session));
        }
        assertEquals(index.sessions(SessionQuery.all()), restored.sessions(SessionQuery.all()));
        SessionId later = folded.keySet().iterator().next();
        apply(later, T0.plusSeconds(999_999), UserMessageReceived.text(null, "after the export"));
        assertEquals(folded.get(later).lastSequence() - 1, restored.summary(later).orElseThrow().lastSequence(),
                "an export is a copy");
    }

    @Test
    void a_removed_session_is_gone_and_a_new_one_of_its_id_starts_afresh() {
        applyRandomSessions(new Random(4));
        SessionId removed = folded.keySet().stream()
                .filter(session -> folded.get(session).endReason() != SessionEnded.Reason.DELETED
                        && folded.get(session).sessionKey() != null)
                .findFirst().orElseThrow();
        int slot = slots.slotOf(removed);
        int before = index.export().count();
        index.remove(removed);
        folded.remove(removed);

        assertTrue(index.summary(removed).isEmpty());
        assertFalse(index.contains(slot));
        assertEquals(0, index.lastSequence(slot));
        assertNull(index.endReason(slot));
        assertNull(index.sessionKey(slot));
        assertEquals(before - 1, index.export().count());
        assertTrue(index.sessions(SessionQuery.all()).stream().noneMatch(s -> s.sessionId().equals(removed)));
        SessionIndex restored = new SessionIndex(new SessionSlots());
        restored.restore(index.export());
        assertTrue(restored.summary(removed).isEmpty(), "an export holds no removed row");

        apply(removed, T0, SessionStarted.initial(null, "again", null));
        SessionSummary again = index.summary(removed).orElseThrow();
        assertEquals(folded.get(removed), again);
        assertEquals(1, again.lastSequence());
        assertNull(again.sessionKey());
        assertEquals(T0, again.createdAt());
    }

    @Test
    void an_imported_sessions_row_keeps_its_events_own_times_and_updated_at_never_goes_back() {
        SessionId session = SessionId.of("imported");
        Instant created = Instant.parse("2025-11-20T23:33:50.805Z");
        Instant earlier = Instant.parse("2025-11-20T23:33:01.550Z");
        Instant last = Instant.parse("2025-11-21T08:00:00Z");
        apply(session, T0, SessionStarted.initial(null, null, null), EventMetadata.EMPTY.withOccurredAt(created));
        apply(session, T0.plusSeconds(1), UserMessageReceived.text(null, "hi"),
                EventMetadata.EMPTY.withOccurredAt(earlier));
        SessionSummary afterEarlier = index.summary(session).orElseThrow();
        assertEquals(created, afterEarlier.createdAt());
        assertEquals(created, afterEarlier.updatedAt(), "an earlier time does not move updatedAt back");
        apply(session, T0.plusSeconds(2), UserMessageReceived.text(null, "later"),
                EventMetadata.EMPTY.withOccurredAt(last));
        SessionSummary latest = index.summary(session).orElseThrow();
        assertEquals(created, latest.createdAt());
        assertEquals(last, latest.updatedAt());
        assertEquals(folded.get(session), latest);
    }
}
