package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.store.internal.IndexCheckpoint;
import dev.sessionlog.store.internal.PositionIndex;
import dev.sessionlog.store.internal.SessionPositions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCadenceTest {
    private static final SessionId SESSION = SessionId.of("cadence");
    private static final int EVERY = 10;

    @TempDir
    Path dir;

    @Test
    void checkpoints_are_spaced_by_the_interval_or_a_quarter_of_what_they_cover() {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().checkpointEveryEvents(EVERY)
                .watchdogInterval(Duration.ZERO).diskReserveBytes(1 << 20).build();
        List<Long> covered = new ArrayList<>();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("cadence"))).join();
            for (int i = 0; i < 1_000; i++) {
                store.append(SESSION, ExpectedSequence.any(), List.of(message("m" + i))).join();
                long events = checkpointedEvents();
                if (events > 0 && (covered.isEmpty() || covered.get(covered.size() - 1) != events)) {
                    covered.add(events);
                }
            }
        }
        assertEquals(EVERY, covered.get(0), "the first checkpoint comes after the interval");
        for (int i = 1; i < covered.size(); i++) {
            long gap = covered.get(i) - covered.get(i - 1);
            assertTrue(gap >= Math.max(EVERY, covered.get(i - 1) / 4),
                    "checkpoints at " + covered + ": a gap of " + gap + " after " + covered.get(i - 1));
        }
        assertTrue(covered.size() < 25, "1,001 events took " + covered.size() + " checkpoints: " + covered);
        assertEquals(1_001, checkpointedEvents(), "close writes a checkpoint of everything");
    }

    private long checkpointedEvents() {
        return IndexCheckpoint.read(dir).map(PositionIndex::sessions)
                .map(sessions -> sessions.values().stream().mapToLong(SessionPositions::size).sum())
                .orElse(0L);
    }
}
