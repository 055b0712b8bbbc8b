package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the code before partitions existed (store format 1, a fixture in
 * {@code src/test/resources/format1/}) opens unchanged as a store of one partition: the same events
 * at the same positions, in partition 0, whatever the options ask new stores to have, and it stays
 * laid out and numbered as it was.
 */
class Format1StoreTest {
    @TempDir
    Path dir;

    private List<String> expected;

    @BeforeEach
    void unpackTheFixture() throws IOException {
        unzip("/format1/store.zip", dir);
        expected = new String(resource("/format1/events.txt").readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void a_writer_reads_every_event_at_the_position_the_old_code_gave_it() {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.quiet().withPartitions(8))) {
            assertEquals(1, store.partitions(), "an existing store keeps the count it was created with");
            assertEquals(expected, described(store));
        }
    }

    @Test
    void a_read_only_open_reads_every_event_at_the_position_the_old_code_gave_it() {
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(1, store.partitions());
            assertTrue(store.damage().isEmpty());
            assertEquals(expected, described(store));
            assertEquals(4, store.sessions(SessionQuery.all()).size());
        }
    }

    @Test
    void the_old_store_recovers_and_goes_on_in_its_own_layout_and_numbering() throws IOException {
        SessionId open = SessionId.of("fixture-2");
        long lastOldPosition = Long.parseLong(expected.get(expected.size() - 1).split(" ")[2]);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.quiet().withPartitions(8))) {
            List<RecordedEvent> ended = store.read(open, 9, 1);
            ModelCallFailed interrupted = assertInstanceOf(ModelCallFailed.class, ended.get(0).event(),
                    "the call the old writer left open is ended by recovery");
            assertEquals(FailureKind.INTERRUPTED, interrupted.kind());
            AppendResult next = store.append(SessionId.of("fixture-4"), ExpectedSequence.exactly(7),
                    List.of(message("after-the-upgrade"))).join();
            assertEquals(8, next.firstSequence());
            assertTrue(next.position() > lastOldPosition, "positions go on increasing in the same log");
            List<RecordedEvent> all = new CopyOnWriteArrayList<>();
            try (Subscription subscription = store.subscribe(SubscriptionRequest.allFromStart(), all::add)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (all.size() < expected.size() + 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(expected.size() + 2, all.size());
                assertEquals(StoreCursor.start().withNextPosition(0, next.position() + 1), subscription.cursor());
            }
            assertTrue(store.verify().isEmpty(), store.verify().toString());
        }
        assertFalse(Files.exists(dir.resolve("partitions")), "no partition directories in a store of one partition");
        assertTrue(Files.readString(dir.resolve("sessionlog-store.properties")).contains("format=1"));
        try (ChronicleSessionStore reopened = ChronicleSessionStore.openReadOnly(dir)) {
            List<String> described = described(reopened);
            assertEquals(expected.subList(0, 8), described.subList(0, 8), "fixture-1 unchanged");
        }
    }

    /** Every event of the fixture's sessions as {@code events.txt} lists them. */
    private static List<String> described(ChronicleSessionStore store) {
        List<String> lines = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            SessionId session = SessionId.of("fixture-" + s);
            for (RecordedEvent event : store.read(session, 1, 1000)) {
                if (event.partition() != 0) {
                    throw new AssertionError("event in partition " + event.partition());
                }
                lines.add(session.value() + " " + event.sequence() + " " + event.position() + " "
                        + event.event().getClass().getSimpleName());
            }
        }
        return lines.stream().filter(line -> !line.contains("ModelCallFailed")).toList();
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(Format1StoreTest.class.getResourceAsStream(name), name);
    }

    private static void unzip(String name, Path target) {
        try (ZipInputStream zip = new ZipInputStream(resource(name))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
