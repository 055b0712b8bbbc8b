package dev.sessionlog.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.index.IndexCheckpoint;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's checkpoint cadence, watched where the writer takes each checkpoint: saving one is
 * left to the background thread, so the files alone would show only the newest of the checkpoints
 * taken while a save was pending, and which ones depends on the scheduler.
 */
class CheckpointCadenceTest {
    private static final SessionId SESSION = SessionId.of("cadence");
    private static final int EVERY = 10;

    @TempDir
    Path dir;

    @Test
    void checkpoints_are_spaced_by_the_interval_or_a_quarter_of_what_they_cover() throws IOException {
        WriterSettings settings = new WriterSettings(false, 1024, 1 << 20, EVERY, IllegalStateException::new);
        List<Long> taken = new CopyOnWriteArrayList<>();
        List<Long> covered;
        try (QueueHandle queue = QueueHandle.forWriting(dir.resolve("log"), StoreMetadata.load(dir, true).get(),
                false)) {
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Recovery.Recovered recovered = Recovery.forWriting(dir, queue, reader, Clock.systemUTC());
            SingleWriter writer = new SingleWriter(dir, queue, recovered.index(), recovered.ledger(),
                    EventCodec.standard(), settings);
            writer.checkpointer().onTaken(snapshot -> taken.add(events(snapshot)));
            try (writer) {
                writer.start().join();
                writer.submit(SESSION, ExpectedSequence.noSession(), List.of(NewEvent.of(
                        SessionStarted.initial(new SessionKey("agent:main:test:cadence"), "main", "test")))).join();
                for (int i = 0; i < 1_000; i++) {
                    writer.submit(SESSION, ExpectedSequence.any(),
                            List.of(NewEvent.of(UserMessageReceived.text("m" + i, "hello m" + i)))).join();
                }
                covered = List.copyOf(taken);
            }
        }
        assertEquals(EVERY, covered.get(0), "the first checkpoint comes after the interval");
        for (int i = 1; i < covered.size(); i++) {
            long gap = covered.get(i) - covered.get(i - 1);
            assertTrue(gap >= Math.max(EVERY, covered.get(i - 1) / 4),
                    "checkpoints at " + covered + ": a gap of " + gap + " after " + covered.get(i - 1));
        }
        assertTrue(covered.size() < 25, "1,001 events took " + covered.size() + " checkpoints: " + covered);
        assertEquals(covered.size() + 1, taken.size(), "close takes one more checkpoint");
        assertEquals(1_001, taken.get(taken.size() - 1), "close takes a checkpoint of everything");
        assertEquals(1_001, IndexCheckpoint.read(dir).map(index -> events(index.snapshot())).orElse(0L),
                "close writes a checkpoint of everything");
    }

    private static long events(PositionIndex.Snapshot snapshot) {
        return snapshot.events();
    }
}
