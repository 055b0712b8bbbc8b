package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.callStarted;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.testing.MutableClock;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store of several partitions: where sessions go, what positions say, and that every part of the store reaches every partition. */
class PartitionedStoreTest {
    private static final int PARTITIONS = 4;
    private static final int SESSIONS = 24;

    @TempDir
    Path dir;

    private static ChronicleStoreOptions options() {
        return quiet().withPartitions(PARTITIONS);
    }

    private static ChronicleStoreOptions options(Clock clock) {
        return ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO).partitions(PARTITIONS).clock(clock)
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
    }

    private static SessionId session(int n) {
        return SessionId.of("part-" + n);
    }

    /** Appends a start and {@code messages} messages to each of {@link #SESSIONS} sessions, round robin. */
    private static List<AppendResult> fill(ChronicleSessionStore store, int messages) {
        List<AppendResult> results = new ArrayList<>();
        for (int n = 0; n < SESSIONS; n++) {
            results.add(store.append(session(n), ExpectedSequence.noSession(), List.of(started("p" + n))).join());
        }
        for (int m = 0; m < messages; m++) {
            for (int n = 0; n < SESSIONS; n++) {
                results.add(store.append(session(n), ExpectedSequence.any(), List.of(message("p" + n + "-" + m)))
                        .join());
            }
        }
        return results;
    }

    @Test
    void a_store_keeps_the_partitions_it_was_created_with_in_a_format_2_layout() throws IOException {
        ChronicleSessionStore.open(dir, options()).close();
        String metadata = Files.readString(dir.resolve("sessionlog-store.properties"));
        assertTrue(metadata.contains("format=2") && metadata.contains("partitions=4"), metadata);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertTrue(Files.isDirectory(dir.resolve("partitions").resolve(Integer.toString(partition)).resolve("log")));
        }
        assertFalse(Files.exists(dir.resolve("log")), "no log of its own in the store directory");
        try (ChronicleSessionStore reopened = ChronicleSessionStore.open(dir, quiet().withPartitions(7))) {
            assertEquals(PARTITIONS, reopened.partitions());
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(PARTITIONS, reader.partitions());
        }
    }

    @Test
    void a_store_of_one_partition_is_still_written_in_format_1() throws IOException {
        ChronicleSessionStore.open(dir, quiet().withPartitions(1)).close();
        assertTrue(Files.readString(dir.resolve("sessionlog-store.properties")).contains("format=1"));
        assertTrue(Files.isDirectory(dir.resolve("log")));
        assertFalse(Files.exists(dir.resolve("partitions")));
    }

    @Test
    void format_2_metadata_without_a_valid_partition_count_is_refused() throws IOException {
        ChronicleSessionStore.open(dir, options()).close();
        Path metadata = dir.resolve("sessionlog-store.properties");
        String written = Files.readString(metadata);
        for (String partitions : List.of("partitions=1", "partitions=65", "partitions=four")) {
            Files.writeString(metadata, written.replace("partitions=4", partitions));
            UnsupportedStoreFormatException refused = assertThrows(UnsupportedStoreFormatException.class,
                    () -> ChronicleSessionStore.openReadOnly(dir), partitions);
            assertTrue(refused.getMessage().contains("partitions"), refused.getMessage());
        }
    }

    @Test
    void each_session_lives_in_the_partition_its_id_hashes_to_and_its_events_name_it() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 2);
            Set<Integer> used = new HashSet<>();
            for (int n = 0; n < SESSIONS; n++) {
                int partition = Partitioning.partitionOf(session(n), PARTITIONS);
                assertEquals(partition, store.partitionOf(session(n)));
                for (RecordedEvent event : store.read(session(n), 1, 10)) {
                    assertEquals(partition, event.partition(), "event " + event.sequence() + " of " + session(n));
                }
                used.add(partition);
            }
            assertEquals(PARTITIONS, used.size(), "the test's sessions reach every partition");
        }
        for (int partition = 0; partition < PARTITIONS; partition++) {
            Set<SessionId> logged = new HashSet<>();
            RawLog.scan(dir.resolve("partitions").resolve(Integer.toString(partition)).resolve("log"),
                    new RawLog.Visitor() {
                        @Override
                        public void record(LogFiles.DayFile file, long offset, long index,
                                           Either<String, RecordFormat.Frame> record) {
                            logged.add(record.get().session());
                        }

                        @Override
                        public void damage(LogDamage damage) {
                            throw new AssertionError(damage.toString());
                        }
                    });
            for (SessionId session : logged) {
                assertEquals(partition, Partitioning.partitionOf(session, PARTITIONS),
                        session + " is in the log of partition " + partition);
            }
        }
    }

    @Test
    void positions_are_unique_in_the_store_and_increase_in_append_order_within_a_partition() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            List<AppendResult> results = fill(store, 3);
            Set<Long> positions = new HashSet<>();
            Map<Integer, Long> lastByPartition = new HashMap<>();
            for (AppendResult result : results) {
                assertTrue(positions.add(result.position()), "position " + result.position() + " given twice");
                int partition = store.partitionOf(result.session());
                Long before = lastByPartition.put(partition, result.position());
                assertTrue(before == null || before < result.position(), "partition " + partition + " goes forward");
                RecordedEvent stored = store.read(result.session(), result.lastSequence(), 1).get(0);
                assertEquals(result.position(), stored.position(), "the append result names the stored event");
            }
            AppendResult retry = store.append(session(3), ExpectedSequence.any(), List.of(message("p3-0"))).join();
            assertTrue(retry.duplicate());
            assertEquals(store.read(session(3), 2, 1).get(0).position(), retry.position(),
                    "a duplicate names the stored event's store position");
        }
    }

    @Test
    void sessions_are_listed_newest_first_across_partitions() {
        MutableClock clock = MutableClock.startingAtNewYear();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options(clock))) {
            for (int n = 0; n < SESSIONS; n++) {
                clock.advance(Duration.ofSeconds(1));
                store.append(session(n), ExpectedSequence.noSession(), List.of(started("p" + n))).join();
            }
            List<SessionId> newestFirst = new ArrayList<>();
            for (int n = SESSIONS - 1; n >= 0; n--) {
                newestFirst.add(session(n));
            }
            assertEquals(newestFirst, store.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).toList());
            assertEquals(newestFirst.subList(0, 5), store.sessions(SessionQuery.all().limit(5)).stream()
                    .map(SessionSummary::sessionId).toList());
            List<SessionId> visited = new ArrayList<>();
            store.forEachSession(summary -> visited.add(summary.sessionId()));
            assertEquals(new HashSet<>(newestFirst), new HashSet<>(visited));
            assertEquals(SESSIONS, visited.size());
        }
    }

    @Test
    void one_pass_over_the_store_gives_every_event_its_reads_give_once_each_partition_in_log_order() {
        SessionId deleted = session(5);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 3);
            store.append(deleted, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.DELETED))).join();
            assertOnePassGivesWhatReadsGive(store, deleted);
        }
        try (ChronicleSessionStore readOnly = ChronicleSessionStore.openReadOnly(dir)) {
            assertOnePassGivesWhatReadsGive(readOnly, deleted);
        }
    }

    private static void assertOnePassGivesWhatReadsGive(ChronicleSessionStore store, SessionId deleted) {
        List<RecordedEvent> read = new ArrayList<>();
        store.forEachSession(summary -> read.addAll(store.read(summary.sessionId(), 1, 1_000)));
        List<RecordedEvent> passed = new ArrayList<>();
        store.forEachEvent(passed::add);

        assertEquals(SESSIONS * 4 - 4, passed.size(), "every session's start and 3 messages, the deleted one's not");
        assertEquals(new HashSet<>(read), new HashSet<>(passed), "the same events, positions and partitions included");
        assertEquals(read.size(), new HashSet<>(passed).size(), "each once");
        assertTrue(passed.stream().noneMatch(event -> event.sessionId().equals(deleted)));
        Map<Integer, Long> last = new HashMap<>();
        for (RecordedEvent event : passed) {
            Long before = last.put(event.partition(), event.position());
            assertTrue(before == null || before < event.position(), "each partition in its log's order");
        }
        assertEquals(PARTITIONS, last.size());
    }

    @Test
    void a_subscription_delivers_each_partition_in_order_and_resumes_from_its_cursor_with_nothing_lost_or_repeated() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 4);
            int stored = SESSIONS * 5;
            List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
            String persisted;
            try (Subscription subscription = store.subscribe(SubscriptionRequest.allFromStart(), seen::add)) {
                eventually(() -> seen.size() == stored && subscription.lastDeliveredPosition()
                        == seen.get(stored - 1).position());
                Map<Integer, Long> last = new HashMap<>();
                StoreCursor expected = StoreCursor.start();
                for (RecordedEvent event : seen) {
                    Long before = last.put(event.partition(), event.position());
                    assertTrue(before == null || before < event.position(), "each partition in its order");
                    expected = expected.after(event);
                }
                assertEquals(PARTITIONS, last.size());
                assertEquals(expected, subscription.cursor());
                persisted = subscription.cursor().encode();
            }
            List<AppendResult> later = new ArrayList<>();
            for (int n = 0; n < SESSIONS; n++) {
                later.add(store.append(session(n), ExpectedSequence.any(), List.of(message("later-" + n))).join());
            }
            List<RecordedEvent> resumed = new CopyOnWriteArrayList<>();
            StoreCursor from = StoreCursor.decode(persisted);
            try (Subscription subscription = store.subscribe(SubscriptionRequest.allFrom(from), resumed::add)) {
                eventually(() -> resumed.size() == SESSIONS);
                pause();
                assertEquals(SESSIONS, resumed.size(), "nothing repeated");
                assertEquals(later.stream().map(AppendResult::position).sorted().toList(),
                        resumed.stream().map(RecordedEvent::position).sorted().toList());
                StoreCursor advanced = from;
                for (RecordedEvent event : resumed) {
                    advanced = advanced.after(event);
                }
                assertEquals(advanced, subscription.cursor(), "where it started, moved past what it delivered");
            }
        }
    }

    @Test
    void a_subscription_from_the_cursor_at_the_end_delivers_only_later_events() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 2);
            StoreCursor end = store.cursorAtEnd();
            assertEquals(PARTITIONS, end.partitions(), "every partition holds events: " + end);
            List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
            try (Subscription subscription = store.subscribe(SubscriptionRequest.allFrom(end), seen::add)) {
                pause();
                assertEquals(end, subscription.cursor(), "before the first delivery: where it started");
                AppendResult later = store.append(session(5), ExpectedSequence.any(), List.of(message("later"),
                        message("later-too"))).join();
                eventually(() -> seen.size() == 2);
                pause();
                assertEquals(List.of(later.position() - 1, later.position()),
                        seen.stream().map(RecordedEvent::position).toList());
                assertEquals(end.after(seen.get(1)), subscription.cursor());
            }
            try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
                assertEquals(store.cursorAtEnd(), reader.cursorAtEnd());
            }
        }
    }

    @Test
    void a_reader_follows_the_writer_in_every_partition() {
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, options());
             ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            fill(writer, 1);
            for (int n = 0; n < SESSIONS; n++) {
                assertEquals(2, reader.read(session(n), 1, 10).size(), session(n).toString());
                assertEquals(2, reader.summary(session(n)).orElseThrow().lastSequence());
            }
            assertEquals(SESSIONS, reader.sessions(SessionQuery.all()).size());
        }
    }

    @Test
    void the_watchdog_ends_overdue_calls_in_every_partition() {
        MutableClock clock = MutableClock.startingAtNewYear();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options(clock))) {
            for (int n = 0; n < SESSIONS; n++) {
                store.append(session(n), ExpectedSequence.noSession(), List.of(started("p" + n),
                        callStarted("call-" + n, clock.instant().plusSeconds(10)))).join();
            }
            clock.advance(Duration.ofSeconds(11));
            assertEquals(SESSIONS, store.endOverdueCalls());
            for (SessionSummary summary : store.sessions(SessionQuery.all())) {
                assertEquals(0, summary.openCalls(), summary.sessionId().toString());
            }
        }
    }

    @Test
    void verification_checks_every_partition() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 2);
            StoreVerification verification = store.verification();
            assertTrue(verification.healthy(), verification.toString());
            assertEquals(SESSIONS, verification.sessionsChecked());
            assertEquals(SESSIONS * 3L, verification.eventsChecked());
        }
    }

    @Test
    void a_damaged_partition_refuses_the_writer_is_served_salvaged_and_is_repaired_alone() throws IOException {
        Map<SessionId, Long> lengths = new HashMap<>();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            fill(store, 3);
            for (int n = 0; n < SESSIONS; n++) {
                lengths.put(session(n), store.summary(session(n)).orElseThrow().lastSequence());
            }
        }
        int damagedPartition = Partitioning.partitionOf(session(0), PARTITIONS);
        Path partitionDir = dir.resolve("partitions").resolve(Integer.toString(damagedPartition));
        DayFileDamage day = DayFileDamage.of(partitionDir);
        day.truncate(day.record(day.recordCount() - 1) + 10); // cuts the partition's last record
        StoreDamagedException refused = assertThrows(StoreDamagedException.class,
                () -> ChronicleSessionStore.open(dir, options()));
        assertTrue(refused.damage().places().stream().allMatch(place -> Path.of(place.file()).startsWith(partitionDir)),
                refused.damage().toString());
        assertEquals(1, refused.damage().lost().size(), refused.damage().toString());
        SessionId lostOne = refused.damage().lost().get(0).session();
        assertEquals(damagedPartition, Partitioning.partitionOf(lostOne, PARTITIONS));
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertTrue(reader.damage().isPresent());
            for (int n = 0; n < SESSIONS; n++) {
                long expected = session(n).equals(lostOne) ? lengths.get(session(n)) - 1 : lengths.get(session(n));
                assertEquals(expected, reader.read(session(n), 1, 100).size(), session(n).toString());
            }
        }
        RepairReport report = ChronicleSessionStore.repair(dir);
        assertTrue(report.repaired());
        Path aside = Path.of(report.movedAside().orElseThrow());
        assertEquals(dir, aside.getParent());
        assertTrue(Files.isDirectory(aside.resolve("partitions").resolve(Integer.toString(damagedPartition))
                .resolve("log")), "the damaged partition's log is kept aside");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            assertTrue(store.verification().healthy());
            for (int n = 0; n < SESSIONS; n++) {
                long expected = session(n).equals(lostOne) ? lengths.get(session(n)) - 1 : lengths.get(session(n));
                assertEquals(expected, store.read(session(n), 1, 100).size(), session(n).toString());
            }
            assertEquals(lengths.get(lostOne), store.append(lostOne, ExpectedSequence.any(), List.of(message("again")))
                    .join().lastSequence(), "the session continues from its last salvaged event");
        }
        assertFalse(ChronicleSessionStore.repair(dir).repaired(), "a healthy store is left as it is");
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
