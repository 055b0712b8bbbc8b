package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.onePartition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.RecordEraser;
import dev.sessionlog.testing.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The states a crash can leave an erasure in, made exactly: the journal written and nothing
 * overwritten yet (the checkpoints still naming the session), or a record half overwritten. The
 * next open for writing finishes the erasure and opens a healthy store.
 */
class ErasureRecoveryTest {
    private static final SessionId DOOMED = SessionId.of("doomed");
    private static final SessionId KEPT = SessionId.of("kept");
    private static final String SECRET = "the doomed session's secret";

    @TempDir
    Path dir;

    /** Writes both sessions, closes the store and returns the journalled erasure of {@link #DOOMED}'s records. */
    private RecordEraser.Erasure journalled() throws IOException {
        Set<Long> records;
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            for (int i = 0; i < 3; i++) {
                store.append(DOOMED, ExpectedSequence.any(), List.of(i == 0 ? StoreFixtures.started("doomed")
                        : UserMessageReceived.text("d" + i, SECRET + " " + i))).join();
                store.append(KEPT, ExpectedSequence.any(), List.of(i == 0 ? StoreFixtures.started("kept")
                        : StoreFixtures.message("k" + i))).join();
            }
            records = store.read(DOOMED, 1, 10).stream().map(e -> Positions.index(e.position()))
                    .collect(Collectors.toSet());
        }
        RecordEraser.Erasure erasure = RecordEraser.locate(dir.resolve("log"), DOOMED, records);
        erasure.journal(dir);
        return erasure;
    }

    private void assertErasedAndHealthy(List<RecordedEvent> keptBefore) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            assertEquals(List.of(), StoreFiles.holding(dir, SECRET));
            assertFalse(Files.exists(dir.resolve("erasure.pending")));
            assertEquals(List.of(), store.verify());
            assertEquals(keptBefore, store.read(KEPT, 1, 10));
            assertTrue(store.summary(DOOMED).isEmpty());
        }
    }

    private List<RecordedEvent> keptEvents() {
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
            return store.read(KEPT, 1, 10);
        }
    }

    @Test
    void an_erasure_journalled_before_a_crash_is_finished_by_the_next_open() throws IOException {
        journalled();
        List<RecordedEvent> keptBefore = keptEvents();
        assertFalse(StoreFiles.holding(dir, SECRET).isEmpty());
        assertErasedAndHealthy(keptBefore);
    }

    @Test
    void a_record_half_overwritten_when_the_process_died_is_erased_whole_by_the_next_open() throws IOException {
        journalled();
        List<RecordedEvent> keptBefore = keptEvents();
        Path day = Files.list(dir.resolve("log")).filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(day);
        int at = indexOf(bytes, (SECRET + " 1").getBytes());
        try (FileChannel channel = FileChannel.open(day, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[8]), at); // the first bytes of the text zeroed, as a cut write leaves them
        }
        assertErasedAndHealthy(keptBefore);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        int at = Bytes.indexOf(haystack, needle);
        if (at < 0) {
            throw new AssertionError("not found");
        }
        return at;
    }
}
