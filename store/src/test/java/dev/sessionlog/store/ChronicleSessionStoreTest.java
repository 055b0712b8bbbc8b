package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.callStarted;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.onePartition;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.StoreLockedException;
import dev.sessionlog.StoreReadOnlyException;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.failure.FailureKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleSessionStoreTest {
    @TempDir
    Path dir;

    private static final SessionId SESSION = SessionId.of("s1");

    @Test
    void appended_events_are_read_back_in_sequence_after_a_reopen() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            AppendResult first = store.append(SESSION, ExpectedSequence.noSession(),
                    List.of(started("one"), message("m1"))).join();
            assertEquals(1, first.firstSequence());
            assertEquals(2, first.lastSequence());
            store.append(SESSION, ExpectedSequence.exactly(2), List.of(message("m2"))).join();
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            List<RecordedEvent> events = store.read(SESSION, 1, 10);
            assertEquals(List.of(1L, 2L, 3L), events.stream().map(RecordedEvent::sequence).toList());
            assertEquals(message("m2"), events.get(2).event());
            assertTrue(events.get(0).position() < events.get(1).position());
            assertEquals(4, store.append(SESSION, ExpectedSequence.any(), List.of(message("m3"))).join().firstSequence());
            assertEquals(4, store.summary(SESSION).orElseThrow().lastSequence());
        }
    }

    @Test
    void reading_the_last_50_of_50000_events_decodes_exactly_50_records() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("long"))).join();
            List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
            for (int i = 2; i <= 50_000; i++) {
                pending.add(store.append(SESSION, ExpectedSequence.any(), List.of(message("m" + i))));
                if (pending.size() == 1000) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
            pending.forEach(CompletableFuture::join);
            long before = store.decodedEvents();
            List<RecordedEvent> last = store.readLast(SESSION, 50);
            assertEquals(50, store.decodedEvents() - before);
            assertEquals(50, last.size());
            assertEquals(49_951, last.get(0).sequence());
            assertEquals(50_000, last.get(49).sequence());
        }
    }

    @Test
    void reading_the_newest_events_again_decodes_only_those_appended_since() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.quiet())) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("again"))).join();
            for (int i = 2; i <= 200; i++) {
                store.append(SESSION, ExpectedSequence.any(), List.of(message("m" + i))).join();
            }
            long before = store.decodedEvents();
            List<RecordedEvent> first = store.readLast(SESSION, 50);
            assertEquals(50, store.decodedEvents() - before);
            assertEquals(first, store.readLast(SESSION, 50));
            assertEquals(50, store.decodedEvents() - before, "read again: nothing decoded");
            store.append(SESSION, ExpectedSequence.any(), List.of(message("m201"), message("m202"))).join();
            List<RecordedEvent> later = store.readLast(SESSION, 50);
            assertEquals(52, store.decodedEvents() - before, "only the two appended since");
            assertEquals(List.of(153L, 202L), List.of(later.get(0).sequence(), later.get(49).sequence()));
            assertEquals(first.subList(2, 50), later.subList(0, 48));
            assertEquals(message("m202"), later.get(49).event());
            assertEquals(store.read(SESSION, 100, 60).stream().map(RecordedEvent::event).toList(),
                    store.read(SESSION, 100, 60).stream().map(RecordedEvent::event).toList());
            store.append(SESSION, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.DELETED))).join();
            assertEquals(List.of(), store.readLast(SESSION, 50), "a deleted session is never answered from memory");
        }
    }

    @Test
    void reads_from_many_threads_at_once_while_the_writer_appends_see_consistent_sessions() throws Exception {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            List<SessionId> sessions = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                SessionId session = SessionId.of("r" + s);
                sessions.add(session);
                store.append(session, ExpectedSequence.noSession(), List.of(started("r" + s))).join();
            }
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(16);
            List<java.util.concurrent.Future<Integer>> checks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                SessionId mine = sessions.get(t);
                checks.add(readers.submit(() -> {
                    int reads = 0;
                    for (int i = 0; i < 100; i++) {
                        List<RecordedEvent> all = store.read(mine, 1, Integer.MAX_VALUE);
                        for (int k = 0; k < all.size(); k++) {
                            assertEquals(k + 1, all.get(k).sequence());
                            assertEquals(mine, all.get(k).sessionId());
                        }
                        List<RecordedEvent> last = store.readLast(mine, 3);
                        assertTrue(last.size() <= 3 && !last.isEmpty());
                        reads += 2;
                    }
                    return reads;
                }));
            }
            for (int i = 0; i < 2000; i++) {
                store.append(sessions.get(i % 16), ExpectedSequence.any(), List.of(message("w" + i)));
            }
            for (java.util.concurrent.Future<Integer> check : checks) {
                assertEquals(200, check.get());
            }
            readers.shutdown();
        }
    }

    @Test
    void read_last_racing_appends_on_fresh_threads_sees_every_acknowledged_event_in_order() throws Exception {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            List<SessionId> sessions = List.of(SessionId.of("race-a"), SessionId.of("race-b"), SessionId.of("race-c"));
            java.util.concurrent.atomic.AtomicLongArray acknowledged = new java.util.concurrent.atomic.AtomicLongArray(3);
            for (int s = 0; s < 3; s++) {
                store.append(sessions.get(s), ExpectedSequence.noSession(), List.of(started("race" + s))).join();
                acknowledged.set(s, 1);
            }
            java.util.concurrent.ExecutorService threadPerRead = java.util.concurrent.Executors.newCachedThreadPool();
            List<java.util.concurrent.Future<String>> reads = new ArrayList<>();
            try {
                for (int i = 0; i < 3000; i++) {
                    int s = i % 3;
                    long sequence = store.append(sessions.get(s), ExpectedSequence.any(), List.of(message("w" + i))).join()
                            .lastSequence();
                    acknowledged.set(s, sequence);
                    if (i % 10 == 0) {
                        java.util.concurrent.ExecutorService executor = i % 20 == 0
                                ? threadPerRead : java.util.concurrent.ForkJoinPool.commonPool();
                        reads.add(executor.submit(() -> checkNewest(store, sessions.get(s), acknowledged.get(s))));
                    }
                }
                for (java.util.concurrent.Future<String> read : reads) {
                    assertEquals("", read.get());
                }
            } finally {
                threadPerRead.shutdownNow();
            }
        }
    }

    /** What is wrong with the newest 50 events of {@code session}, read after {@code acknowledged} was; "" when nothing. */
    private static String checkNewest(ChronicleSessionStore store, SessionId session, long acknowledged) {
        List<RecordedEvent> newest = store.readLast(session, 50);
        long last = newest.get(newest.size() - 1).sequence();
        if (last < acknowledged) {
            return "the newest event is " + last + ", but " + acknowledged + " was acknowledged before the read";
        }
        if (newest.size() != Math.min(50, last)) {
            return newest.size() + " events for a session of " + last;
        }
        for (int k = 0; k < newest.size(); k++) {
            RecordedEvent event = newest.get(k);
            if (event.sequence() != last - newest.size() + 1 + k || !event.sessionId().equals(session)) {
                return "event " + k + " is " + event.sessionId() + " #" + event.sequence();
            }
        }
        return "";
    }

    @Test
    void a_second_writer_is_refused_at_once_with_the_owner_pid() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            StoreLockedException refused = assertThrows(StoreLockedException.class,
                    () -> ChronicleSessionStore.open(dir, onePartition()));
            assertEquals(ProcessHandle.current().pid(), refused.ownerPid());
            assertEquals(store.directory().toString(), refused.directory());
        }
        ChronicleSessionStore.open(dir, onePartition()).close();
    }

    @Test
    void a_read_only_store_refuses_appends_and_sees_later_appends_of_the_writer() {
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, onePartition());
             ChronicleSessionStore reader = openReadOnlyAfterFirstAppend(writer)) {
            assertEquals(1, reader.read(SESSION, 1, 10).size());
            writer.append(SESSION, ExpectedSequence.any(), List.of(message("later"))).join();
            assertEquals(2, reader.read(SESSION, 1, 10).size());
            assertEquals(2, reader.summary(SESSION).orElseThrow().lastSequence());
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> reader.append(SESSION, ExpectedSequence.any(), List.of(message("no"))).join());
            assertInstanceOf(StoreReadOnlyException.class, refused.getCause());
        }
    }

    private ChronicleSessionStore openReadOnlyAfterFirstAppend(ChronicleSessionStore writer) {
        writer.append(SESSION, ExpectedSequence.noSession(), List.of(started("ro"))).join();
        return ChronicleSessionStore.openReadOnly(dir);
    }

    @Test
    void a_call_past_its_deadline_is_ended_with_timeout_and_a_late_complete_is_refused() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(SESSION, ExpectedSequence.noSession(),
                    List.of(started("deadline"), callStarted("c1", Instant.now().minusSeconds(1)))).join();
            assertEquals(1, store.endOverdueCalls());
            SessionEvent last = store.readLast(SESSION, 1).get(0).event();
            assertEquals(FailureKind.TIMEOUT, ((ModelCallFailed) last).kind());
            assertEquals(0, store.endOverdueCalls());
        }
    }

    @Test
    void calls_left_open_are_ended_as_interrupted_when_the_store_reopens() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(SESSION, ExpectedSequence.noSession(),
                    List.of(started("open"), callStarted("c1", Instant.now().plusSeconds(3600)))).join();
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            RecordedEvent last = store.readLast(SESSION, 1).get(0);
            assertEquals(3, last.sequence());
            assertEquals(FailureKind.INTERRUPTED, ((ModelCallFailed) last.event()).kind());
        }
    }

    @Test
    void a_deleted_session_is_no_longer_readable() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("del"), message("m1"))).join();
            store.append(SESSION, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.DELETED))).join();
            assertEquals(List.of(), store.read(SESSION, 1, 10));
            assertTrue(store.summary(SESSION).isEmpty());
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(List.of(), store.readLast(SESSION, 10));
        }
    }

    @Test
    void a_store_of_a_newer_format_is_refused_with_a_typed_exception() throws Exception {
        ChronicleSessionStore.open(dir, onePartition()).close();
        Path metadata = dir.resolve("sessionlog-store.properties");
        Files.writeString(metadata, Files.readString(metadata).replace("format=1", "format=3"));
        UnsupportedStoreFormatException refused = assertThrows(UnsupportedStoreFormatException.class,
                () -> ChronicleSessionStore.open(dir, onePartition()));
        assertTrue(refused.getMessage().contains("store format 3"), refused.getMessage());
    }

    @Test
    void for_each_session_visits_every_session_ended_ones_included_deleted_ones_not() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            for (int i = 0; i < 5; i++) {
                store.append(SessionId.of("each-" + i), ExpectedSequence.noSession(), List.of(started("each-" + i)))
                        .join();
            }
            store.append(SessionId.of("each-3"), ExpectedSequence.any(),
                    List.of(new SessionEnded(SessionEnded.Reason.RESET))).join();
            store.append(SessionId.of("each-4"), ExpectedSequence.any(),
                    List.of(new SessionEnded(SessionEnded.Reason.DELETED))).join();
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            Set<String> seen = new TreeSet<>();
            reader.forEachSession(summary -> seen.add(summary.sessionId().value()));
            assertEquals(Set.of("each-0", "each-1", "each-2", "each-3"), seen);
        }
    }

    @Test
    void an_open_that_fails_partway_removes_what_it_created_and_leaves_the_rest() throws IOException {
        Files.createDirectories(dir);
        Path notADirectory = Files.writeString(dir.resolve("log"), "not a log");
        assertThrows(UncheckedIOException.class, () -> ChronicleSessionStore.open(dir, onePartition()));
        try (Stream<Path> children = Files.list(dir)) {
            assertEquals(List.of(notADirectory), children.toList(), "only what was there before is left");
        }
        assertEquals("not a log", Files.readString(notADirectory));
    }

    @Test
    void a_read_only_open_of_a_store_without_a_log_creates_nothing_and_reports_no_damage() throws IOException {
        ChronicleSessionStore.open(dir, onePartition()).close();
        DamagedStoreTest.deleteTree(dir.resolve("log"));
        Files.delete(dir.resolve("index.checkpoint"));
        Files.delete(dir.resolve("ledger.checkpoint"));
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(Optional.empty(), reader.damage());
            assertEquals(List.of(), reader.sessions(SessionQuery.all()));
        }
        assertTrue(!Files.exists(dir.resolve("log")), "a read-only open created the log");
    }
}
