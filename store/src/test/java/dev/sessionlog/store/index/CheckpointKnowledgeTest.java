package dev.sessionlog.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.store.log.Positions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the checkpoints know of the log, read from the index checkpoint or, without one, from the
 * ledger checkpoint: the same sessions lost either way, across pages of rows, and nothing lost that
 * compaction removed or a taken-over index extended.
 */
class CheckpointKnowledgeTest {
    /** Three pages of rows (1,024 a page) and a part. */
    private static final int SESSIONS = 2_500;
    private static final int CYCLE = 20_000;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    private static SessionId id(int i) {
        return SessionId.of(i % 2 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", i) : "session-" + i);
    }

    private static int events(int i) {
        return 1 + i % 7; // some longer than the positions a row holds inline
    }

    /** Record {@code n} of the log: day {@code CYCLE}, or the day after for the second half of the sessions. */
    private static long record(int session, int n) {
        return RollCycles.FAST_DAILY.toIndex(session < SESSIONS / 2 ? CYCLE : CYCLE + 1, (long) session * 8 + n);
    }

    /** Every session with all its events, one record each, but session {@code shortOne} cut to {@code keep} events. */
    private static PositionIndex log(int shortOne, int keep) {
        PositionIndex index = new PositionIndex();
        for (int i = 0; i < SESSIONS; i++) {
            int n = i == shortOne ? keep : events(i);
            for (int sequence = 1; sequence <= n; sequence++) {
                index.addRecord(id(i), sequence, 1, false, record(i, sequence));
            }
        }
        return index;
    }

    @Test
    void sessions_the_index_checkpoint_names_beyond_what_the_log_holds_are_lost() throws IOException {
        PositionIndex checkpointed = log(-1, 0);
        checkpointed.coveredUpTo(record(SESSIONS - 1, events(SESSIONS - 1)));
        IndexCheckpoint.write(dir, checkpointed.snapshot());

        CheckpointKnowledge knowledge = CheckpointKnowledge.read(dir);
        assertTrue(knowledge.indexCheckpoint().isPresent());
        assertFalse(knowledge.isEmpty());
        assertEquals(List.of(), knowledge.missingFrom(log(-1, 0), CYCLE));
        assertEquals(List.of(new LostEvents(id(2_047), 3, events(2_047))),
                knowledge.missingFrom(log(2_047, 2), CYCLE), "a session of the third page cut short");
        assertEquals(List.of(new LostEvents(id(1_030), 1, 2)), knowledge.missingFrom(log(1_030, 0), CYCLE),
                "a session gone");
    }

    @Test
    void without_an_index_checkpoint_the_ledger_checkpoint_tells_the_same_loss() throws IOException {
        List<LedgerState.Session> sessions = new ArrayList<>();
        for (int i = SESSIONS - 1; i >= 0; i--) { // in another order than the log's
            SessionSummary summary = new SessionSummary(id(i), SessionKey.of("agent:main:telegram:direct:" + i),
                    "main", "telegram", SessionSummary.State.IDLE, events(i), 0, 0, null, null, 0, T0, T0, null);
            sessions.add(new LedgerState.Session(summary, Positions.of(record(i, events(i)), 0)));
        }
        LedgerCheckpoint.write(dir, record(SESSIONS - 1, events(SESSIONS - 1)),
                new LedgerState(sessions, new int[0], new int[0], Map.of(), List.of()));

        CheckpointKnowledge knowledge = CheckpointKnowledge.read(dir);
        assertTrue(knowledge.indexCheckpoint().isEmpty());
        assertEquals(List.of(), knowledge.missingFrom(log(-1, 0), CYCLE));
        assertEquals(List.of(new LostEvents(id(2_047), 3, events(2_047))),
                knowledge.missingFrom(log(2_047, 2), CYCLE));

        LedgerCheckpointFormat2.rewrite(dir); // as the version before the rows wrote it
        assertEquals(List.of(new LostEvents(id(2_047), 3, events(2_047))),
                CheckpointKnowledge.read(dir).missingFrom(log(2_047, 2), CYCLE), "format 2");
    }

    @Test
    void sessions_whose_last_event_lies_before_the_first_day_file_were_compacted_not_lost() throws IOException {
        IndexCheckpoint.write(dir, log(-1, 0).snapshot());
        CheckpointKnowledge knowledge = CheckpointKnowledge.read(dir);
        PositionIndex compacted = new PositionIndex();
        for (int i = SESSIONS / 2; i < SESSIONS; i++) {
            for (int sequence = 1; sequence <= events(i); sequence++) {
                compacted.addRecord(id(i), sequence, 1, false, record(i, sequence));
            }
        }
        assertEquals(List.of(), knowledge.missingFrom(compacted, CYCLE + 1), "the first day's files were removed");
        assertEquals(SESSIONS / 2, knowledge.missingFrom(compacted, CYCLE).size(), "the first day is still there");
        assertEquals(SESSIONS, knowledge.missingFrom(new PositionIndex(), CYCLE).size());
        assertEquals(SESSIONS, knowledge.missingFrom(new PositionIndex(), Integer.MAX_VALUE).size(),
                "a log without day files lost every event the checkpoints name");
    }

    @Test
    void an_index_checkpoint_taken_over_and_extended_still_knows_only_what_it_held() throws IOException {
        IndexCheckpoint.write(dir, log(-1, 0).snapshot());
        CheckpointKnowledge knowledge = CheckpointKnowledge.read(dir);
        PositionIndex live = knowledge.indexCheckpoint().orElseThrow();
        live.addRecord(id(3), events(3) + 1, 1, false, record(3, 7));
        live.addRecord(SessionId.of("new-session"), 1, 1, false, record(SESSIONS, 1));
        assertEquals(List.of(), knowledge.missingFrom(live, CYCLE));
        live.remove(id(5));
        assertEquals(List.of(new LostEvents(id(5), 1, events(5))), knowledge.missingFrom(live, CYCLE));
    }

    @Test
    void missing_or_damaged_checkpoints_know_nothing() throws IOException {
        assertTrue(CheckpointKnowledge.read(dir).isEmpty());
        assertEquals(List.of(), CheckpointKnowledge.read(dir).missingFrom(new PositionIndex(), CYCLE));
        IndexCheckpoint.write(dir, log(-1, 0).snapshot());
        Path file = dir.resolve(IndexCheckpoint.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertTrue(CheckpointKnowledge.read(dir).isEmpty(), "a checkpoint failing its CRC is no knowledge");
    }
}
