package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.StoreReadOnlyException;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.spi.Partitioning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Erasure ({@link ChronicleSessionStore#delete}): a deleted session's text is in no byte of any file
 * of the store once {@code delete} returns, while a session sharing its day files stays readable at
 * the same positions.
 */
class ErasureTest {
    private static final String SECRET = "my card pin is 4921, please keep it";
    private static final String SECRET_KEY = "owner-of-pin-4921";
    private static final String KEPT = "a neighbour's message that stays";
    private static final SessionId FORGOTTEN = SessionId.of("forgotten");

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private int partitions = 1;

    private ChronicleSessionStore open() {
        return ChronicleSessionStore.open(dir, quiet().withPartitions(partitions));
    }

    /** A session in the partition of {@link #FORGOTTEN}, so that both share day files. */
    private SessionId neighbour() {
        int partition = Partitioning.partitionOf(FORGOTTEN, partitions);
        SessionId candidate = SessionId.of("kept");
        for (int n = 1; Partitioning.partitionOf(candidate, partitions) != partition; n++) {
            candidate = SessionId.of("kept-" + n);
        }
        return candidate;
    }

    /** Both sessions, their records interleaved in the same day file; the store closed (checkpoints written). */
    private SessionId writeBoth() {
        SessionId kept = neighbour();
        try (ChronicleSessionStore store = open()) {
            store.append(FORGOTTEN, ExpectedSequence.noSession(), List.of(
                    SessionStarted.initial(new SessionKey("agent:main:test:" + SECRET_KEY), "main", "test"),
                    UserMessageReceived.text("f1", SECRET))).join();
            store.append(kept, ExpectedSequence.noSession(), List.of(
                    SessionStarted.initial(new SessionKey("agent:main:test:kept"), "main", "test"),
                    UserMessageReceived.text("k1", KEPT))).join();
            store.append(FORGOTTEN, ExpectedSequence.exactly(2), List.of(UserMessageReceived.text("f2", SECRET + " (again)")))
                    .join();
            store.append(kept, ExpectedSequence.exactly(2), List.of(UserMessageReceived.text("k2", KEPT + " (again)")))
                    .join();
        }
        assertFalse(StoreFiles.holding(dir, SECRET).isEmpty(), "the test must find the text before the delete");
        return kept;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void a_deleted_sessions_text_is_in_no_file_of_the_store_and_its_neighbour_stays_readable(int partitionCount) {
        partitions = partitionCount;
        SessionId kept = writeBoth();
        List<RecordedEvent> keptBefore;
        try (ChronicleSessionStore store = open()) {
            keptBefore = store.read(kept, 1, 100);
            assertEquals(3, store.readLast(FORGOTTEN, 10).size());
            assertTrue(store.remembersRecentEventsOf(FORGOTTEN), "the test must find it in the cache first");
            assertEquals(4, store.delete(FORGOTTEN)); // started, two messages, and the end it was given
            assertFalse(store.remembersRecentEventsOf(FORGOTTEN), "the cache of recent reads keeps nothing of it");
            assertEquals(List.of(), StoreFiles.holding(dir, SECRET));
            assertEquals(List.of(), StoreFiles.holding(dir, SECRET_KEY));
            assertEquals(keptBefore, store.read(kept, 1, 100));
            assertEquals(List.of(), store.readLast(FORGOTTEN, 10));
            assertTrue(store.summary(FORGOTTEN).isEmpty());
            assertEquals(List.of(), store.verify());
        }
        assertEquals(List.of(), StoreFiles.holding(dir, SECRET));
        try (ChronicleSessionStore store = open()) {
            assertEquals(keptBefore, store.read(kept, 1, 100));
            assertEquals(List.of(), store.read(FORGOTTEN, 1, 10));
            assertEquals(List.of(), store.verify());
            assertEquals(1, store.append(FORGOTTEN, ExpectedSequence.noSession(), List.of(
                    SessionStarted.initial(new SessionKey("agent:main:test:again"), "main", "test"))).join().firstSequence());
        }
        try (ChronicleSessionStore readOnly = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(keptBefore, readOnly.read(kept, 1, 100));
            assertTrue(readOnly.damage().isEmpty());
        }
    }

    @Test
    void the_deleted_session_is_gone_from_the_index_and_ledger_checkpoints_and_a_full_rebuild_agrees() throws Exception {
        SessionId kept = writeBoth();
        try (ChronicleSessionStore store = open()) {
            store.delete(FORGOTTEN);
        }
        Files.delete(dir.resolve("index.checkpoint"));
        Files.delete(dir.resolve("ledger.checkpoint"));
        try (ChronicleSessionStore store = open()) {
            assertEquals(3, store.read(kept, 1, 100).size());
            assertTrue(store.summary(FORGOTTEN).isEmpty());
            assertEquals(List.of(), store.verify());
        }
    }

    @Test
    void a_backup_taken_before_the_delete_keeps_the_text_and_one_taken_after_does_not() {
        SessionId kept = writeBoth();
        Path before = elsewhere.resolve("before");
        Path after = elsewhere.resolve("after");
        try (ChronicleSessionStore store = open()) {
            store.backup(before);
            store.delete(FORGOTTEN);
            BackupReport report = store.backup(after);
            assertTrue(report.verification().healthy());
        }
        assertFalse(StoreFiles.holding(before, SECRET).isEmpty(), "backups must be rotated for erasure to reach them");
        assertEquals(List.of(), StoreFiles.holding(after, SECRET));
        try (ChronicleSessionStore copy = ChronicleSessionStore.openReadOnly(after)) {
            assertEquals(3, copy.read(kept, 1, 100).size());
            assertTrue(copy.summary(FORGOTTEN).isEmpty());
        }
    }

    @Test
    void deleting_an_unknown_session_fails_and_changes_nothing() {
        SessionId kept = writeBoth();
        try (ChronicleSessionStore store = open()) {
            SessionNotFoundException error = assertThrows(SessionNotFoundException.class,
                    () -> store.delete(SessionId.of("never-seen")));
            assertEquals(SessionId.of("never-seen"), error.session());
            assertEquals(3, store.read(kept, 1, 100).size());
            assertEquals(3, store.read(FORGOTTEN, 1, 100).size());
            store.delete(FORGOTTEN);
            assertThrows(SessionNotFoundException.class, () -> store.delete(FORGOTTEN));
        }
        try (ChronicleSessionStore readOnly = ChronicleSessionStore.openReadOnly(dir)) {
            assertThrows(StoreReadOnlyException.class, () -> readOnly.delete(kept));
        }
    }
}
