package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.SubscriptionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChronicleSessionStore#backup}: the copy, its positions, and the destinations it refuses. */
class BackupTest {
    private static final SessionId ONLY = SessionId.of("only");

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    @Test
    void a_backup_of_a_store_of_four_partitions_some_empty_opens_at_the_same_positions_and_cursors() throws Exception {
        Path backup = elsewhere.resolve("backup");
        List<RecordedEvent> original;
        StoreCursor afterFirst;
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet().withPartitions(4))) {
            store.append(ONLY, ExpectedSequence.noSession(), List.of(StoreFixtures.started("only"))).join();
            store.append(ONLY, ExpectedSequence.exactly(1), List.of(StoreFixtures.message("m1"), StoreFixtures.message("m2")))
                    .join();
            original = store.read(ONLY, 1, 10);
            afterFirst = StoreCursor.start().after(original.get(0));
            BackupReport report = store.backup(backup);
            assertEquals(2, report.records());
            assertEquals(3, report.events());
            assertTrue(report.verification().healthy());
        }
        try (ChronicleSessionStore copy = ChronicleSessionStore.openReadOnly(backup)) {
            assertEquals(4, copy.partitions());
            assertEquals(original, copy.read(ONLY, 1, 10));
            List<RecordedEvent> resumed = new CopyOnWriteArrayList<>();
            try (var subscription = copy.subscribe(SubscriptionRequest.allFrom(afterFirst), resumed::add)) {
                for (int i = 0; i < 500 && resumed.size() < 2; i++) {
                    Thread.sleep(10);
                }
            }
            assertEquals(original.subList(1, 3), resumed);
        }
    }

    @Test
    void a_destination_that_exists_is_inside_the_store_or_has_no_parent_directory_is_refused_and_nothing_is_written()
            throws IOException {
        Path existing = Files.createDirectory(elsewhere.resolve("existing"));
        Path file = Files.writeString(elsewhere.resolve("file"), "x");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet().withPartitions(1))) {
            store.append(ONLY, ExpectedSequence.noSession(), List.of(StoreFixtures.started("only"))).join();
            for (Path refused : List.of(existing, file, file.resolve("backup"), dir.resolve("backup"),
                    elsewhere.resolve("missing").resolve("backup"))) {
                BackupFailedException error = assertThrows(BackupFailedException.class, () -> store.backup(refused));
                assertTrue(error.destinationRefused(), error.getMessage());
                assertEquals(refused.toAbsolutePath().normalize().toString(), error.destination());
            }
            assertFalse(Files.exists(dir.resolve("backup")));
            assertFalse(Files.exists(elsewhere.resolve("missing")));
            try (var listing = Files.list(existing)) {
                assertEquals(0, listing.count(), "an existing destination is left as it was");
            }
            Files.createDirectory(elsewhere.resolve("again.incomplete"));
            BackupFailedException interrupted = assertThrows(BackupFailedException.class,
                    () -> store.backup(elsewhere.resolve("again")));
            assertTrue(interrupted.reason().contains("interrupted backup"), interrupted.getMessage());
            assertTrue(Files.isDirectory(elsewhere.resolve("again.incomplete")), "never deleted by a backup");
        }
    }

    @Test
    void a_destination_whose_parent_cannot_be_written_is_refused() throws IOException {
        Path locked = Files.createDirectory(elsewhere.resolve("locked"));
        locked.toFile().setWritable(false, false);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet().withPartitions(1))) {
            store.append(ONLY, ExpectedSequence.noSession(), List.of(StoreFixtures.started("only"))).join();
            // as root every directory is writable to the checks; creating in a read-only place still fails
            Path destination = Files.isWritable(locked) ? Path.of("/proc/sessionlog-backup") : locked.resolve("backup");
            BackupFailedException error = assertThrows(BackupFailedException.class, () -> store.backup(destination));
            assertTrue(error.destinationRefused(), error.getMessage());
            assertFalse(Files.exists(destination));
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }
}
