package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.store.index.LedgerCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a writer that checkpoints every few events, so that kills land after a checkpoint
 * with more records behind it, and sometimes while a checkpoint is being written: each reopen from
 * the ledger checkpoint holds every acknowledged event, no open call, and answers exactly as a
 * reopen that replays the whole log.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LedgerCheckpointCrashIT {
    private static final int KILLS = 8;
    private static final String CHECKPOINT_EVERY_EVENTS = "8";

    @TempDir
    Path root;

    @Test
    void a_kill_after_a_ledger_checkpoint_loses_nothing_and_reopens_as_a_full_replay_would() throws Exception {
        Path dir = root.resolve("store");
        Random random = new Random(20261125L);
        Map<SessionId, Long> acknowledged = new ConcurrentHashMap<>();
        int restoredFromCheckpoint = 0;
        for (int round = 0; round < KILLS; round++) {
            Process child = ChildJvm.start(CrashingWriter.class, dir.toString(), "BUFFERED", "k" + round,
                    CHECKPOINT_EVERY_EVENTS);
            CountDownLatch ready = new CountDownLatch(1);
            CountDownLatch appending = new CountDownLatch(1);
            Thread acks = new Thread(() -> CrashRecoveryIT.readAcks(child, acknowledged, ready, appending));
            acks.start();
            assertTrue(appending.await(60, TimeUnit.SECONDS), "the child acknowledged no append");
            Thread.sleep(50 + random.nextInt(300));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            acks.join();

            Path replayed = StoreFixtures.copyTree(dir, root.resolve("replayed-" + round));
            Files.deleteIfExists(replayed.resolve(LedgerCheckpoint.FILE_NAME));
            long[] decoded = new long[2];
            Map<SessionId, List<Object>> expected = contents(replayed, acknowledged, "round " + round + ", replayed",
                    decoded, 0);
            Path restored = StoreFixtures.copyTree(dir, root.resolve("restored-" + round));
            assertEquals(expected, contents(restored, acknowledged, "round " + round + ", restored", decoded, 1),
                    "round " + round);
            if (decoded[1] < decoded[0]) {
                restoredFromCheckpoint++;
            }
        }
        assertTrue(restoredFromCheckpoint > 0, "some reopen restored the ledger checkpoint");
    }

    /**
     * Opens the store in {@code dir}, checks that it holds every acknowledged event and no open
     * call, and returns per session its summary and events (payload and sequence); puts the events
     * decoded by the open into {@code decoded[slot]}.
     */
    private static Map<SessionId, List<Object>> contents(Path dir, Map<SessionId, Long> acknowledged, String what,
                                                         long[] decoded, int slot) {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO)
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
        Map<SessionId, List<Object>> contents = new LinkedHashMap<>();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            decoded[slot] = store.decodedEvents();
            for (SessionSummary summary : store.sessions(SessionQuery.all())) {
                assertEquals(0, summary.openCalls(), what + ": no call left open in " + summary.sessionId());
                List<RecordedEvent> events = store.read(summary.sessionId(), 1, Integer.MAX_VALUE);
                assertTrue(events.size() >= acknowledged.getOrDefault(summary.sessionId(), 0L),
                        what + ": every acknowledged event of " + summary.sessionId());
                // updatedAt is the recovery's clock when it ended a call: compare the rest
                contents.put(summary.sessionId(), List.of(summary.lastSequence(), summary.messageCount(),
                        String.valueOf(summary.lastFailure()), summary.state(),
                        events.stream().map(e -> e.sequence() + " " + e.event()).toList()));
            }
        }
        assertEquals(acknowledged.keySet(), contents.keySet(), what + ": every session");
        return contents;
    }
}
