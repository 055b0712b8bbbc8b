package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.callStarted;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.onePartition;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.Usage;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.store.log.StoreMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's verification: one pass that checks every record and every event against the append
 * rules, and the session index against the log. (Damaged bytes: {@code StoreIntegrityTest}.)
 */
class StoreVerificationTest {
    private static final SessionId ALICE = SessionId.of("alice");
    private static final SessionId GONE = SessionId.of("gone");
    private static final SessionId RAW = SessionId.of("raw");

    @TempDir
    Path dir;

    @Test
    void a_store_written_through_its_rules_verifies_healthy_and_counts_what_it_checked() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(ALICE, ExpectedSequence.noSession(), List.of(started("alice"), message("a1"))).join();
            store.append(ALICE, ExpectedSequence.any(), List.of(callStarted("c-1", null))).join();
            store.append(ALICE, ExpectedSequence.any(), List.of(message("a1"))).join(); // a retry: nothing stored
            store.append(GONE, ExpectedSequence.noSession(), List.of(started("gone"), callStarted("c-2", null))).join();
            store.append(GONE, ExpectedSequence.any(), List.of(new SessionEnded(SessionEnded.Reason.DELETED))).join();
            StoreVerification writing = store.verification();
            assertEquals(new StoreVerification(2, 3 + 4, List.of()), writing, "the end cancelled c-2 first");
            assertTrue(writing.healthy());
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            assertEquals(new StoreVerification(2, 3 + 4 + 1, List.of()), store.verification(),
                    "the open ended c-1 as interrupted");
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(new StoreVerification(2, 8, List.of()), reader.verification());
            assertEquals(List.of(), reader.verify());
        }
    }

    @Test
    void events_the_rules_would_have_refused_are_reported_at_their_session_and_sequence() {
        ChronicleSessionStore.open(dir, onePartition()).close();
        writeRecord(RAW, 1, message("first"));
        writeRecord(RAW, 2, new ModelCallCompleted(CallId.of("c-9"), List.of(), Usage.NONE, "stop"));
        writeRecord(RAW, 3, new SessionEnded(SessionEnded.Reason.RESET));
        writeRecord(RAW, 4, message("late"));
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            StoreVerification verification = reader.verification();
            assertEquals(1, verification.sessionsChecked());
            assertEquals(4, verification.eventsChecked());
            List<StoreProblem> problems = verification.problems();
            assertEquals(3, problems.size(), problems::toString);
            assertEvent(problems.get(0), 1, "must be SessionStarted, not UserMessageReceived");
            assertEvent(problems.get(1), 2, "model call \"c-9\" was never started");
            assertEvent(problems.get(2), 4, "has ended (RESET)");
            assertEquals(problems, reader.verify(), "verify() is the verification's problems");
            assertTrue(problems.get(0).position() < problems.get(1).position());
        }
    }

    private static void assertEvent(StoreProblem problem, long sequence, String text) {
        assertEquals(StoreProblem.Kind.EVENT, problem.kind(), problem::toString);
        assertEquals(RAW, problem.session(), problem::toString);
        assertEquals(sequence, problem.sequence(), problem::toString);
        assertTrue(problem.description().contains(text), problem::toString);
    }

    @Test
    void the_old_problem_constructor_makes_a_record_problem_of_no_known_session() {
        StoreProblem problem = new StoreProblem(42, "torn");
        assertEquals(StoreProblem.Kind.RECORD, problem.kind());
        assertNull(problem.session());
        assertEquals(0, problem.sequence());
    }

    /** Appends one event as {@code session}'s record at {@code sequence}, bypassing the store's rules. */
    private void writeRecord(SessionId session, long sequence, SessionEvent event) {
        byte[] payload = EventCodec.standard().encode(new RecordedEvent(0, session, sequence, EventId.random(),
                Instant.now(), event, EventMetadata.EMPTY));
        byte[] record = RecordFormat.encode(session, 0, sequence, List.of(payload));
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve("log"))
                .rollCycle(RollCycles.FAST_DAILY).blockSize(StoreMetadata.BLOCK_SIZE).build();
             ExcerptAppender appender = queue.createAppender();
             DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(record);
        }
    }
}
