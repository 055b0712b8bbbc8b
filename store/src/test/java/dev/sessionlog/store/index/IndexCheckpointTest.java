package dev.sessionlog.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.log.Positions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void a_checkpoint_round_trips_positions_deletions_and_the_last_index() throws IOException {
        PositionIndex index = new PositionIndex();
        index.addRecord(SessionId.of("a"), 1, 3, false, 10);
        index.addRecord(SessionId.of("b"), 1, 1, true, 11);
        index.addRecord(SessionId.of("a"), 5, 1, false, 12);
        index.coveredUpTo(12);
        IndexCheckpoint.write(dir, index.snapshot());
        PositionIndex read = IndexCheckpoint.read(dir).orElseThrow();
        assertEquals(12, read.lastIndex());
        SessionPositions a = read.session(SessionId.of("a")).orElseThrow();
        assertEquals(5, a.size());
        assertEquals(Positions.of(10, 2), a.position(3));
        assertEquals(Positions.ABSENT, a.position(4));
        assertEquals(Positions.of(12, 0), a.position(5));
        assertTrue(read.session(SessionId.of("b")).orElseThrow().deleted());
    }

    @Test
    void sessions_longer_than_the_positions_a_row_holds_round_trip() throws IOException {
        PositionIndex index = new PositionIndex();
        for (int events = 1; events <= 3 * PositionIndex.INLINE; events++) {
            SessionId session = SessionId.of("s-" + events);
            for (int sequence = 1; sequence <= events; sequence++) {
                index.addRecord(session, sequence, 1, sequence == events && events % 5 == 0, 100L * events + sequence);
            }
        }
        index.coveredUpTo(5_000);
        IndexCheckpoint.write(dir, index.snapshot());
        PositionIndex read = IndexCheckpoint.read(dir).orElseThrow();
        assertEquals(index.sessions().keySet(), read.sessions().keySet());
        for (int events = 1; events <= 3 * PositionIndex.INLINE; events++) {
            SessionPositions positions = read.session(SessionId.of("s-" + events)).orElseThrow();
            assertEquals(events, positions.size());
            assertEquals(events % 5 == 0, positions.deleted());
            for (int sequence = 1; sequence <= events; sequence++) {
                assertEquals(Positions.of(100L * events + sequence, 0), positions.position(sequence));
            }
        }
    }

    @Test
    void a_checkpoint_naming_a_session_twice_or_an_id_not_in_its_stored_form_reads_as_absent() throws IOException {
        for (List<String> ids : List.of(List.of("a", "b", "a"), List.of("Upper"), List.of("a/b"), List.of(""))) {
            CheckpointFile.write(dir, IndexCheckpoint.FILE_NAME, 0x534c4958, 1, out -> {
                out.writeLong(7);
                out.writeInt(ids.size());
                for (String id : ids) {
                    out.writeByte(id.length());
                    out.writeBytes(id);
                    out.writeBoolean(false);
                    out.writeInt(1);
                    out.writeLong(Positions.of(7, 0));
                }
            });
            assertTrue(IndexCheckpoint.read(dir).isEmpty(), ids.toString());
        }
    }

    @Test
    void garbage_truncated_and_hostile_checkpoints_read_as_absent() throws IOException {
        PositionIndex index = new PositionIndex();
        index.addRecord(SessionId.of("a"), 1, 100, false, 1);
        index.coveredUpTo(1);
        IndexCheckpoint.write(dir, index.snapshot());
        Path file = dir.resolve(IndexCheckpoint.FILE_NAME);
        byte[] good = Files.readAllBytes(file);
        for (int length = 0; length < good.length; length += 7) {
            Files.write(file, java.util.Arrays.copyOf(good, length));
            assertTrue(IndexCheckpoint.read(dir).isEmpty(), "truncated to " + length);
        }
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(4096)];
            random.nextBytes(junk);
            Files.write(file, junk);
            assertTrue(IndexCheckpoint.read(dir).isEmpty());
        }
        Files.delete(file);
        assertTrue(IndexCheckpoint.read(dir).isEmpty());
        List<Path> leftovers;
        try (var files = Files.list(dir)) {
            leftovers = files.toList();
        }
        assertEquals(List.of(), leftovers, "no temporary file is left behind");
    }
}
