package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.failure.FailureKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments, 30 times, alternating SYNC and BUFFERED: every acknowledged event
 * survives, no record is torn, sequences stay gapless, calls left open end as INTERRUPTED, and
 * reopening needs nothing manual.
 */
@Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRecoveryIT {
    private static final int KILLS = 30;

    @TempDir
    Path dir;

    @Test
    void sigkill_at_random_moments_loses_no_acknowledged_event_and_leaves_no_open_call() throws Exception {
        killRepeatedly(dir, KILLS, 1, new Random(20261124L));
    }

    /**
     * Kills a {@link CrashingWriter} of a store of {@code partitions} partitions {@code kills} times,
     * checking the store after each; returns the highest sequence acknowledged for each session.
     */
    static Map<SessionId, Long> killRepeatedly(Path dir, int kills, int partitions, Random random) throws Exception {
        Map<SessionId, Long> acknowledged = new ConcurrentHashMap<>();
        int killedWhileOpening = 0;
        for (int round = 0; round < kills; round++) {
            String durability = round % 2 == 0 ? "SYNC" : "BUFFERED";
            Process child = ChildJvm.start(CrashingWriter.class, dir.toString(), durability, "r" + round, "-",
                    Integer.toString(partitions));
            CountDownLatch ready = new CountDownLatch(1);
            CountDownLatch appending = new CountDownLatch(1);
            Thread acks = new Thread(() -> readAcks(child, acknowledged, ready, appending));
            acks.start();
            if (round % 8 == 7) {
                Thread.sleep(random.nextInt(800)); // may kill it while it opens and recovers
            } else {
                // a slow disk (SYNC syncs each batch) must not make the kill land before any append
                assertTrue(appending.await(60, TimeUnit.SECONDS), "the child acknowledged no append");
                Thread.sleep(random.nextInt(200));
            }
            if (ready.getCount() > 0) {
                killedWhileOpening++;
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            acks.join();
            checkStore(dir, partitions, acknowledged, "round " + round + " (" + durability + ")");
        }
        assertTrue(acknowledged.values().stream().mapToLong(Long::longValue).sum() > kills,
                "the children should have appended something: " + acknowledged + ", killed while opening: "
                        + killedWhileOpening);
        return acknowledged;
    }

    static void readAcks(Process child, Map<SessionId, Long> acknowledged, CountDownLatch ready,
                                 CountDownLatch appending) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acknowledged.merge(SessionId.of(parts[1]), Long.parseLong(parts[2]), Math::max);
                    appending.countDown();
                }
            }
        } catch (java.io.IOException e) {
            // the child was killed mid-line: what was read before counts
        }
    }

    private static void checkStore(Path dir, int partitions, Map<SessionId, Long> acknowledged, String round) {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO)
                .partitions(partitions).diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            assertEquals(partitions, store.partitions(), round);
            assertEquals(List.of(), store.verify(), round + ": no torn or damaged record");
            for (Map.Entry<SessionId, Long> ack : acknowledged.entrySet()) {
                List<RecordedEvent> events = store.read(ack.getKey(), 1, Integer.MAX_VALUE);
                assertTrue(events.size() >= ack.getValue(), round + ": " + ack.getKey() + " has " + events.size()
                        + " events, " + ack.getValue() + " were acknowledged");
                Set<CallId> started = new HashSet<>();
                Map<CallId, Integer> ended = new HashMap<>();
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i + 1, events.get(i).sequence(), round + ": gapless sequences");
                    if (events.get(i).event() instanceof ModelCallStarted s) {
                        started.add(s.callId());
                    } else if (events.get(i).event() instanceof ModelCallCompleted c) {
                        ended.merge(c.callId(), 1, Integer::sum);
                    } else if (events.get(i).event() instanceof ModelCallFailed f) {
                        assertEquals(FailureKind.INTERRUPTED, f.kind());
                        ended.merge(f.callId(), 1, Integer::sum);
                    }
                }
                for (CallId call : started) {
                    assertEquals(1, ended.getOrDefault(call, 0), round + ": call " + call + " has one outcome");
                }
            }
            for (SessionSummary summary : store.sessions(SessionQuery.all())) {
                assertEquals(0, summary.openCalls(), round + ": no call left open in " + summary.sessionId());
            }
        }
    }
}
